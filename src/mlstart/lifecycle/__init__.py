"""The lifecycle file and its rules: model (pure), catalogue, store, evidence, git state.

Modules on the `mlstart status` path (model, store, evidence, gitstate) import no YAML library,
no typing and no dataclasses at run time: status must start in a few tens of milliseconds.
"""

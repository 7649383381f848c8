"""Use cases: create a project, track its lifecycle, update it; ordering and rollback, no printing."""

"""The one large-file limit: no file over it belongs in Git (the hook and the evidence agree)."""

from __future__ import annotations

# MB (MiB) per file. The pre-commit hook refuses a staged file over it (MLSTART_MAX_FILE_MB or
# `git config mlstart.maxFileMB` change it for the hook); the `no_large_files` checks the task
# catalogue writes use the same number; both apply to every path, data and models or not.
LARGE_FILE_MB = 5.0
MB = 1024 * 1024

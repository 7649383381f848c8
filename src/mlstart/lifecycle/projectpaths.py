"""Project paths as the checks see them: real paths inside the project, each folder resolved once.

A check names a path inside the project; a link that leads out of it is never followed (the
check reads as outside). 500 tasks checking files of one folder resolve that folder once, and
the last part alone is tested for a link.
"""

from __future__ import annotations

import os
import stat

from mlstart.core.safeio import confine


class ProjectPaths:
    """Path resolution for Evidence; needs `root` and a `_real_folders` dict."""

    root: str
    _real_folders: dict[str, str | None]

    def _abs(self, path: str) -> str | None:
        """The real path of a project path; None when it leads outside (links resolved)."""
        relative = path.replace("\\", "/")
        folder, _, name = relative.rpartition("/")
        if name in ("", ".", "..") or "\x00" in relative:
            return confine(self.root, relative)
        real_folder = self._real_folder(folder)
        if real_folder is None:
            return None
        real = os.path.join(real_folder, name)
        return confine(self.root, relative) if os.path.islink(real) else real

    def _real_folder(self, folder: str) -> str | None:
        if folder not in self._real_folders:
            self._real_folders[folder] = (
                confine(self.root, folder) if folder else os.path.realpath(self.root)
            )
        return self._real_folders[folder]

    def _lookup(self, path: str) -> tuple[str | None, bool]:
        """(_abs(path), whether it exists), with one lstat for a file that is not a link
        (500 path checks: half the system calls of a link test and an existence test)."""
        relative = path.replace("\\", "/")
        folder, _, name = relative.rpartition("/")
        real_folder = self._real_folder(folder) if name not in ("", ".", "..") else None
        if real_folder is None or "\x00" in relative:
            real = self._abs(path)
            return real, real is not None and os.path.exists(real)
        real = os.path.join(real_folder, name)
        try:
            mode = os.lstat(real).st_mode
        except (OSError, ValueError):
            return real, False
        if stat.S_ISLNK(mode):
            real = confine(self.root, relative)
            return real, real is not None and os.path.exists(real)
        return real, True

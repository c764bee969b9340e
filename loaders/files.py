"""Which files a load reads: every ``*.yaml`` below the data folder, and nothing outside it.

A symbolic link (to a file or a folder) that leads outside the data folder, a broken link and a
``*.yaml`` that is not a regular file (a FIFO would block the load) are located errors. Links to
folders are not descended into: a folder inside ``data/`` is read at its real place, once.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from loaders.errors import LoaderError

log = logging.getLogger(__name__)

SUFFIX = ".yaml"


def display_path(path: Path) -> str:
    """A path as errors show it: relative to the working folder when it is inside it."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def scan(data_dir: Path) -> tuple[list[Path], list[LoaderError]]:
    """The data files below ``data_dir`` in a stable order, and the errors of files that must not be read."""
    root = data_dir.resolve()
    files, errors = [], []
    for folder, dirs, names in os.walk(data_dir):
        here = Path(folder)
        for name in sorted(dirs):
            path = here / name
            if path.is_symlink():
                dirs.remove(name)
                problem = _escapes(path, root)
                if problem:
                    errors.append(LoaderError(display_path(path), 1, 1, f"linked folder {problem}",
                                              "copy the files into the data folder instead of linking them"))
                else:
                    log.info("not following linked folder %s: its files are read where they are", path)
        for name in names:
            path = here / name
            if not name.endswith(SUFFIX):
                continue
            problem = _escapes(path, root) if path.is_symlink() else None
            if problem is None and not path.is_file():
                problem = "is not a regular file"
            if problem:
                errors.append(LoaderError(display_path(path), 1, 1, f"data file {problem}",
                                          "data files are plain YAML files inside the data folder"))
            else:
                files.append(path)
    return sorted(files), errors


def _escapes(link: Path, root: Path) -> str | None:
    """Why the link ``link`` must not be followed, or None when it stays inside ``root``."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # missing target, or a loop of links
        return f"is a broken link (to {os.readlink(link)})"
    if not target.is_relative_to(root):
        return f"is a link to {target}, outside the data folder {root}"
    return None

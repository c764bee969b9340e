"""The embedded Oxigraph store on disk, replaced atomically one generation at a time.

Layout of the store folder::

    <root>/CURRENT              name of the generation being served (switched with os.replace)
    <root>/gen-<hash>/          one complete Oxigraph database per load

A load writes a new generation beside the served one and only then switches ``CURRENT``, so a failed
or interrupted load never touches what is being served. Readers open generations read-only and
notice a switch on their next query. Loading content whose hash is already served does nothing.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
PREFIX = "gen-"


class StoreEmpty(RuntimeError):  # noqa: N818 - names the state, not a failure of the code
    """No generation has been loaded into the store yet."""


class GraphStore:
    """An on-disk store whose content is replaced as a whole (see module docstring)."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self._lock = threading.Lock()
        self._open: tuple[str, ox.Store] | None = None

    # --- which generation is served -----------------------------------------------------------------
    def generation(self) -> str | None:
        """The name of the served generation (``gen-<content hash>``), or None when empty."""
        try:
            name = (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if (self.root / name).is_dir() else None

    def content_hash(self) -> str | None:
        """The content hash of the served generation."""
        gen = self.generation()
        return gen.removeprefix(PREFIX) if gen else None

    # --- writing ------------------------------------------------------------------------------------
    def replace(self, quads: Iterable[ox.Quad], content_hash: str) -> bool:
        """Serve ``quads`` instead of the current content; False (and no work) if the hash is served already."""
        if self.content_hash() == content_hash:
            log.info("store %s already holds content %s", self.root, content_hash[:12])
            return False
        self.root.mkdir(parents=True, exist_ok=True)
        name = PREFIX + content_hash
        target = self.root / name
        building = self.root / f".building-{content_hash}-{os.getpid()}"
        shutil.rmtree(building, ignore_errors=True)
        store = ox.Store(str(building))
        try:
            store.extend(quads)
            store.flush()
            store.optimize()
        finally:
            del store
        shutil.rmtree(target, ignore_errors=True)
        os.replace(building, target)
        previous = self.generation()
        pointer = self.root / f".{CURRENT}.{os.getpid()}"
        pointer.write_text(name + "\n", encoding="utf-8")
        os.replace(pointer, self.root / CURRENT)
        self._prune(keep={name, previous})
        log.info("store %s now serves %s", self.root, name)
        return True

    def _prune(self, keep: set[str | None]) -> None:
        """Remove generations other than the served and the previous one (readers may still hold it)."""
        for path in self.root.iterdir():
            if path.is_dir() and path.name not in keep and (path.name.startswith(PREFIX) or path.name.startswith(".building-")):
                shutil.rmtree(path, ignore_errors=True)

    # --- reading ------------------------------------------------------------------------------------
    def reader(self) -> ox.Store:
        """A read-only Oxigraph store on the served generation, reopened when a load has switched it."""
        gen = self.generation()
        if gen is None:
            raise StoreEmpty(f"the store at {self.root} is empty: run 'soilkg load' first")
        with self._lock:
            if self._open is None or self._open[0] != gen:
                self._open = (gen, ox.Store.read_only(str(self.root / gen)))
            return self._open[1]

    def path_of_generation(self) -> Path:
        """The folder of the served generation (for worker processes that open it themselves)."""
        gen = self.generation()
        if gen is None:
            raise StoreEmpty(f"the store at {self.root} is empty: run 'soilkg load' first")
        return self.root / gen

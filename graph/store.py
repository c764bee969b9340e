"""The embedded Oxigraph store on disk, replaced atomically one generation at a time.

Layout of the store folder::

    <root>/CURRENT              name of the generation being served (switched with os.replace)
    <root>/gen-<hash>/          one complete Oxigraph database per load
    <root>/.lock                held (flock, exclusive) by the one process that is loading

A load takes the lock, writes a new generation beside the served one with the bulk loader and only
then switches ``CURRENT``, so a failed or interrupted load never touches what is being served, and two
loads never interleave: the second waits, then finds its content served or loads its own. Loading
content whose hash is already served does nothing; content whose generation is still on disk is
switched back to without a rebuild. Pruning keeps the served and the previous generation and every
generation a reader has pinned (a shared flock on its folder, see :class:`Pin`).
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

log = logging.getLogger(__name__)

CURRENT = "CURRENT"
PREFIX = "gen-"
BUILDING = ".building-"
LOCK = ".lock"


class StoreEmpty(RuntimeError):  # noqa: N818 - names the state, not a failure of the code
    """No generation has been loaded into the store yet."""


class Pin:
    """A shared flock on a generation folder: pruning leaves a pinned generation alone."""

    def __init__(self, path: Path):
        """Pin ``path``; raises FileNotFoundError if it is gone (or was removed while we waited)."""
        self.path = path
        self._fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_SH)  # waits only while a pruner is removing it
            if os.stat(path).st_ino != os.fstat(self._fd).st_ino:
                raise FileNotFoundError(f"generation {path} was removed")
        except BaseException:
            os.close(self._fd)
            raise

    def release(self) -> None:
        os.close(self._fd)


class GraphStore:
    """An on-disk store whose content is replaced as a whole (see module docstring)."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self._lock = threading.Lock()
        self._open: tuple[str, ox.Store, Pin] | None = None
        self._writer_fd: int | None = None

    # --- which generation is served -----------------------------------------------------------------
    def generation(self) -> str | None:
        """The name of the served generation (``gen-<content hash>``), or None when empty."""
        try:
            name = (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if name.startswith(PREFIX) and (self.root / name).is_dir() else None

    def content_hash(self) -> str | None:
        """The content hash of the served generation."""
        gen = self.generation()
        return gen.removeprefix(PREFIX) if gen else None

    # --- writing (one process at a time) ------------------------------------------------------------
    @contextmanager
    def locked(self) -> Iterator[float]:
        """Hold the store's exclusive write lock; yields the seconds spent waiting for another load."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        started = time.perf_counter()
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.info("waiting for another load of %s to finish", self.root)
                fcntl.flock(fd, fcntl.LOCK_EX)
            self._writer_fd = fd
            yield time.perf_counter() - started
        finally:
            self._writer_fd = None
            os.close(fd)  # releases the lock

    def replace(self, quads: Iterable[ox.Quad], content_hash: str) -> bool:
        """Serve ``quads`` instead of the current content; False (and no work) if the hash is served already."""
        with self.locked():
            if self.content_hash() == content_hash:
                log.info("store %s already holds content %s", self.root, content_hash[:12])
                return False
            if not self.switch_to(content_hash):
                self.write(quads, content_hash)
            return True

    def switch_to(self, content_hash: str) -> bool:
        """Serve the generation of ``content_hash`` if it is still on disk (lock held); False if it is not."""
        self._require_lock()
        if not (self.root / (PREFIX + content_hash)).is_dir():
            return False
        log.info("store %s switches back to content %s, still on disk", self.root, content_hash[:12])
        self._serve(PREFIX + content_hash)
        return True

    def write(self, quads: Iterable[ox.Quad], content_hash: str) -> None:
        """Bulk-load ``quads`` into a new generation and serve it (lock held); on error nothing changes."""
        self._require_lock()
        name = PREFIX + content_hash
        building = self.root / f"{BUILDING}{content_hash}"
        shutil.rmtree(building, ignore_errors=True)
        started = time.perf_counter()
        try:
            store = ox.Store(str(building))
            try:
                store.bulk_extend(quads)
                store.flush()
                store.optimize()
            finally:
                del store  # closes the database before it is moved
            os.replace(building, self.root / name)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        log.info("wrote %s in %.2f s", name, time.perf_counter() - started)
        self._serve(name)

    def _serve(self, name: str) -> None:
        previous = self.generation()
        pointer = self.root / f".{CURRENT}.{os.getpid()}"
        with open(pointer, "w", encoding="utf-8") as out:
            out.write(name + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(pointer, self.root / CURRENT)
        _sync_folder(self.root)
        self._prune(keep={name, previous})
        log.info("store %s now serves %s", self.root, name)

    def _prune(self, keep: set[str | None]) -> None:
        """Remove left-over builds and generations other than ``keep`` that no reader has pinned."""
        for path in self.root.iterdir():
            if path.name.startswith(BUILDING):
                shutil.rmtree(path, ignore_errors=True)
            elif path.name.startswith(f".{CURRENT}."):
                path.unlink(missing_ok=True)
            elif path.name.startswith(PREFIX) and path.name not in keep and path.is_dir():
                _remove_unpinned(path)

    def _require_lock(self) -> None:
        if self._writer_fd is None:
            raise RuntimeError("write to the store only inside 'with store.locked():'")

    # --- reading ------------------------------------------------------------------------------------
    def reader(self) -> ox.Store:
        """A read-only Oxigraph store on the served generation, reopened when a load has switched it.

        The generation stays pinned while it is open here, so no load removes it under this reader.
        """
        for _attempt in range(10):
            gen = self.generation()
            if gen is None:
                raise StoreEmpty(f"the store at {self.root} is empty: run 'soilkg load' first")
            with self._lock:
                if self._open is not None and self._open[0] == gen:
                    return self._open[1]
                try:
                    pin = Pin(self.root / gen)
                except FileNotFoundError:  # pruned between reading CURRENT and pinning: read CURRENT again
                    continue
                try:
                    store = ox.Store.read_only(str(self.root / gen))
                except BaseException:
                    pin.release()
                    raise
                if self._open is not None:
                    self._open[2].release()
                self._open = (gen, store, pin)
                return store
        raise StoreEmpty(f"the store at {self.root} keeps switching; try again")

    def path_of_generation(self) -> Path:
        """The folder of the served generation (for worker processes that open it themselves)."""
        gen = self.generation()
        if gen is None:
            raise StoreEmpty(f"the store at {self.root} is empty: run 'soilkg load' first")
        return self.root / gen


def _remove_unpinned(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("keeping %s: a reader still has it open", path.name)
            return
        shutil.rmtree(path)
    finally:
        os.close(fd)


def _sync_folder(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

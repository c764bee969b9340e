"""Dataset versions: each load that changes the statements served becomes a numbered version.

Recorded beside the store, in ``<store>/versions/``::

    index.json      one entry per version: number, issued (UTC), content hash of the generation,
                    sha256 of its canonical statements, statement counts per named graph, its dump
    <n>.nq.gz       the version's statements as gzipped N-Quads (named graphs kept), for diffs

Dumps are kept for the newest ``keep`` versions; older entries stay in the index without a dump.
Files are written to a temporary name and renamed, under a lock file, so concurrent loads number
their versions one after the other and a crash leaves the previous index intact.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import logging
import os
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from graph.diff import Statement, canonical_statements
from graph.store import GraphStore

log = logging.getLogger(__name__)

FOLDER = "versions"
INDEX = "index.json"
DEFAULT_KEEP = 20


class UnknownVersion(LookupError):  # noqa: N818 - names what was asked for
    """No such version, or its dump is no longer kept."""


@dataclass(frozen=True)
class Version:
    """One dataset version (see module docstring)."""

    number: int
    issued: str
    content: str
    sha256: str
    statements: int
    graphs: dict[str, int]
    dump: str | None

    @property
    def name(self) -> str:
        return str(self.number)


def statements_sha256(statements: set[Statement]) -> str:
    """A hash of the statements that does not depend on order or blank-node labels."""
    lines = sorted(" ".join(term for term in s if term) for s in statements)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    with partial.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


class Releases:
    """The versions recorded for the store at ``store_root``."""

    def __init__(self, store_root: Path | str):
        self.folder = Path(store_root) / FOLDER

    def versions(self) -> list[Version]:
        """Every recorded version, oldest first (none when nothing was recorded)."""
        try:
            entries = json.loads((self.folder / INDEX).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        return [Version(**entry) for entry in entries]

    def get(self, name: str) -> Version:
        """The version numbered ``name`` (``latest`` for the newest)."""
        versions = self.versions()
        if not versions:
            raise UnknownVersion(f"no dataset version is recorded in {self.folder}: run 'soilkg load' first")
        if name == "latest":
            return versions[-1]
        found = [v for v in versions if v.name == name.removeprefix("v")]
        if not found:
            raise UnknownVersion(f"no dataset version '{name}'; known: {', '.join(v.name for v in versions)} (or 'latest')")
        return found[0]

    def for_content(self, content: str | None) -> Version | None:
        """The version whose generation is ``content`` (the store's content hash), if recorded."""
        return next((v for v in reversed(self.versions()) if v.content == content), None) if content else None

    def dump_path(self, version: Version) -> Path:
        if version.dump is None:
            raise UnknownVersion(f"the statements of version {version.name} are no longer kept "
                                 f"(only the newest versions keep their dump; see SOILKG_KEEP_VERSIONS)")
        return self.folder / version.dump

    def statements(self, name: str) -> set[Statement]:
        """The canonical statements of version ``name``, read from its dump."""
        with gzip.open(self.dump_path(self.get(name)), "rb") as handle:
            return canonical_statements(ox.parse(handle, format=ox.RdfFormat.N_QUADS))

    @contextmanager
    def _locked(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / ".lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def record(self, store: GraphStore, keep: int = DEFAULT_KEEP) -> Version:
        """Record what ``store`` serves as a new version unless the newest version has the same statements.

        Returns the version that describes the served content (new or existing).
        """
        with self._locked():
            versions = self.versions()
            content = store.content_hash()
            reader = store.reader()  # raises StoreEmpty
            if versions and versions[-1].content == content:
                return versions[-1]
            quads = list(reader.quads_for_pattern(None, None, None, None))
            sha = statements_sha256(canonical_statements(quads))
            if versions and versions[-1].sha256 == sha:  # same statements in a new generation (e.g. a new loader)
                versions[-1] = Version(**{**asdict(versions[-1]), "content": content})
                self._save(versions)
                return versions[-1]
            number = versions[-1].number + 1 if versions else 1
            dump = f"{number}.nq.gz"
            _write_atomically(self.folder / dump, gzip.compress(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), mtime=0))
            graphs = Counter(_graph_name(q.graph_name) for q in quads)
            version = Version(number, datetime.now(UTC).isoformat(timespec="seconds"), content or "", sha, len(quads),
                              dict(sorted(graphs.items())), dump)
            versions.append(version)
            self._prune(versions, keep)
            self._save(versions)
            log.info("recorded dataset version %d (%d statements)", number, len(quads))
            return version

    def _prune(self, versions: list[Version], keep: int) -> None:
        for i, version in enumerate(versions[:-keep] if keep > 0 else versions):
            if version.dump is not None:
                (self.folder / version.dump).unlink(missing_ok=True)
                versions[i] = Version(**{**asdict(version), "dump": None})

    def _save(self, versions: list[Version]) -> None:
        data = json.dumps([asdict(v) for v in versions], indent=1, ensure_ascii=False).encode()
        _write_atomically(self.folder / INDEX, data)


def _graph_name(graph) -> str:
    return "" if isinstance(graph, ox.DefaultGraph) else graph.value

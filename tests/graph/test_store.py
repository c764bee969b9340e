"""The on-disk store: atomic replacement, no work for unchanged content, export round trip."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from api.cli import main
from graph.namespaces import Iris
from graph.store import GraphStore
from loaders.pipeline import load

Q = ox.NamedNode("urn:test")


def test_loading_unchanged_data_again_does_no_work(tmp_path, fixture_sources):
    store = GraphStore(tmp_path / "store")
    assert load(store, fixture_sources, Iris()).changed is True
    generation = store.generation()
    assert load(store, fixture_sources, Iris()).changed is False
    assert store.generation() == generation


def test_an_interrupted_load_leaves_the_previous_graph_served(tmp_path):
    store = GraphStore(tmp_path / "store")
    store.replace([ox.Quad(Q, Q, ox.Literal("first"))], "a" * 64)

    def broken():
        yield ox.Quad(Q, Q, ox.Literal("second"))
        raise OSError("disk went away")

    with pytest.raises(OSError):
        store.replace(broken(), "b" * 64)
    assert store.content_hash() == "a" * 64
    assert [q.object.value for q in store.reader().quads_for_pattern(None, None, None)] == ["first"]


def test_a_reader_sees_the_new_generation_after_a_load(tmp_path):
    store = GraphStore(tmp_path / "store")
    store.replace([ox.Quad(Q, Q, ox.Literal("first"))], "a" * 64)
    assert len(list(store.reader().quads_for_pattern(None, None, None))) == 1
    store.replace([ox.Quad(Q, Q, ox.Literal("x")), ox.Quad(Q, Q, ox.Literal("y"))], "c" * 64)
    assert len(list(store.reader().quads_for_pattern(None, None, None))) == 2


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("nt", "nt"), ("ttl", "turtle"), ("jsonld", "json-ld")])
def test_export_then_reload_gives_an_isomorphic_graph(tmp_path, repo_store, fmt, rdflib_format):
    out = tmp_path / f"dump.{fmt}"
    assert main(["export", "--store", str(repo_store.root), "--format", fmt, "-o", str(out)]) == 0
    reloaded = ox.Store(str(tmp_path / "reloaded"))
    reloaded.bulk_load(path=str(out), format=ox.RdfFormat.from_extension(fmt))
    original, again = _graph(repo_store.reader()), _graph(reloaded)
    assert len(original) > 1000
    assert isomorphic(original, again), f"{fmt} export differs from the store"
    assert len(Graph().parse(out, format=rdflib_format)) == len(original), "rdflib reads the dump too"


def _graph(store: ox.Store) -> Graph:
    """The union of the store's graphs as one rdflib graph (blank nodes included, hence isomorphism)."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)}
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def test_pruning_spares_a_generation_a_reader_has_open(tmp_path):
    store = GraphStore(tmp_path / "store")
    store.replace([ox.Quad(Q, Q, ox.Literal("a"))], "a" * 64)
    reader = GraphStore(store.root)  # another reader of the same store, e.g. in a server process
    held = reader.reader()
    for content in "bcd":  # each switch prunes what is neither served nor previous
        store.replace([ox.Quad(Q, Q, ox.Literal(content))], content * 64)
    assert sorted(p.name for p in store.root.glob("gen-*")) == ["gen-" + c * 64 for c in "acd"]
    assert [q.object.value for q in held.quads_for_pattern(None, None, None)] == ["a"]
    assert [q.object.value for q in reader.reader().quads_for_pattern(None, None, None)] == ["d"]  # unpins a
    store.replace([ox.Quad(Q, Q, ox.Literal("e"))], "e" * 64)
    assert sorted(p.name for p in store.root.glob("gen-*")) == ["gen-" + c * 64 for c in "de"]


def test_loading_content_still_on_disk_switches_back_without_a_rebuild(tmp_path):
    store = GraphStore(tmp_path / "store")
    store.replace([ox.Quad(Q, Q, ox.Literal("a"))], "a" * 64)
    store.replace([ox.Quad(Q, Q, ox.Literal("b"))], "b" * 64)
    assert store.replace(iter(()), "a" * 64) is True  # no quads given: the generation on disk is served
    assert [q.object.value for q in store.reader().quads_for_pattern(None, None, None)] == ["a"]


def test_writing_without_the_lock_is_refused(tmp_path):
    store = GraphStore(tmp_path / "store")
    with pytest.raises(RuntimeError, match="store.locked"):
        store.write([ox.Quad(Q, Q, ox.Literal("a"))], "a" * 64)
    assert store.generation() is None

"""Shortcut edges derived from the n-ary records, kept in the ``inferred`` named graph.

A flow step ``from -> to`` gives ``from soilkg:passesInformationTo to``; a support relation gives
``supporter soilkg:supports supported``. Keeping them apart lets a query ask for asserted facts only.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib.namespace import RDF

from graph.namespaces import SOILKG, Iris


def derived_quads(quads: list[tuple], iris: Iris) -> list[tuple]:
    """The shortcut edges implied by ``quads``, in the inferred graph."""
    by_subject: dict = defaultdict(lambda: defaultdict(set))
    for s, p, o, _g in quads:
        by_subject[s][p].add(o)
    inferred = iris.graph("inferred")
    out = set()
    for props in by_subject.values():
        types = props[RDF.type]
        if SOILKG.FlowStep in types:
            out |= {(a, SOILKG.passesInformationTo, b, inferred) for a in props[SOILKG.stepFrom] for b in props[SOILKG.stepTo]}
        if SOILKG.SupportRelation in types:
            out |= {(a, SOILKG.supports, b, inferred) for a in props[SOILKG.supporter] for b in props[SOILKG.supported]}
    return sorted(out)

"""Leave one document out: how much of a document's curation does ``soilkg propose`` find?

For each of the three source documents D: the registry is built from the records of the other two
(a record that cites only D is removed; a record that cites D and another document stays, with its
citations of D stripped); ``propose`` runs on D against that registry; its proposals are compared
with the records curated from D (the records of ``data/`` that cite D). Side by side, a plain
baseline proposes a citation wherever a record's label occurs in D exactly as written (case-sensitive,
labels only: no acronyms, no alternative names, no new records, no relations).

Measures, per document and over all three:

* **existing recall** — of the records that stay in the registry, cite D, and have a name a document
  can write (kinds other than support, flow, target, statistic, post; and not a record whose label is
  marked ``supplied`` and that has no acronym or alternative name), the share that get a citation
  proposal (an ambiguous citation counts when the record is among its candidates);
* **new-actor recall** — of the removed records (they cite only D) of group organisation or
  programme that have a name (the same filter as above), the share that a new-record proposal names:
  the proposal's label or acronym equals one of the record's labels (also without a bracketed
  qualifier), alternative names or acronyms, folded as the matcher folds (accents, case, commas, white
  space);
* **relation recall** — of the relations recorded by records citing D, in the terms of
  ``RELATION_FIELDS`` (led_by, member_of, part_of, operated_by, support records, flow steps), between
  two records that have a name (the filter above), the share that a relation proposal states with the
  same type and the same subject and object (a proposed record standing for the removed record it
  names); a support record's relations count for ``supports``, a funding one's also for ``funds``.
  Relations with an end that has no name of its own (a stakeholder group, a map, an area of work) are
  curators' readings of structure rather than statements between two names; their number is printed
  under the table;
* **target recall** — of the distinct (value, target year) pairs of the targets citing D, the share a
  target proposal gives (either may be absent, then on both sides; two curated targets without value or
  year count once);
* **precision** — of all proposals but the document's own record, the share that are right by the
  rules above: a citation of a record that cites D (any candidate of an ambiguous one), a new record
  that names a removed record (of any kind), a relation or a target that matches one curated from D;
  also given for proposals of confidence 0.5 and more.

Run: ``python -m bench.propose [--sources DIR]``. Timing (propose per document, and the Aho-Corasick
matcher against a loop of one compiled regex per name, checked to find the same mentions) is printed
beneath the table.
"""

from __future__ import annotations

import argparse
import re
import time
from dataclasses import dataclass
from pathlib import Path

from api.settings import Settings
from graph.namespaces import Iris
from loaders.pipeline import Sources, registered
from loaders.propose.documents import read_document
from loaders.propose.known import Known
from loaders.propose.matcher import NameMatcher, fold_key, names_of
from loaders.propose.proposals import Proposal
from loaders.propose.proposer import Proposer
from loaders.schema import KIND_TO_GROUP

ROOT = Path(__file__).resolve().parents[1]
UNNAMED = {"support", "flow", "target", "statistic", "post"}
ACTORS = ("organisation", "programme")


@dataclass
class Row:
    """The figures of one held-out document."""

    document: str
    existing: tuple[int, int, int]  # found by us, found by the baseline, of
    actors: tuple[int, int]
    relations: tuple[int, int]
    targets: tuple[int, int]
    precision: tuple[int, int]  # right, of
    confident: tuple[int, int]
    baseline_precision: tuple[int, int]
    seconds: float
    unnamed_relations: int = 0


def _cites(record: dict, file_name: str) -> bool:
    return any(s.get("file") == file_name for s in record.get("sources") or [])


def held_out(full: Known, file_name: str) -> tuple[Known, dict[str, dict]]:
    """The registry without ``file_name`` (records citing only it removed, its citations stripped), and the removed."""
    kept, removed = Known(), {}
    for record_id, record in full.records.items():
        others = [s for s in record.get("sources") or [] if s.get("file") != file_name]
        if not others:
            removed[record_id] = record
            continue
        kept.records[record_id] = {**record, "sources": others}
        kept.paths[record_id] = full.paths[record_id]
    return kept, removed


def _named(record: dict) -> bool:
    if record.get("kind") in UNNAMED:
        return False
    return not ("label" in (record.get("supplied") or {}) and not record.get("acronyms") and not record.get("alt_labels"))


def name_keys(record: dict) -> set[str]:
    return {fold_key(n.form) for n in names_of(record)}


def _proposal_keys(p: Proposal) -> set[str]:
    forms = list(p.record.get("label", {}).values()) + [a for v in (p.record.get("acronyms") or {}).values() for a in v]
    return {fold_key(f) for f in forms}


def _group(record: dict) -> str | None:
    return KIND_TO_GROUP[record["kind"]].name if record.get("kind") in KIND_TO_GROUP else None


def score(full: Known, file_name: str, proposals: list[Proposal], baseline: set[str]) -> Row:
    """Compare proposals for ``file_name`` with its curation (see the module docstring)."""
    kept, removed = held_out(full, file_name)
    curated = {i for i, r in full.records.items() if _cites(r, file_name)}
    existing = {i for i in curated if i in kept.records and _named(full.records[i])}
    standing = {}  # proposal id -> the removed record it names
    for p in proposals:
        if p.type == "record":
            keys = _proposal_keys(p)
            standing[p.id] = next((i for i, r in removed.items() if keys & name_keys(r)), None)
    every = set().union(*(Known({i: full.records[i]}).relations() for i in curated))
    relations = {r for r in every if all(e in full.records and _named(full.records[e]) for e in r[1:])}
    targets = {(full.records[i].get("value"), full.records[i].get("target_year"))
               for i in curated if full.records[i].get("kind") == "target"}

    def right(p: Proposal) -> bool:
        if p.type == "citation":
            return any(c in curated for c in ([p.cites] if p.cites else p.candidates))
        if p.type == "record":
            return standing.get(p.id) is not None
        if p.type == "relation":
            ends = [standing.get(p.relation[k]) or p.relation[k] for k in ("subject", "object")]
            return (p.relation["type"], *ends) in relations
        return (p.record.get("value"), p.record.get("target_year")) in targets

    judged = [p for p in proposals if p.type != "document"]
    cited = {c for p in judged if p.type == "citation" for c in ([p.cites] if p.cites else p.candidates)}
    actors = {i for i, r in removed.items() if _group(r) in ACTORS and _named(r)}
    named = {standing[p.id] for p in judged if p.type == "record" and standing[p.id]}
    found_relations = {(p.relation["type"], *[standing.get(p.relation[k]) or p.relation[k] for k in ("subject", "object")])
                       for p in judged if p.type == "relation"}
    found_targets = {(p.record.get("value"), p.record.get("target_year")) for p in judged if p.type == "target"}
    confident = [p for p in judged if p.confidence >= 0.5]
    return Row(file_name, (len(existing & cited), len(existing & baseline), len(existing)),
               (len(actors & named), len(actors)), (len(relations & found_relations), len(relations)),
               (len(targets & found_targets), len(targets)), (sum(map(right, judged)), len(judged)),
               (sum(map(right, confident)), len(confident)), (len(baseline & curated), len(baseline)), 0.0,
               len(every - relations))


def baseline_citations(known: Known, text: str) -> set[str]:
    """Records whose label (any language) occurs in the text exactly as written."""
    return {i for i, r in known.records.items() for label in (r.get("label") or {}).values()
            if isinstance(label, str) and len(label) > 1 and label in text}


def _share(pair: tuple[int, int]) -> str:
    found, total = pair
    return f"{found}/{total} {100 * found / total:5.1f}%" if total else f"{found}/0    —  "


def render(rows: list[Row]) -> str:
    total = Row("all three", *(tuple(map(sum, zip(*(getattr(r, f) for r in rows), strict=True)))
                               for f in ("existing", "actors", "relations", "targets", "precision", "confident",
                                         "baseline_precision")), sum(r.seconds for r in rows),
                sum(r.unnamed_relations for r in rows))
    head = (f"{'held-out document':26} | {'existing: ours':>16} | {'baseline':>16} | {'new actors':>16} | "
            f"{'relations':>16} | {'targets':>16} | {'precision: ours':>16} | {'ours, conf>=0.5':>16} | {'baseline':>16}")
    lines = [head, "-" * len(head)]
    for r in [*rows, total]:
        lines.append(f"{r.document:26} | {_share(r.existing[::2]):>16} | {_share(r.existing[1:]):>16} | "
                     f"{_share(r.actors):>16} | {_share(r.relations):>16} | {_share(r.targets):>16} | "
                     f"{_share(r.precision):>16} | {_share(r.confident):>16} | {_share(r.baseline_precision):>16}")
    lines.append("baseline: exact case-sensitive label matching; it proposes no new actors, relations or targets (0 found).")
    lines.append(f"not counted: {total.unnamed_relations} curated relations with an end that has no name of its own "
                 f"({', '.join(f'{r.document[:3]}: {r.unnamed_relations}' for r in rows)}).")
    return "\n".join(lines)


def regex_loop(names, text: str) -> set[tuple[int, int]]:
    """The matcher's job done the slow way: one compiled regex per name (case-insensitive but for acronyms)."""
    found = set()
    for name in names:
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, name.form.split())) + r"(?!\w)",
                             0 if name.is_acronym else re.IGNORECASE)
        found.update((m.start(), m.end()) for m in pattern.finditer(text))
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=Path, default=ROOT.parent / "shared" / "sources", help="the source documents")
    args = parser.parse_args(argv)
    settings = Settings()
    compiler = registered(Sources(settings.data_dir, settings.ontology_dir), Iris())
    full = Known({i: dict(located.data) for i, located in compiler.registry.records.items()},
                 {i: Path(located.path) for i, located in compiler.registry.records.items()})
    rows, timing = [], []
    for path in sorted(args.sources.glob("*.txt")):
        document = read_document(path)
        kept, _ = held_out(full, path.name)
        started = time.perf_counter()
        proposals = Proposer(kept, document, path.name).propose()
        seconds = time.perf_counter() - started
        row = score(full, path.name, proposals, baseline_citations(kept, document.text))
        row.seconds = seconds
        rows.append(row)
        names = [n for r in kept.records.values() for n in names_of(r) if n.field != "acronyms"]
        matcher = NameMatcher(names)
        started = time.perf_counter()
        ours = {(m.start, m.end) for m in matcher.find(document.text)}
        automaton = time.perf_counter() - started
        started = time.perf_counter()
        loop = regex_loop(names, document.text)
        timing.append((path.name, seconds, automaton, time.perf_counter() - started, len(names), len(ours - loop)))
    print(render(rows))
    print()
    print(f"{'document':26} | {'propose s':>9} | {'matcher s':>9} | {'regex loop s':>12} | {'ratio':>6} | names | "
          "matcher hits the loop lacks")
    for name, seconds, automaton, loop, count, extra in timing:
        print(f"{name:26} | {seconds:9.2f} | {automaton:9.4f} | {loop:12.4f} | {loop / automaton:5.1f}x | {count:5} | {extra}")


if __name__ == "__main__":
    main()

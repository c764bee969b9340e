"""The ``soilkg propose`` and ``soilkg review`` commands: arguments and what they print.

Exit codes as for the other commands: 0 done, 1 the document, proposals or data are not usable (with
located errors), 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.errors import LoadFailed
from loaders.pipeline import Sources
from loaders.propose.decisions import Decisions, ask
from loaders.propose.documents import DocumentError, read_document
from loaders.propose.known import Known
from loaders.propose.proposals import ProposalsError, read_proposals, write_proposals
from loaders.propose.proposer import Proposer
from loaders.propose.review import Options, ReviewFailed, review

OK, INVALID, USAGE = 0, 1, 2


def propose_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("document", type=Path, help="a .txt, .pdf or .html document")
    parser.add_argument("-o", "--output", type=Path, help="proposals file to write (default: DOCUMENT-STEM.proposals.yaml)")
    parser.add_argument("--language", default="en", help="language tag for the names the document writes (default en)")


def review_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("proposals", type=Path, help="a proposals file written by soilkg propose")
    parser.add_argument("--accept", nargs="+", action="extend", default=[], metavar="ID", help="proposals to accept")
    parser.add_argument("--reject", nargs="+", action="extend", default=[], metavar="ID", help="proposals to reject")
    parser.add_argument("--edit", nargs=2, action="append", default=[], metavar=("ID", "FIELD=VALUE"),
                        help="change a proposal before accepting it (repeat)")
    parser.add_argument("--sources", type=Path, action="append", default=[], metavar="DIR",
                        help="folder of the source documents' texts, to check every quote while validating (repeat)")
    parser.add_argument("--documents", type=Path, help="folder of new documents (default: documents/ beside data/)")
    parser.add_argument("--redistributable", action="store_true",
                        help="the document may be redistributed: keep it in the documents folder")
    parser.add_argument("--file", type=Path, help="data file for the new records (default: where records like them live)")
    parser.add_argument("--document", type=Path, help="where the document is now, if it moved since propose")


def _known(data_dir: Path, ontology_dir: Path) -> Known | None:
    try:
        return Known.from_sources(Sources(data_dir, ontology_dir))
    except LoadFailed as failure:
        for error in failure.errors:
            sys.stderr.write(f"{error}\n")
        sys.stderr.write("the data must be readable before proposals can be made against it\n")
        return None


def run_propose(args: argparse.Namespace, data_dir: Path, ontology_dir: Path) -> int:
    """Read a document and write proposals for review."""
    try:
        document = read_document(args.document)
    except DocumentError as exc:
        sys.stderr.write(f"{exc}\n")
        return INVALID
    known = _known(data_dir, ontology_dir)
    if known is None:
        return INVALID
    name = document.path.name if document.format == "text" else f"{document.path.stem}.txt"
    header = {"path": str(document.path.resolve()), "file": name, "format": document.format, "sha256": document.sha256}
    if document.pages:
        header["pages"] = document.pages
    if name in known.documents:
        header["record"] = known.documents[name]
    proposals = Proposer(known, document, name, args.language).propose()
    output = args.output or Path(f"{document.path.stem}.proposals.yaml")
    write_proposals(output, header, proposals)
    counts = {kind: sum(p.type == kind for p in proposals) for kind in ("document", "citation", "record", "relation", "target")}
    sys.stdout.write(f"wrote {len(proposals)} proposals to {output}: " + ", ".join(f"{n} {k}" for k, n in counts.items())
                     + f" (from {len(document.sentences)} sentences)\n")
    return OK


def run_review(args: argparse.Namespace, data_dir: Path, ontology_dir: Path) -> int:
    """Accept, reject or edit proposals; write the accepted ones into data/ and validate."""
    decisions = Decisions(list(args.accept), list(args.reject), [(i, e) for i, e in args.edit])
    if not decisions.ids():
        if not sys.stdin.isatty():
            sys.stderr.write("nothing to do: give --accept, --reject or --edit, or run on a terminal to be asked\n")
            return USAGE
        try:
            _, proposals = read_proposals(args.proposals)
        except ProposalsError as exc:
            sys.stderr.write(f"{exc}\n")
            return INVALID
        decisions = ask(proposals, input, sys.stdout)
    options = Options(data_dir, ontology_dir, args.documents or data_dir.resolve().parent / "documents",
                      list(args.sources), args.redistributable, args.file, args.document)
    try:
        outcome = review(args.proposals, decisions, options)
    except ReviewFailed as failure:
        for error in failure.errors:
            sys.stderr.write(f"{error}\n")
        sys.stderr.write("nothing was written to the data\n")
        return INVALID
    sys.stdout.write(f"accepted {len(outcome.accepted)}, rejected {len(outcome.rejected)}\n")
    for path in outcome.files:
        sys.stdout.write(f"  wrote {path}\n")
    if outcome.files:
        checked = "every quote checked" if outcome.quotes_checked else \
            "new quotes checked against the document; give --sources DIR to check all quotes"
        sys.stdout.write(f"data valid: {outcome.statements} statements ({checked})\n")
    return OK


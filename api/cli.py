"""The ``soilkg`` command line: validate, load, query, export, serve.

Exit codes: 0 success, 1 the data or the query is invalid, 2 internal or usage error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from api.settings import Settings
from graph.store import GraphStore, StoreEmpty
from loaders.errors import LoadFailed
from loaders.pipeline import Sources, compile_data, load, read_source_texts

log = logging.getLogger("soilkg")

OK, INVALID, INTERNAL = 0, 1, 2


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {k: v for k, v in {"store": args.store, "data_dir": args.data}.items() if v is not None}
    return Settings(**overrides)


def _sources(settings: Settings) -> Sources:
    return Sources(settings.data_dir, settings.ontology_dir)


def _report(failure: LoadFailed) -> int:
    for error in failure.errors:
        sys.stderr.write(f"{error}\n")
    sys.stderr.write(f"{len(failure.errors)} error(s); nothing was loaded\n")
    return INVALID


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the data (and, with --sources, every quote against its document)."""
    settings = _settings(args)
    texts = read_source_texts(args.sources) if args.sources else None
    if args.sources and not texts:
        sys.stderr.write(f"no source documents (*.txt) in {args.sources}\n")
        return INTERNAL
    try:
        quads = compile_data(_sources(settings), settings.iris, texts)
    except LoadFailed as failure:
        return _report(failure)
    sys.stdout.write(f"data valid: {len(quads)} statements\n")
    return OK


def cmd_load(args: argparse.Namespace) -> int:
    """Load the data into the store (atomically; no work when unchanged)."""
    settings = _settings(args)
    try:
        changed = load(GraphStore(settings.store), _sources(settings), settings.iris)
    except LoadFailed as failure:
        return _report(failure)
    sys.stdout.write(("loaded into " if changed else "unchanged, already in ") + f"{settings.store}\n")
    return OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="soilkg", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--store", type=Path, help="store folder (default: $SOILKG_STORE or var/store)")
        p.add_argument("--data", type=Path, help="data folder (default: $SOILKG_DATA_DIR or data/)")
        p.set_defaults(func=func)
        return p

    v = command("validate", cmd_validate, cmd_validate.__doc__)
    v.add_argument("--sources", type=Path, help="folder of the source documents; checks every quote")
    command("load", cmd_load, cmd_load.__doc__)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except StoreEmpty as exc:
        sys.stderr.write(f"{exc}\n")
        return INVALID
    except Exception:
        log.exception("internal error")
        return INTERNAL


if __name__ == "__main__":
    sys.exit(main())

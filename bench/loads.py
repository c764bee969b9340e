"""Load time and peak memory of ``soilkg load`` against the raw engine, side by side: ``python -m bench.loads``.

For each scale (1x, 10x, 100x the bundled data, written by :mod:`bench.scale_data`) it runs, each in a
fresh process, with wall time and peak RSS (``wait4``):

* ``soilkg load`` into an empty store (this tree, and with ``--compare-tree DIR`` another checkout's);
* the raw engine on the same content: libyaml (``CSafeLoader``) parses every data file, holding the
  values, then pyoxigraph ``bulk_load``s the N-Quads of the generation ``soilkg load`` wrote
  (flush and optimize, as our store does);
* ``soilkg validate --sources`` (every quote checked against its document).

Ratios are ours / raw. ``--profile N`` adds a cProfile of an in-process load at scale N.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from bench.scale_data import write_scaled
from loaders.yaml_source import read_records

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"
RAW = """
import sys
from pathlib import Path
import pyoxigraph as ox
import yaml
data, nquads, store = sys.argv[1:4]
parsed = [yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader) for p in sorted(Path(data).rglob("*.yaml"))]
db = ox.Store(store)
db.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
db.flush()
db.optimize()
"""


@dataclass(frozen=True)
class Run:
    """One measured process."""

    seconds: float
    cpu: float  # user + system seconds
    peak_mb: float
    code: int | None  # None: stopped at the time limit
    tail: str

    def show(self) -> str:
        if self.code is None:
            return f"{'>' + format(self.seconds, '.0f'):>7} s {'(limit)':>19}"
        if self.code != 0:
            return f"{'exit ' + str(self.code):>9} {'':>19}"
        return f"{self.seconds:7.1f} s {self.cpu:7.1f} s {self.peak_mb:6.0f} MB"


def measure(command: list[str], cwd: Path, limit: float) -> Run:
    """Wall time and peak resident memory of ``command`` (stopped after ``limit`` seconds)."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            elapsed = time.perf_counter() - started
            if pid:
                process.returncode = os.waitstatus_to_exitcode(status)
                break
            if elapsed > limit:
                process.kill()
                _, _, usage = os.wait4(process.pid, 0)
                process.returncode = None
                break
            time.sleep(0.02)
        err.seek(0)
        tail = err.read().decode(errors="replace")[-600:]
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode, tail)


def soilkg(*args: str) -> list[str]:
    """The command line of ``soilkg``; run in a checkout's folder, it uses that checkout's code and ontology."""
    return [sys.executable, "-m", "api.cli", *args]


def alias_bomb_ms() -> float:
    """Milliseconds to reject the classic 9-level alias bomb with a located error."""
    bomb = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            + "".join(f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bomb.yaml"
        path.write_text(bomb)
        started = time.perf_counter()
        _, errors = read_records(path, "bomb.yaml")
        elapsed = (time.perf_counter() - started) * 1000
    assert errors and errors[0].line == 1, errors  # noqa: S101 - the bench measures a refusal, nothing else
    return elapsed


def profile(scale: int, tmp: Path, top: int = 25) -> str:
    """cProfile of an in-process load of ``scale`` times the data: functions by own time."""
    from graph.namespaces import Iris
    from graph.store import GraphStore
    from loaders.pipeline import Sources, load

    data = tmp / f"profile-{scale}"
    write_scaled(scale, data)
    profiler = cProfile.Profile()
    profiler.enable()
    load(GraphStore(tmp / f"profile-store-{scale}"), Sources(data, ROOT / "ontology"), Iris())
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"loaders|graph|pyshacl/validator|yaml_source", top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def raw_engine(tmp: Path, scale: int, data: Path, store: Path, limit: float) -> tuple[int, Run | None]:
    """The number of quads ``soilkg load`` wrote into ``store``, and the raw engine's run on the same quads."""
    if not (store / "CURRENT").exists():
        return 0, None
    written = ox.Store.read_only(str(store / (store / "CURRENT").read_text().strip()))
    quads, nquads = len(written), tmp / f"content-{scale}.nq"
    written.dump(str(nquads), format=ox.RdfFormat.N_QUADS)
    del written
    return quads, measure([sys.executable, "-c", RAW, str(data), str(nquads), str(tmp / f"raw-{scale}")], ROOT, limit)


def row(scale: int, records: int, quads: int, loads: list[Run], raw: Run | None, validates: list[Run]) -> str:
    """One line of the table."""
    line = f"{str(scale) + 'x':>6} {records:>8} {quads:>10} |" + "".join(f" {r.show()} |" for r in loads)
    ours = loads[0]
    if raw is not None and raw.code == 0 and ours.code == 0:
        line += (f" {raw.show()} | {ours.seconds / raw.seconds:5.2f}x {ours.cpu / raw.cpu:5.2f}x"
                 f" {ours.peak_mb / raw.peak_mb:5.2f}x |")
    else:
        line += f" {'n/a':>29} | {'':>6} {'':>6} {'':>6} |"
    return line + "".join(f" {v.show()} |" for v in validates)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,10,100", help="comma-separated multiples of the bundled data")
    parser.add_argument("--validate-scales", default="1,10", help="scales at which validate --sources is timed too")
    parser.add_argument("--compare-tree", type=Path, help="another checkout (e.g. main) measured beside this one")
    parser.add_argument("--limit", type=float, default=1800, help="seconds before a run is stopped")
    parser.add_argument("--profile", type=int, help="print a cProfile of a load at this scale")
    args = parser.parse_args(argv)
    trees = [("this", ROOT)] + ([("other", args.compare_tree.resolve())] if args.compare_tree else [])
    validate_at = {int(s) for s in args.validate_scales.split(",") if s}
    print("loads: raw engine = libyaml parse + pyoxigraph bulk_load of the quads soilkg load wrote"
          + (f"; other = {trees[1][1]}" if len(trees) > 1 else ""))
    print(f"alias bomb (9 levels of 9 aliases) refused with a located error in {alias_bomb_ms():.2f} ms")
    print("each run: wall time, CPU time (user + system), peak RSS; ratios: this load / raw engine (wall, cpu, memory)")
    header = f"{'scale':>6} {'records':>8} {'quads':>10} |" + "".join(f" {n + ' load':>29} |" for n, _ in trees)
    header += f" {'raw engine':>29} | {'wall':>6} {'cpu':>6} {'memory':>6} |"
    print(header + "".join(f" {n + ' validate --sources':>29} |" for n, _ in trees), flush=True)
    with tempfile.TemporaryDirectory(prefix="soilkg-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for scale in (int(s) for s in args.scales.split(",")):
            data = tmp / f"data-{scale}"
            records = write_scaled(scale, data)
            loads, validates = [], []
            for name, tree in trees:
                store = tmp / f"store-{name}-{scale}"
                loads.append(measure(soilkg("load", "--store", str(store), "--data", str(data)), tree, args.limit))
                if scale in validate_at:
                    validates.append(measure(soilkg("validate", "--data", str(data), "--sources", str(SOURCES)),
                                             tree, args.limit))
            quads, raw = raw_engine(tmp, scale, data, tmp / f"store-this-{scale}", args.limit)
            print(row(scale, records, quads, loads, raw, validates), flush=True)
            for what, runs in (("load", loads), ("validate", validates)):
                for (name, _), run in zip(trees, runs, strict=False):
                    if run.code not in (0, None):
                        print(f"  {name} {what} failed: {run.tail}")
        if args.profile:
            print(profile(args.profile, tmp))


if __name__ == "__main__":
    main()

"""How long ``soilkg --help`` takes, side by side with a bare Python start and a start that imports click.

Each command runs ROUNDS times in a fresh process; prints the median of each and its ratio to the bare
start. The ``--help`` of every command must stay well under 0.5 s (lazy imports; see api/cli.py).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 15
COMMANDS = {
    "python -c pass (bare start)": [sys.executable, "-c", "pass"],
    "python -c 'import click'": [sys.executable, "-c", "import click"],
    "soilkg --help": [sys.executable, "-m", "api.cli", "--help"],
    "soilkg query --help": [sys.executable, "-m", "api.cli", "query", "--help"],
}


def median_seconds(command: list[str]) -> float:
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    times = {name: median_seconds(command) for name, command in COMMANDS.items()}
    bare = times["python -c pass (bare start)"]
    print(f"{'command':32} {'median s':>9} {'x bare':>7}")
    for name, seconds in times.items():
        print(f"{name:32} {seconds:9.3f} {seconds / bare:7.1f}")


if __name__ == "__main__":
    main()

"""Run the real ``soilkg`` command line in a child process, on pipes or on a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # colours, cursor moves and line clearing of a terminal


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str  # on a terminal, standard error is mixed into ``out`` (and terminal escapes are removed)


def soilkg(*args: str | Path, env: dict | None = None, cwd: Path = ROOT, timeout: float = 300,
           command: list[str] | None = None) -> Run:
    """``soilkg ARGS`` with standard output and error on pipes."""
    done = subprocess.run([*(command or [sys.executable, "-m", "api.cli"]), *map(str, args)], cwd=cwd,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout)
    return Run(done.returncode, done.stdout, done.stderr)


def soilkg_on_terminal(*args: str | Path, env: dict | None = None, timeout: float = 300, columns: int = 160) -> Run:
    """``soilkg ARGS`` with standard output and error on a pseudo-terminal (what a person sees)."""
    leader, follower = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "api.cli", *map(str, args)], cwd=ROOT, stdin=subprocess.DEVNULL,
                             stdout=follower, stderr=follower,
                             env={**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), **(env or {})})
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], timeout)
        if not ready:
            child.kill()
            raise TimeoutError(f"soilkg {args} did not finish in {timeout} s")
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the child is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    screen = ESCAPES.sub("", b"".join(chunks).decode("utf-8", "replace")).replace("\r\n", "\n")
    return Run(child.wait(timeout=timeout), screen, "")

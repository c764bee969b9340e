"""`soilkg review` on a real terminal (a pseudo-terminal): it asks about each proposal and writes the answers."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import yaml

from tests.propose.test_review import propose

SOILKG = Path(sys.executable).with_name("soilkg")


def converse(command: list[str], answers: list[str], timeout: float = 120.0) -> tuple[int, str]:
    """Run ``command`` on a pseudo-terminal, answering each question as it is asked; its exit code and output."""
    master, slave = pty.openpty()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    output, pending, deadline = b"", list(answers), time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the other side closed: the command ended
                    break
                if not chunk:
                    break
                output += chunk
                if output.rstrip().endswith(b"?") and pending:  # a question is waiting for its answer
                    os.write(master, (pending.pop(0) + "\n").encode())
            elif process.poll() is not None:
                break
        code = process.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return code, output.decode("utf-8", "replace")


def test_review_asks_on_a_terminal_and_writes_what_was_accepted(workspace):
    proposals = propose(workspace)
    pending = yaml.safe_load(proposals.read_text(encoding="utf-8"))["proposals"]
    document, first_citation = pending[0]["id"], pending[1]["id"]
    code, output = converse([str(SOILKG), "review", str(proposals), "--data", str(workspace / "data"),
                             "--documents", str(workspace / "documents")],
                            ["e label.en=Test excerpts", "a", "a", "q"])
    assert code == 0, output
    assert f"[{document}] document" in output and f"[{first_citation}] citation" in output
    assert "accepted 2, rejected 0" in output
    statuses = {p["id"]: p["status"] for p in yaml.safe_load(proposals.read_text(encoding="utf-8"))["proposals"]}
    assert statuses[document] == statuses[first_citation] == "accepted"
    sources = (workspace / "data" / "sources.yaml").read_text(encoding="utf-8")
    assert "label: {en: Test excerpts}" in sources
    assert "supplied: {label: curator (edited in soilkg review)}" in sources  # the new title is not in the quote

"""A real service in its own process, a listener that counts connections, and how to ask both.

``hostile_server`` runs ``python -m api.server`` on the bundled data with small limits (time, memory,
answer bytes, request read time) so that every guard is reached quickly. ``listener`` is a TCP
server on 127.0.0.1 answering any request with a SPARQL result; a query that made the service call
out would show up in its count (and, if answered, in the response as ``LEAK``).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
LIMITS = {"SOILKG_QUERY_TIMEOUT": "4", "SOILKG_QUERY_MEMORY_MB": "700", "SOILKG_MAX_RESULT_BYTES": str(2**20),
          "SOILKG_REQUEST_READ_TIMEOUT": "2", "SOILKG_QUERY_QUEUE_WAIT": "1", "SOILKG_QUERY_QUEUE": "8"}
LEAK_ANSWER = (b'{"head":{"vars":["s","p","o"]},"results":{"bindings":[{"s":{"type":"literal","value":"LEAK"}}]}}')


class Listener:
    """Counts the TCP connections made to it and answers each with a SPARQL JSON result."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.count = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.count += 1
            with conn:
                conn.settimeout(2)
                try:
                    conn.recv(65536)
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                 b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(LEAK_ANSWER) + LEAK_ANSWER)
                except OSError:
                    pass


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def worker_pids(self) -> list[int]:
        """The server's child processes (the query workers, started from any of its threads)."""
        found = []
        for task in Path(f"/proc/{self.process.pid}/task").glob("*"):
            with contextlib.suppress(OSError):
                found += [int(c) for c in (task / "children").read_text().split()]
        return found

    def rss_peak_kib(self) -> int:
        """The server process's peak resident memory (VmHWM), in KiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))


def start_server(store: Path, env: dict[str, str], log: Path) -> Server:
    """``python -m api.server`` on ``store`` in a new process; returns once /health answers."""
    port_file = log.with_suffix(".port")
    port_file.unlink(missing_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "api.server", "--port", "0", "--port-file", str(port_file)], cwd=ROOT,
        env={**os.environ, "SOILKG_STORE": str(store), **env}, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        if port_file.exists() and port_file.read_text():
            url = f"http://127.0.0.1:{port_file.read_text()}"
            if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                return Server(url, process, log)
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the server did not start: {log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def listener() -> Listener:
    return Listener()


@pytest.fixture(scope="session")
def hostile_server(repo_store, tmp_path_factory):
    server = start_server(repo_store.root, LIMITS, tmp_path_factory.mktemp("hostile") / "server.log")
    yield server
    server.process.terminate()
    server.process.wait(timeout=20)
    log = server.log.read_text(errors="replace")
    assert "Traceback" not in log, f"the server logged a traceback:\n{log[-3000:]}"


@pytest.fixture(scope="session")
def client(hostile_server):
    with httpx.Client(base_url=hostile_server.url, timeout=30) as http:
        yield http

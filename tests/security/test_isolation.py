"""The defence behind the query reader: a worker process has no network, and says which guard applied.

Each test runs the engine on a SERVICE query directly (bypassing the reader) in a fresh process, so
what stops the connection is the operating system, measured by the counting listener. The control
run without isolation shows the same query does reach the listener.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
import pyoxigraph as ox
from graph.isolation import isolate_network
guard, why = isolate_network() if sys.argv[2] == "isolate" else ("skipped", "")
try:
    rows = [str(r) for r in ox.Store().query("SELECT * WHERE { SERVICE <" + sys.argv[1] + "> { ?s ?p ?o } }")]
    error = ""
except Exception as exc:
    rows, error = [], str(exc)
print(json.dumps({"guard": guard, "why": why, "rows": rows, "error": error}))
"""


def probe(listener, mode: str, prefix: tuple[str, ...] = ()) -> dict:
    run = subprocess.run([*prefix, sys.executable, "-c", PROBE, listener.url, mode], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_without_isolation_the_engine_does_call_out(listener):
    before = listener.count
    result = probe(listener, "none")
    assert listener.count == before + 1 and "LEAK" in "".join(result["rows"]), "the control should reach the listener"


def test_an_isolated_process_cannot_reach_the_listener(listener):
    before = listener.count
    result = probe(listener, "isolate")
    assert result["guard"] in ("network namespace", "user and network namespace"), result
    assert listener.count == before, "the isolated process reached the listener"
    assert result["rows"] == [] and result["error"]


@pytest.mark.skipif(shutil.which("setpriv") is None or not hasattr(__import__("os"), "geteuid")
                    or __import__("os").geteuid() != 0, reason="needs root and setpriv to drop privileges")
def test_without_privileges_a_user_namespace_is_used(listener):
    before = listener.count
    result = probe(listener, "isolate", ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"))
    if result["guard"] == "none":
        pytest.skip(f"this kernel allows no unprivileged user namespace: {result['why']}")
    assert result["guard"] == "user and network namespace"
    assert listener.count == before


def test_the_service_reports_its_workers_guard(client):
    assert client.get("/health").json()["query_workers"]["network_guard"] in ("network namespace",
                                                                            "user and network namespace")

"""The OpenAPI document describes every response the real service gives (schemathesis, bounded).

A real server process on the bundled data, with limits generous enough that no query runs out of
time, is fuzzed by schemathesis from its own ``/openapi.json``: no 5xx, no status code and no content
type the document does not list. ``SOILKG_SCHEMATHESIS_PHASES=examples,coverage,fuzzing`` adds the
boundary-value phase (about 2,400 requests, several minutes on 2 cores).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.security.conftest import start_server

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def test_schemathesis_finds_no_server_error_and_no_undocumented_response(repo_store, tmp_path):
    server = start_server(repo_store.root, {"SOILKG_QUERY_TIMEOUT": "120", "SOILKG_QUERY_QUEUE_WAIT": "120"},
                          tmp_path / "server.log")
    try:
        run = subprocess.run(
            [str(SCHEMATHESIS), "run", f"{server.url}/openapi.json", "--checks",
             "not_a_server_error,status_code_conformance,content_type_conformance", "--max-examples", "4",
             "--phases", os.environ.get("SOILKG_SCHEMATHESIS_PHASES", "examples,fuzzing"), "--workers", "2",
             "--seed", "8", "--generation-deterministic", "--request-timeout", "150", "--continue-on-failure",
             "--no-color"], cwd=tmp_path, capture_output=True, text=True, timeout=900)
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "0 passed" not in run.stdout.split("generated")[-1][:20], run.stdout[-2000:]

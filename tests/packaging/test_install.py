"""Installed as a new user would: build the sdist and (from it) the wheel, install the wheel into a fresh
virtual environment, and use the ``soilkg`` console script from PATH in an empty folder (pipx-style).

The installed package must find its ontology, data and queries with no setting, keep its store in the
user's data folder (never in site-packages), serve the full graph and refuse an empty one.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from graph.namespaces import Iris
from loaders.pipeline import compile_data
from tests.cli import ROOT, soilkg

BUNDLED = ("ontology", "data", "queries")
# Wheels of the dependencies, kept between runs: a warm install takes seconds instead of minutes
WHEELHOUSE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "soilkg-tests" / "wheels"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def tracked(folder: str) -> set[str]:
    """The files of a top-level folder that git tracks (what a release must carry)."""
    listed = subprocess.run(["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return {line.removeprefix(folder + "/") for line in listed.splitlines()}


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> dict[str, Path]:
    """The sdist and the wheel built from it (``python -m build`` builds the wheel from the sdist)."""
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return {"sdist": next(out.glob("*.tar.gz")), "wheel": next(out.glob("*.whl"))}


def forget_own_wheel() -> None:
    """Keep only the dependencies in the wheelhouse: soilkg's own wheel comes from this build."""
    for path in WHEELHOUSE.glob("soilkg-*.whl"):
        path.unlink()


@pytest.fixture(scope="module")
def user(tmp_path_factory, dist) -> dict:
    """A fresh virtual environment with the wheel installed, a home folder and an empty working folder."""
    root = tmp_path_factory.mktemp("user")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python")]  # this pip, installing into the new venv
    offline = [*pip, "install", "--quiet", "--no-compile", "--no-index", "--find-links", str(WHEELHOUSE), str(dist["wheel"])]
    installed = subprocess.run(offline, capture_output=True, text=True, timeout=300)
    if installed.returncode != 0:  # a cold or outdated wheelhouse: fill it from the registry, then install from it
        WHEELHOUSE.mkdir(parents=True, exist_ok=True)
        forget_own_wheel()  # pip wheel skips a wheel whose file name is already there, and with it the new dependencies
        fetched = subprocess.run([*pip, "wheel", "--quiet", "-w", str(WHEELHOUSE), str(dist["wheel"])],
                                 capture_output=True, text=True, timeout=900)
        forget_own_wheel()
        assert fetched.returncode == 0, fetched.stderr[-3000:]
        installed = subprocess.run(offline, capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr[-3000:]
    (root / "home").mkdir()
    (root / "empty").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SOILKG_", "PYTHON", "VIRTUAL_ENV", "XDG_"))}
    env |= {"HOME": str(root / "home"), "PATH": f"{venv / 'bin'}:/usr/bin:/bin"}
    return {"root": root, "venv": venv, "env": env, "cwd": root / "empty"}


def installed_soilkg(user: dict, *args, cwd: Path | None = None):
    """The console script found on PATH, run from an empty folder."""
    return soilkg(*args, env=user["env"], cwd=cwd or user["cwd"], command=["soilkg"])


def test_wheel_and_sdist_carry_everything_the_service_reads(dist):
    wheel = set(zipfile.ZipFile(dist["wheel"]).namelist())
    for folder in BUNDLED:
        carried = {name.removeprefix(f"core/bundle/{folder}/") for name in wheel if name.startswith(f"core/bundle/{folder}/")}
        assert carried == tracked(folder), f"wheel: {folder}/ differs: {carried ^ tracked(folder)}"
    for folder in ("core/templates", "core/static"):
        carried = {name.removeprefix(folder + "/") for name in wheel if name.startswith(folder + "/")}
        assert carried == tracked(folder), f"wheel: {folder}/ differs: {carried ^ tracked(folder)}"
    with tarfile.open(dist["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for folder in BUNDLED:
        assert {f"{folder}/{name}" for name in tracked(folder)} <= names, f"sdist lacks files of {folder}/"


def test_installed_package_uses_its_own_files_and_a_user_store(user):
    probe = "import core, api.settings as s; c = s.Settings(); print(core.__file__, c.data_dir, c.store, sep='\\n')"
    done = subprocess.run([str(user["venv"] / "bin" / "python"), "-c", probe], cwd=user["cwd"], env=user["env"],
                          capture_output=True, text=True, timeout=60, check=True)
    package, data, store = map(Path, done.stdout.split())
    site = user["venv"] / "lib"
    assert site in package.parents and site in data.parents, "the installed copy must read its own bundled data"
    assert store == Path(user["env"]["HOME"]) / ".local" / "share" / "soilkg" / "store"


def test_installed_command_validates_serves_and_answers_the_full_graph(user, repo_sources, repo_store):
    expected_data = len(compile_data(repo_sources, Iris()))
    validated = installed_soilkg(user, "validate")
    assert validated.code == 0, validated.err
    assert validated.out.startswith(f"data valid: {expected_data} statements")

    full = len(repo_store.reader())
    port = _free_port()
    log = (user["root"] / "serve.log").open("w")
    server = subprocess.Popen(["soilkg", "serve", "--port", str(port)], cwd=user["cwd"], env=user["env"],
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        health = _wait_for_health(f"http://127.0.0.1:{port}", server, user["root"] / "serve.log")
        assert health["status"] == "ok" and health["statements"] == full and health["version"] == "1"
        answer = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": COUNT},
                           headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
        assert int(answer["results"]["bindings"][0]["n"]["value"]) == full
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    counted = installed_soilkg(user, "query", COUNT, "--format", "csv")
    assert counted.code == 0 and counted.out.split() == ["n", str(full)], counted.err
    in_checkout = next(iter(ox.Store.read_only(str(repo_store.path_of_generation())).query(COUNT)))["n"].value
    assert int(in_checkout) == full
    assert not list((user["venv"] / "lib").rglob("CURRENT")), "no store may be written inside site-packages"


def test_installed_command_refuses_an_empty_data_folder_and_store(user):
    empty = user["root"] / "nothing"
    empty.mkdir()
    for command in (["validate"], ["load"], ["serve", "--port", "0"]):
        run = installed_soilkg(user, *command, "--data", empty, "--store", user["root"] / "other-store")
        assert run.code == 1, f"{command}: {run.out}{run.err}"
        assert f"{empty}: error: no data files (*.yaml) in this folder" in run.err
    run = installed_soilkg(user, "query", "ASK {}", "--store", user["root"] / "never-loaded")
    assert run.code == 1 and "is empty: run 'soilkg load' first" in run.err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_health(url: str, server: subprocess.Popen, log: Path, seconds: float = 180) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"soilkg serve stopped:\n{log.read_text()}"
        try:
            answer = httpx.get(f"{url}/health", timeout=2)
            if answer.status_code == 200:
                return answer.json()
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"soilkg serve did not become healthy in {seconds} s:\n{log.read_text()}")

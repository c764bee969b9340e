"""Browser tests: a real uvicorn server on 127.0.0.1 and Debian's headless Chromium driven by Playwright.

The server serves a copy of ``data/`` plus ``tests/web/fixtures/data`` (records with hostile labels),
loaded into a store in a temporary folder. Every page is opened with outside requests blocked and
recorded, and with console errors and page errors collected. Screenshots go to ``tests/artifacts/``.

``SOILKG_TEST_DATA_DIR`` points the tests at another data folder (e.g. a snapshot while ``data/`` is
being edited). Chromium comes from ``bash tests/setup_browser.sh``; without it these tests are skipped.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("SOILKG_TEST_DATA_DIR", ROOT / "data"))
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@dataclass(frozen=True)
class Site:
    base_url: str
    data_dir: Path
    store: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """A soilkg server over data/ plus the hostile-label fixture."""
    tmp = tmp_path_factory.mktemp("web")
    data, store = tmp / "data", tmp / "store"
    shutil.copytree(DATA_DIR, data)
    shutil.copytree(FIXTURE_DATA, data / "zz-web-fixture")
    env = {**os.environ, "SOILKG_STORE": str(store), "SOILKG_DATA_DIR": str(data)}
    loaded = subprocess.run([sys.executable, "-m", "api.cli", "load", "--data", str(data), "--store", str(store)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert loaded.returncode == 0, f"loading the test data failed:\n{loaded.stderr}"
    port = _free_port()
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
                               "--port", str(port), "--log-level", "warning"], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, f"the server stopped: {(tmp / 'server.log').read_text()}"
            assert time.monotonic() < deadline, "the server did not answer /health within 60 s"
            time.sleep(0.2)
        yield Site(base, data, store)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed: run `bash tests/setup_browser.sh`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watched:
    """A page with everything that went wrong on it: JS errors and attempted outside requests."""

    page: object
    base_url: str
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def open(self, path: str):
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
        return response

    def wait_for_networks(self, timeout: float = 20_000) -> None:
        """Wait until every vis network on the page has drawn (and, with physics, stabilised)."""
        self.page.wait_for_function(
            "() => window.soilkg && Object.keys(window.soilkg.networks).length > 0 &&"
            " Object.values(window.soilkg.networks).every(n => n.ready)", timeout=timeout)

    def network(self, dom_id: str) -> dict:
        """Nodes and edges as the page's vis DataSets hold them, and the ids the network has positioned."""
        return self.page.evaluate(
            """id => { const n = window.soilkg.networks[id];
                       return {nodes: n.nodes.get(), edges: n.edges.get(),
                               drawn: Object.keys(n.network.getPositions())}; }""", dom_id)

    def point_at(self, network: str, node: str) -> tuple[float, float]:
        """Page coordinates of a drawn node of the network in element ``#network``, to hover or click it."""
        position = self.page.evaluate(
            "([net, node]) => { const e = window.soilkg.networks[net];"
            " return e.network.canvasToDOM(e.network.getPositions([node])[node]); }", [network, node])
        box = self.page.locator(f"#{network}").bounding_box()
        return box["x"] + position["x"], box["y"] + position["y"]

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        assert not self.errors, f"JavaScript errors: {self.errors}"
        assert not self.outside, f"requests to other hosts: {self.outside}"


@contextmanager
def watch(browser, base_url: str) -> Iterator[Watched]:
    """A new page on ``base_url`` that records JS errors and blocks (and records) requests to other hosts."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    state = Watched(page, base_url)

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            state.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: state.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: state.errors.append(str(e)))
    try:
        yield state
    finally:
        context.close()


@pytest.fixture
def watched(browser, site):
    with watch(browser, site.base_url) as state:
        yield state

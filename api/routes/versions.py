"""``/versions``: the dataset versions (one per load that changed the content) and what changed between two.

HTML for people (``/versions``, ``/versions/{old}/{new}``), JSON for programs (``/api/versions``,
``/api/versions/{old}/{new}``), and each kept version's statements as gzipped N-Quads
(``/versions/{n}/soilkg.nq.gz``). ``latest`` names the newest version.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse

from api.console import compact, display_prefixes
from api.deps import SettingsDep, StoreDep
from api.templating import render_page, root_of
from graph.diff import Diff, diff
from graph.releases import Releases, UnknownVersion, Version

router = APIRouter(tags=["versions"])

GONE = {410: {"description": "the version's statements are no longer kept (see SOILKG_KEEP_VERSIONS)"}}
DIFF_CACHE_SIZE = 8
_diffs: OrderedDict[tuple, Diff] = OrderedDict()
_diffs_lock = threading.Lock()


def _version(releases: Releases, name: str) -> Version:
    try:
        return releases.get(name)
    except UnknownVersion as exc:
        raise HTTPException(404, str(exc)) from exc


def _diff(releases: Releases, old: str, new: str, entity_base: str) -> Diff:
    """The diff of two versions; versions never change once recorded, so a few recent diffs are kept."""
    a, b = _version(releases, old), _version(releases, new)
    key = (str(releases.folder), a.number, a.sha256, b.number, b.sha256, entity_base)
    with _diffs_lock:
        if key in _diffs:
            _diffs.move_to_end(key)
            return _diffs[key]
    try:
        result = diff(releases.statements(a.name), releases.statements(b.name), entity_base,
                      f"version {a.name}", f"version {b.name}")
    except UnknownVersion as exc:
        raise HTTPException(410, str(exc)) from exc
    with _diffs_lock:
        _diffs[key] = result
        while len(_diffs) > DIFF_CACHE_SIZE:
            _diffs.popitem(last=False)
    return result


def _described(request: Request, version: Version, current: str | None) -> dict:
    """A version with its distributions: its own N-Quads dump, plus the live dumps when it is served now."""
    site = str(request.base_url).rstrip("/")
    paths = [(f"{root_of(request)}/versions/{version.name}/soilkg.nq.gz", "application/n-quads", "gzip")] if version.dump else []
    if version.content == current:
        paths.append((f"{root_of(request)}/dumps", "application/json", None))
    dumps = [{"url": site + path, "path": path, "media_type": media, "compression": compression}
             for path, media, compression in paths]
    return {"version": version.name, "issued": version.issued, "content": version.content, "sha256": version.sha256,
            "statements": version.statements, "graphs": version.graphs, "served": version.content == current,
            "distributions": dumps}


@router.get("/api/versions", summary="Every dataset version: number, date, content hash, statements, distributions")
def list_versions(request: Request, store: StoreDep) -> dict:
    current = store.content_hash()
    return {"versions": [_described(request, v, current) for v in reversed(Releases(store.root).versions())]}


@router.get("/api/versions/{old}/{new}", summary="What changed between two versions, record by record, statement by statement",
            responses=GONE)
def version_diff(old: str, new: str, store: StoreDep, settings: SettingsDep) -> dict:
    return _diff(Releases(store.root), old, new, settings.iris.base + "id/").as_json()


@router.get("/versions/{name}/soilkg.nq.gz", summary="The statements of one version (gzipped N-Quads, named graphs kept)",
            response_class=FileResponse, responses={200: {"content": {"application/gzip": {}}}} | GONE)
def version_dump(name: str, store: StoreDep) -> FileResponse:
    releases = Releases(store.root)
    version = _version(releases, name)
    try:
        path = releases.dump_path(version)
    except UnknownVersion as exc:
        raise HTTPException(410, str(exc)) from exc
    return FileResponse(path, media_type="application/gzip", filename=f"soilkg-{version.name}.nq.gz")


@router.get("/versions", response_class=HTMLResponse, include_in_schema=False)
def versions_page(request: Request, store: StoreDep) -> HTMLResponse:
    current = store.content_hash()
    listed = [_described(request, v, current) for v in reversed(Releases(store.root).versions())]
    return render_page(request, "versions.html", title="Dataset versions", versions=listed)


@router.get("/versions/{old}/{new}", response_class=HTMLResponse, include_in_schema=False)
def diff_page(old: str, new: str, request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    result = _diff(Releases(store.root), old, new, settings.iris.base + "id/")
    prefixes = display_prefixes(settings.iris.base)
    return render_page(request, "version_diff.html", title=f"Changes from {result.old} to {result.new}", diff=result,
                       compact=lambda term: compact(term, prefixes), graph_base=settings.iris.base + "graph/",
                       entity_base_iri=settings.iris.base + "id/", old=old, new=new)

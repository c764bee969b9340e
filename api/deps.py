"""Dependencies shared by the routers: the store, the query executor, the settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.settings import Settings
from graph.executor import QueryExecutor
from graph.store import GraphStore


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


def get_executor(request: Request) -> QueryExecutor:
    return request.app.state.executor


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
ExecutorDep = Annotated[QueryExecutor, Depends(get_executor)]

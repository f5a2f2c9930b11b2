"""Dependencies shared by the routes, declared once."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.rate_limit import demo_rate_limit, write_rate_limit
from app.settings import Settings
from glossary.search_index import SearchIndexCache


def get_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as session:
        yield session


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_search_cache(request: Request) -> SearchIndexCache:
    return request.app.state.search_cache


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
SearchCacheDep = Annotated[SearchIndexCache, Depends(get_search_cache)]
# Per-client rate limits (app.rate_limit): a parameter `_: WriteRateLimit`, or dependencies=[WriteRateLimitDep].
WriteRateLimitDep = Depends(write_rate_limit)
DemoRateLimitDep = Depends(demo_rate_limit)
WriteRateLimit = Annotated[None, WriteRateLimitDep]
DemoRateLimit = Annotated[None, DemoRateLimitDep]

"""The JSON API: every page's twin, plus search and export. Handlers only parse, call glossary/ and return."""

import secrets
from typing import Annotated, Literal

from fastapi import APIRouter, Header, HTTPException, Query, Response

from app.auth import bearer_token
from app.deps import SearchCacheDep, SessionDep, SettingsDep
from app.errors import InvalidParameter
from app.routes.edit import etag_of
from app.settings import Settings
from glossary import queries
from glossary.categories import CATEGORY_BY_ID
from glossary.schemas import (
    CategoryList,
    Export,
    SearchResults,
    Suggestions,
    TagList,
    Term,
    TermIndex,
    TermList,
    ZeroResultQueries,
)
from glossary.search import normalize

router = APIRouter(prefix="/api", tags=["glossary"])

NOT_FOUND = {404: {"description": "No term with this slug"}}
# Far past any glossary, and inside SQLite's 64-bit integers (a larger number would fail in the driver: 500).
MAX_OFFSET = 1_000_000_000


def require_admin(settings: Settings, authorization: str | None) -> None:
    if not settings.admin_token:
        raise HTTPException(403, "admin endpoints are off: set GLOSSARY_ADMIN_TOKEN to use them")
    token = bearer_token(authorization)
    if token is None or not secrets.compare_digest(token.encode(), settings.admin_token.encode()):
        raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is required")


def check_search_query(q: str, max_length: int) -> str:
    """The stripped query; raises InvalidParameter when it is blank or too long."""
    if len(q) > max_length:
        raise InvalidParameter("q", f"the query is {len(q)} characters long; at most {max_length} are accepted")
    if not normalize(q):
        raise InvalidParameter("q", "the query is empty")
    return q.strip()


@router.get("/terms", response_model=TermList, summary="List terms, optionally by tag or category")
def list_terms(
    session: SessionDep,
    settings: SettingsDep,
    limit: Annotated[int, Query(ge=1, description="Page size (at most GLOSSARY_MAX_PAGE_SIZE)")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    tag: Annotated[str | None, Query(max_length=100)] = None,
    category: Annotated[str | None, Query(max_length=100)] = None,
) -> TermList:
    if limit > settings.max_page_size:
        raise InvalidParameter("limit", f"at most {settings.max_page_size} terms per page")
    if category is not None and category not in CATEGORY_BY_ID:
        raise InvalidParameter("category", f"unknown category {category!r}; one of {', '.join(CATEGORY_BY_ID)}")
    return queries.list_terms(session, limit=limit, offset=offset, tag=tag, category=category)


@router.get(
    "/terms/{slug}",
    response_model=Term,
    responses={**NOT_FOUND, 304: {"description": "If-None-Match names the current revision"}},
    summary="One term in full; the ETag names its revision (send it as If-Match when editing)",
)
def get_term(
    slug: str, response: Response, session: SessionDep, if_none_match: Annotated[str | None, Header()] = None
) -> Term | Response:
    term = queries.get_term(session, slug)
    etag = etag_of(term.slug, term.revision)
    if if_none_match is not None and etag in [tag.strip() for tag in if_none_match.split(",")]:
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return term


@router.get("/search", response_model=SearchResults, summary="Find terms by name or alias, best first")
def search(
    session: SessionDep,
    settings: SettingsDep,
    cache: SearchCacheDep,
    q: Annotated[str, Query(description="Korean or English: name, alias, abbreviation, 초성, part, typo")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchResults:
    query = check_search_query(q, settings.max_query_length)
    return queries.search_terms(session, cache, query, limit)


@router.get("/suggest", response_model=Suggestions, summary="Autocomplete: the best few terms while typing")
def suggest(
    session: SessionDep,
    settings: SettingsDep,
    cache: SearchCacheDep,
    q: Annotated[str, Query(description="What is in the search box so far")],
    limit: Annotated[int, Query(ge=1, le=20)] = 10,
) -> Suggestions:
    query = check_search_query(q, settings.max_query_length)
    return queries.suggest_terms(session, cache, query, limit)


@router.get(
    "/admin/zero-results",
    response_model=ZeroResultQueries,
    responses={401: {"description": "No or wrong bearer token"}, 403: {"description": "Admin endpoints are off"}},
    summary="Searches that found nothing, most frequent first (text and count only)",
)
def zero_results(
    session: SessionDep,
    settings: SettingsDep,
    authorization: Annotated[str | None, Header()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> ZeroResultQueries:
    require_admin(settings, authorization)
    return queries.zero_result_queries(session, limit)


@router.get("/categories", response_model=CategoryList, summary="The categories with their term counts")
def list_categories(session: SessionDep) -> CategoryList:
    return queries.list_categories(session)


@router.get("/tags", response_model=TagList, summary="Every tag with its term count")
def list_tags(session: SessionDep) -> TagList:
    return queries.list_tags(session)


@router.get("/index/{lang}", response_model=TermIndex, summary="All terms by 초성 (ko) or by first letter (en)")
def term_index(lang: Literal["ko", "en"], session: SessionDep) -> TermIndex:
    return queries.term_index(session, lang)


@router.get("/export", response_model=Export, summary="Every term in full, for backups and other tools")
def export(session: SessionDep) -> Export:
    return queries.export_terms(session)

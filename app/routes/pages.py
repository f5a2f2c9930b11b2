"""HTML pages. Each one calls the same glossary/ function as its JSON twin and links that twin."""

from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from app import seo
from app.deps import SearchCacheDep, SessionDep, SettingsDep
from app.routes.api import check_search_query
from app.templating import render_page
from demos.catalog import CATALOG
from glossary import queries
from glossary.categories import CATEGORY_BY_ID
from glossary.concept_map import concept_map

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep) -> HTMLResponse:
    categories = queries.list_categories(session).categories
    context = {"categories": categories, "demos": list(CATALOG.values()), "json_ld": seo.home_json_ld(request)}
    return render_page(request, "home.html", context, json_url="/api/categories")


@router.get("/terms/{slug}", response_class=HTMLResponse)
def term_page(slug: str, request: Request, session: SessionDep) -> HTMLResponse:
    view = queries.get_term_view(session, slug)
    demos = [CATALOG[demo_id] for demo_id in view.term.demos if demo_id in CATALOG]
    context = {
        "view": view,
        "demos": demos,
        "concept_map": concept_map(view),
        "citation": seo.term_citation(request, view.term),
        "json_ld": seo.term_json_ld(request, view.term),
    }
    return render_page(request, "term.html", context, json_url=f"/api/terms/{slug}")


@router.get("/categories/{category_id}", response_class=HTMLResponse)
def category_page(category_id: str, request: Request, session: SessionDep) -> HTMLResponse:
    category = CATEGORY_BY_ID.get(category_id)
    if category is None:
        raise HTTPException(404)
    terms = queries.list_terms(session, category=category_id)
    return render_page(
        request,
        "term_list.html",
        {
            "heading_ko": category.name_ko,
            "heading_en": category.name_en,
            "terms": terms.items,
            "selection": f"category={category_id}",  # the study page and the exports take the same query
        },
        json_url=f"/api/terms?category={category_id}",
    )


@router.get("/tags", response_class=HTMLResponse)
def tags_page(request: Request, session: SessionDep) -> HTMLResponse:
    return render_page(request, "tags.html", {"tags": queries.list_tags(session).tags}, json_url="/api/tags")


@router.get("/tags/{tag}", response_class=HTMLResponse)
def tag_page(tag: str, request: Request, session: SessionDep) -> HTMLResponse:
    terms = queries.list_terms(session, tag=tag)
    if not terms.items:
        raise HTTPException(404)
    return render_page(
        request,
        "term_list.html",
        {"heading_ko": f"#{tag}", "heading_en": f"#{tag}", "terms": terms.items, "selection": f"tag={quote(tag)}"},
        json_url=f"/api/terms?tag={quote(tag)}",
    )


@router.get("/index/{lang}", response_class=HTMLResponse)
def index_page(lang: Literal["ko", "en"], request: Request, session: SessionDep) -> HTMLResponse:
    index = queries.term_index(session, lang)
    return render_page(request, "index.html", {"index": index}, json_url=f"/api/index/{lang}")


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, session: SessionDep, settings: SettingsDep, cache: SearchCacheDep, q: str = ""
) -> HTMLResponse:
    if not q.strip():
        return render_page(request, "search.html", {"query": "", "results": None})
    query = check_search_query(q, settings.max_query_length)
    results = queries.search_terms(session, cache, query, limit=50)
    context = {"query": query, "results": results.results, "did_you_mean": results.did_you_mean}
    return render_page(request, "search.html", context, json_url=f"/api/search?q={quote(query)}")

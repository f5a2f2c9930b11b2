"""Jinja2 rendering with the interface language, its switch and the page's JSON twin."""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.i18n import LANGUAGE_COOKIE, LANGUAGES, resolve_language, translator
from app.seo import page_meta
from app.static_files import static_url
from glossary.categories import CATEGORY_BY_ID

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600

templates = Jinja2Templates(directory=TEMPLATES_DIR)  # autoescape is on for .html
templates.env.globals["static_url"] = static_url  # {{ static_url("js/x.js") }}: the hashed, long-cached URL
templates.env.globals["page_meta"] = page_meta  # canonical URL, hreflang alternates, OpenGraph locale (app/seo.py)


def _url_in_language(request: Request, lang: str) -> str:
    url = request.url.include_query_params(lang=lang)
    return f"{url.path}?{url.query}"


def render_page(
    request: Request,
    template: str,
    context: dict[str, Any],
    json_url: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    lang = resolve_language(request)
    response = templates.TemplateResponse(
        request,
        template,
        {
            **context,
            "lang": lang,
            "t": translator(lang),
            "json_url": json_url,
            "categories_by_id": CATEGORY_BY_ID,
            "language_urls": {code: _url_in_language(request, code) for code in LANGUAGES},
        },
        status_code=status_code,
    )
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, lang, max_age=LANGUAGE_COOKIE_MAX_AGE, samesite="lax")
    return response

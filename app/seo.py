"""How other sites and tools see our pages: canonical URLs with language alternates, OpenGraph cards, JSON-LD,
citations and the sitemap's list of pages.

Korean is the default language and lives at the bare URL; English is the same URL with ?lang=en (the cookie only
changes what a bare URL shows to one reader). So each page has two canonical URLs, one per language, each naming the
other as its `hreflang` alternate, and the bare URL is `x-default`.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from fastapi import Request
from markupsafe import Markup
from sqlmodel import Session, select

from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, STRINGS, resolve_language
from demos.catalog import CATALOG
from glossary import queries
from glossary.citation import Citation, cite
from glossary.schemas import Term

OG_LOCALES = {"ko": "ko_KR", "en": "en_US"}
GLOSSARY_SET_FRAGMENT = "/#glossary"  # the @id of the DefinedTermSet: the home page, one fragment


def _utc(moment: datetime) -> datetime:
    """Times are stored in UTC; SQLite hands them back without the zone, PostgreSQL with it."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def site_url(request: Request) -> str:
    """The site's public address without a trailing slash: GLOSSARY_PUBLIC_URL, else where the request came."""
    configured = request.app.state.settings.public_url
    return (configured or str(request.base_url)).rstrip("/")


def url_in_language(base: str, path: str, lang: str, params: list[tuple[str, str]] | None = None) -> str:
    """The absolute URL of `path` in `lang`: other query parameters kept, `lang` added for non-default languages."""
    query = [(key, value) for key, value in (params or []) if key != "lang"]
    if lang != DEFAULT_LANGUAGE:
        query.append(("lang", lang))
    return base + quote(path) + (f"?{urlencode(query)}" if query else "")


@dataclass(frozen=True)
class PageMeta:
    canonical: str
    alternates: dict[str, str]  # hreflang (ko, en, x-default) → absolute URL
    locale: str  # OpenGraph locale of this page
    alternate_locale: str


def page_meta(request: Request) -> PageMeta:
    """Canonical URL and language alternates of the page being rendered, in the language it is rendered in."""
    lang = resolve_language(request)
    base = site_url(request)
    params = list(request.query_params.multi_items())
    urls = {code: url_in_language(base, request.url.path, code, params) for code in LANGUAGES}
    other = next(code for code in LANGUAGES if code != lang)
    return PageMeta(
        canonical=urls[lang],
        alternates={**urls, "x-default": urls[DEFAULT_LANGUAGE]},
        locale=OG_LOCALES[lang],
        alternate_locale=OG_LOCALES[other],
    )


def json_ld(data: dict) -> Markup:
    """JSON for a <script type="application/ld+json"> element. `<`, `>` and `&` become \\u escapes (still the same
    JSON), so no text in the data, such as "</script>", can end the element early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def defined_term_set(request: Request, lang: str) -> dict:
    base = site_url(request)
    return {
        "@type": "DefinedTermSet",
        "@id": base + GLOSSARY_SET_FRAGMENT,
        "name": STRINGS["site_name"][lang],
        "description": STRINGS["tagline"][lang],
        "url": url_in_language(base, "/", lang),
        "inLanguage": list(LANGUAGES),
    }


def home_json_ld(request: Request) -> Markup:
    return json_ld({"@context": "https://schema.org", **defined_term_set(request, resolve_language(request))})


def term_json_ld(request: Request, term: Term) -> Markup:
    """A schema.org DefinedTerm for a term page, in the page's language, inside the glossary's DefinedTermSet."""
    lang = resolve_language(request)
    base = site_url(request)
    name, other_name = (term.name_ko, term.name_en) if lang == "ko" else (term.name_en, term.name_ko)
    url = url_in_language(base, f"/terms/{term.slug}", lang)
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "DefinedTerm",
            "@id": url,
            "url": url,
            "name": name,
            "alternateName": [other_name, *term.aliases],
            "description": term.summary_ko if lang == "ko" else term.summary_en,
            "termCode": term.slug,
            "inLanguage": lang,
            "dateModified": _utc(term.updated_at).isoformat(),
            "version": str(term.revision),
            "inDefinedTermSet": defined_term_set(request, lang),
        }
    )


def term_citation(request: Request, term: Term) -> Citation:
    base = site_url(request)
    path = f"/terms/{term.slug}"
    return cite(
        slug=term.slug,
        name_ko=term.name_ko,
        name_en=term.name_en,
        revision=term.revision,
        updated_at=term.updated_at,
        url_ko=url_in_language(base, path, "ko"),
        url_en=url_in_language(base, path, "en"),
        site_ko=STRINGS["site_name"]["ko"],
        site_en=STRINGS["site_name"]["en"],
    )


@dataclass(frozen=True)
class SitemapPage:
    path: str
    lastmod: datetime | None = None


def sitemap_pages(session: Session) -> list[SitemapPage]:
    """Every page worth finding: home, learning pages, indexes, categories, tags, terms and demos (not search)."""
    pages = [SitemapPage(path) for path in ("/", "/path", "/study", "/index/ko", "/index/en", "/tags", "/demos")]
    pages += [SitemapPage(f"/categories/{c.id}") for c in queries.list_categories(session).categories if c.count]
    pages += [SitemapPage(f"/tags/{item.tag}") for item in queries.list_tags(session).tags]
    live = queries.live_terms().subquery()  # two columns, not the definitions
    terms = session.exec(select(live.c.slug, live.c.updated_at).order_by(live.c.slug))
    pages += [SitemapPage(f"/terms/{slug}", updated_at) for slug, updated_at in terms]
    pages += [SitemapPage(f"/demos/{demo_id}") for demo_id in CATALOG]
    return pages

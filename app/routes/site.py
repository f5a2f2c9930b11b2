"""sitemap.xml and robots.txt: the list of pages for search engines, each with its language alternates."""

from xml.etree import ElementTree

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from app.deps import SessionDep
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES
from app.seo import site_url, sitemap_pages, url_in_language

router = APIRouter(include_in_schema=False)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ElementTree.register_namespace("", SITEMAP_NS)
ElementTree.register_namespace("xhtml", XHTML_NS)


@router.get("/sitemap.xml")
def sitemap(request: Request, session: SessionDep) -> Response:
    """One <url> per page and language, each listing every language's URL (itself included) and x-default."""
    base = site_url(request)
    urlset = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for page in sitemap_pages(session):
        urls = {lang: url_in_language(base, page.path, lang) for lang in LANGUAGES}
        alternates = [*urls.items(), ("x-default", urls[DEFAULT_LANGUAGE])]
        for lang in LANGUAGES:
            entry = ElementTree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
            ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = urls[lang]
            if page.lastmod is not None:
                ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = page.lastmod.date().isoformat()
            for hreflang, href in alternates:
                ElementTree.SubElement(
                    entry, f"{{{XHTML_NS}}}link", {"rel": "alternate", "hreflang": hreflang, "href": href}
                )
    body = ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/xml")


@router.get("/robots.txt", response_class=PlainTextResponse)
def robots(request: Request) -> str:
    # Search result pages and the API are endless or duplicate the pages; everything else may be crawled.
    return "\n".join(
        ["User-agent: *", "Disallow: /search", "Disallow: /api/", "Allow: /", "", f"Sitemap: {site_url(request)}/sitemap.xml", ""]
    )

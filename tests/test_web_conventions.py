"""What search engines, link previews and other tools read: canonical URLs with language alternates, OpenGraph and
Twitter cards, schema.org JSON-LD, sitemap.xml and robots.txt."""

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from app.seo import json_ld
from demos.catalog import CATALOG
from glossary.db import ENTRIES_DIR
from tests.conftest import entry_text, make_client

HTML = {"accept": "text/html"}
BASE = "http://testserver"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ALL_SLUGS = sorted(path.stem for path in ENTRIES_DIR.glob("*.md"))


@pytest.fixture(autouse=True)
def no_remembered_language(glossary_client):
    """Bare URLs show Korean: no language cookie left by another test (the client is shared), none left behind."""
    glossary_client.cookies.clear()
    yield
    glossary_client.cookies.clear()


def soup_of(client, path: str, **params) -> BeautifulSoup:
    response = client.get(path, params=params or None, headers=HTML)
    assert response.status_code == 200, path
    return BeautifulSoup(response.text, "html.parser")


def alternates(soup: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in soup.select("head link[rel=alternate][hreflang]")}


def meta(soup: BeautifulSoup, key: str) -> str:
    tag = soup.select_one(f"head meta[property='{key}']") or soup.select_one(f"head meta[name='{key}']")
    assert tag is not None, key
    return tag["content"]


@pytest.mark.parametrize(
    ("path", "query"),
    [("/", ""), ("/terms/perceptron", ""), ("/categories/optimizers", ""), ("/tags", ""), ("/index/ko", ""),
     ("/path", ""), ("/study", ""), ("/demos", ""), ("/search", "q=adam")],
)
def test_every_page_names_its_canonical_url_and_both_languages(glossary_client, path, query):
    bare = BASE + path + (f"?{query}" if query else "")
    english = BASE + path + (f"?{query}&lang=en" if query else "?lang=en")
    for lang, canonical in (("ko", bare), ("en", english)):
        request_path = path + "?" + "&".join(part for part in (query, f"lang={lang}") if part)
        soup = soup_of(glossary_client, request_path)
        assert soup.select_one("head link[rel=canonical]")["href"] == canonical
        assert alternates(soup) == {"ko": bare, "en": english, "x-default": bare}
        assert meta(soup, "og:url") == canonical
        assert meta(soup, "og:locale") == {"ko": "ko_KR", "en": "en_US"}[lang]
        assert meta(soup, "og:locale:alternate") == {"ko": "en_US", "en": "ko_KR"}[lang]


def test_the_cookie_language_gives_the_canonical_url_of_that_language(glossary_client):
    glossary_client.get("/", params={"lang": "en"}, headers=HTML)  # remembered in the cookie
    try:
        soup = soup_of(glossary_client, "/terms/adam")
        assert soup.select_one("link[rel=canonical]")["href"] == BASE + "/terms/adam?lang=en"
    finally:
        glossary_client.get("/", params={"lang": "ko"}, headers=HTML)


def test_term_page_has_an_opengraph_and_twitter_card_with_the_summary(glossary_client):
    term = glossary_client.get("/api/terms/dropout").json()
    for lang in ("ko", "en"):
        soup = soup_of(glossary_client, "/terms/dropout", lang=lang)
        summary = term[f"summary_{lang}"]
        assert meta(soup, "description") == summary
        assert meta(soup, "og:description") == summary and meta(soup, "twitter:description") == summary
        assert meta(soup, "og:type") == "article"
        assert meta(soup, "og:title") == soup.title.get_text(strip=True)
        assert term["name_ko"] in meta(soup, "og:title") and term["name_en"] in meta(soup, "og:title")
        assert meta(soup, "og:site_name") == {"ko": "딥러닝 용어 사전", "en": "Deep Learning Glossary"}[lang]
        assert meta(soup, "twitter:card") == "summary"


def test_term_page_describes_itself_as_a_schema_org_defined_term(glossary_client):
    term = glossary_client.get("/api/terms/batch-normalization").json()
    for lang, name, other in (("ko", term["name_ko"], term["name_en"]), ("en", term["name_en"], term["name_ko"])):
        soup = soup_of(glossary_client, "/terms/batch-normalization", lang=lang)
        [script] = soup.select("script[type='application/ld+json']")
        data = json.loads(script.get_text())
        url = BASE + "/terms/batch-normalization" + ("?lang=en" if lang == "en" else "")
        assert data["@context"] == "https://schema.org" and data["@type"] == "DefinedTerm"
        assert (data["@id"], data["url"], data["name"]) == (url, url, name)
        assert data["alternateName"] == [other, *term["aliases"]]
        assert data["description"] == term[f"summary_{lang}"]
        assert data["termCode"] == "batch-normalization" and data["inLanguage"] == lang
        assert data["version"] == str(term["revision"]) and data["dateModified"].startswith(term["updated_at"][:19])
        assert data["dateModified"].endswith("+00:00")  # with its zone on every database
        glossary_set = data["inDefinedTermSet"]
        assert glossary_set["@type"] == "DefinedTermSet" and glossary_set["@id"] == BASE + "/#glossary"
        assert glossary_set["url"] == BASE + ("/?lang=en" if lang == "en" else "/")


def test_home_page_describes_the_glossary_as_a_defined_term_set(glossary_client):
    soup = soup_of(glossary_client, "/")
    data = json.loads(soup.select_one("script[type='application/ld+json']").get_text())
    assert data["@type"] == "DefinedTermSet" and data["@id"] == BASE + "/#glossary"
    assert data["name"] == "딥러닝 용어 사전" and data["inLanguage"] == ["ko", "en"]


def test_json_ld_cannot_close_its_script_element():
    text = str(json_ld({"name": "</script><script>alert(1)</script>", "note": "a & b <!--"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script>", "note": "a & b <!--"}


def test_error_pages_are_kept_out_of_search_engines(glossary_client):
    response = glossary_client.get("/terms/no-such-term", headers=HTML)
    soup = BeautifulSoup(response.text, "html.parser")
    assert response.status_code == 404
    assert soup.select_one("meta[name=robots]")["content"] == "noindex"
    assert soup.select_one("link[rel=canonical]") is None


def test_sitemap_lists_every_page_in_both_languages_with_alternates(glossary_client):
    response = glossary_client.get("/sitemap.xml")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    entries = {}
    for url in root.findall(f"{SITEMAP}url"):
        links = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        assert all(link.get("rel") == "alternate" for link in url.findall(f"{XHTML}link"))
        lastmod = url.find(f"{SITEMAP}lastmod")
        entries[url.find(f"{SITEMAP}loc").text] = (links, None if lastmod is None else lastmod.text)
    locs = set(entries)
    tags = [item["tag"] for item in glossary_client.get("/api/tags").json()["tags"]]
    categories = [c["id"] for c in glossary_client.get("/api/categories").json()["categories"] if c["count"]]
    pages = ["/", "/path", "/study", "/index/ko", "/index/en", "/tags", "/demos"]
    pages += [f"/terms/{slug}" for slug in ALL_SLUGS] + [f"/tags/{tag}" for tag in tags]
    pages += [f"/categories/{category}" for category in categories] + [f"/demos/{demo}" for demo in CATALOG]
    expected = {BASE + page for page in pages} | {BASE + page + "?lang=en" for page in pages}
    assert locs == expected
    links, lastmod = entries[BASE + "/terms/perceptron?lang=en"]
    assert links == {"ko": BASE + "/terms/perceptron", "en": BASE + "/terms/perceptron?lang=en",
                     "x-default": BASE + "/terms/perceptron"}
    assert lastmod == glossary_client.get("/api/terms/perceptron").json()["updated_at"][:10]
    assert entries[BASE + "/path"][1] is None
    assert not any("/search" in loc or "/api/" in loc for loc in locs)


def test_robots_txt_points_to_the_sitemap(glossary_client):
    response = glossary_client.get("/robots.txt")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /api/" in lines and "Disallow: /search" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines


def test_public_url_setting_replaces_the_request_address_everywhere(database_url: str, tmp_path: Path):
    entries = tmp_path / "entries"
    entries.mkdir()
    for slug, related in (("alpha", ("beta",)), ("beta", ("alpha",))):
        (entries / f"{slug}.md").write_text(entry_text(slug, slug, f"{slug} 한국어", related=related), encoding="utf-8")
    public = "https://glossary.example.org/dl"
    with make_client(database_url, entries, demo_workers=0, public_url=public) as client:
        soup = soup_of(client, "/terms/alpha")
        assert soup.select_one("link[rel=canonical]")["href"] == public + "/terms/alpha"
        assert alternates(soup)["en"] == public + "/terms/alpha?lang=en"
        assert json.loads(soup.select_one("script[type='application/ld+json']").get_text())["url"] == (
            public + "/terms/alpha")
        assert f"Sitemap: {public}/sitemap.xml" in client.get("/robots.txt").text.splitlines()
        assert f"<loc>{public}/terms/beta</loc>" in client.get("/sitemap.xml").text
        csv_text = client.get("/api/export/csv", params={"slugs": "alpha"}).content.decode("utf-8-sig")
        assert csv_text.splitlines()[1].endswith(f",{public}/terms/alpha")


def test_public_url_must_be_an_http_address():
    from pydantic import ValidationError

    from app.settings import Settings

    for wrong in ("glossary.example.org", "ftp://example.org", "https://example.org/?q=1"):
        with pytest.raises(ValidationError):
            Settings(public_url=wrong)

"""HTML pages, parsed: both languages, the remembered language switch, JSON twins, formulas as MathML."""

import json

import pytest
from bs4 import BeautifulSoup

from glossary.db import ENTRIES_DIR

ALL_SLUGS = sorted(path.stem for path in ENTRIES_DIR.rglob("*.md"))
HTML = {"accept": "text/html"}


def page(client, path: str, **params) -> BeautifulSoup:
    response = client.get(path, params=params or None, headers=HTML)
    assert response.status_code == 200, (path, response.status_code)
    assert response.headers["content-type"].startswith("text/html")
    return BeautifulSoup(response.text, "html.parser")


def test_home_has_search_box_categories_and_demos(glossary_client):
    soup = page(glossary_client, "/")
    assert soup.html["lang"] == "ko"
    form = soup.select_one("form[role=search][action='/search']")
    assert form.select_one("input[name=q]") is not None
    category_links = [a["href"] for a in soup.select(".category-grid a")]
    assert "/categories/optimizers" in category_links
    assert soup.select_one("#demos-heading") is not None


@pytest.mark.parametrize("slug", ALL_SLUGS)
def test_every_term_page_renders_in_both_languages(glossary_client, slug):
    term = glossary_client.get(f"/api/terms/{slug}").json()
    for lang in ("ko", "en"):
        soup = page(glossary_client, f"/terms/{slug}", lang=lang)
        assert soup.html["lang"] == lang
        assert soup.select_one("h1 .name-ko").get_text(strip=True) == term["name_ko"]
        assert soup.select_one("h1 .name-en").get_text(strip=True) == term["name_en"]
        ko, en = soup.select_one("#definition-ko"), soup.select_one("#definition-en")
        assert ko["lang"] == "ko" and en["lang"] == "en"
        assert ko.select_one(".summary").get_text(strip=True) == term["summary_ko"]
        assert en.select_one(".summary").get_text(strip=True) == term["summary_en"]
        assert len(ko.select_one(".prose").get_text(strip=True)) > 100
        assert len(en.select_one(".prose").get_text(strip=True)) > 100
        first_definition = soup.select(".definition")[0]["id"]
        assert first_definition == f"definition-{lang}"


def test_term_page_shows_formulas_as_mathml_aliases_related_and_references(glossary_client):
    soup = page(glossary_client, "/terms/sigmoid-function")
    maths = soup.select("#definition-en math")
    assert maths and all(m["xmlns"] == "http://www.w3.org/1998/Math/MathML" for m in maths)
    assert soup.select("#definition-en math mfrac")
    assert "$" not in soup.select_one("#definition-en .prose").get_text()
    term = glossary_client.get("/api/terms/sigmoid-function").json()
    assert [a.get_text() for a in soup.select(".alias")] == term["aliases"]
    related_links = [a["href"] for a in soup.select(".related a")]
    assert related_links == [f"/terms/{slug}" for slug in term["related"]]
    for link in related_links:
        assert glossary_client.get(link, headers=HTML).status_code == 200
    assert len(soup.select(".reference")) == len(term["references"])


def test_language_choice_is_remembered_in_a_cookie(glossary_client):
    response = glossary_client.get("/", params={"lang": "en"}, headers=HTML)
    assert response.cookies.get("lang") == "en"
    soup = page(glossary_client, "/terms/adam")
    assert soup.html["lang"] == "en"
    assert soup.select(".definition")[0]["id"] == "definition-en"
    glossary_client.get("/", params={"lang": "ko"}, headers=HTML)
    assert page(glossary_client, "/terms/adam").html["lang"] == "ko"


def test_language_switch_links_keep_the_current_page(glossary_client):
    soup = page(glossary_client, "/search", q="adam")
    switch = {a["hreflang"]: a["href"] for a in soup.select(".language-switch a")}
    assert switch == {"ko": "/search?q=adam&lang=ko", "en": "/search?q=adam&lang=en"}


@pytest.mark.parametrize(
    "path",
    ["/", "/terms/perceptron", "/categories/optimizers", "/tags", "/index/ko", "/index/en", "/search?q=adam"],
)
def test_each_page_links_a_json_twin_that_answers(glossary_client, path):
    soup = page(glossary_client, path)
    twin = soup.select_one("link[rel=alternate][type='application/json']")["href"]
    response = glossary_client.get(twin)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"


def test_tag_page_lists_the_terms_with_that_tag(glossary_client):
    tag = glossary_client.get("/api/terms/adam").json()["tags"][0]
    soup = page(glossary_client, f"/tags/{tag}")
    listed = {a["href"] for a in soup.select(".term-list a")}
    expected = glossary_client.get("/api/terms", params={"tag": tag, "limit": 200}).json()["items"]
    assert listed == {f"/terms/{item['slug']}" for item in expected}


def test_korean_index_page_has_initial_consonant_sections(glossary_client):
    soup = page(glossary_client, "/index/ko")
    headings = [h.get_text(strip=True) for h in soup.select(".index-group h2")]
    assert headings[:2] == ["ㄱ", "ㄴ"] or headings[0] == "ㄱ"
    assert "ㅍ" in headings
    assert len(soup.select(".index-terms a")) == len(ALL_SLUGS)


def test_search_page_lists_results_best_first(glossary_client):
    soup = page(glossary_client, "/search", q="퍼셉트론")
    assert soup.select(".term-list a")[0]["href"] == "/terms/perceptron"
    empty = page(glossary_client, "/search", q="zzqqxx")
    assert empty.select_one(".no-results") is not None
    blank = page(glossary_client, "/search")
    assert blank.select_one(".term-list") is None


@pytest.mark.parametrize("path", ["/terms/no-such-term", "/nowhere", "/categories/cooking", "/tags/no-such-tag"])
def test_unknown_pages_get_a_friendly_404_page(glossary_client, path):
    response = glossary_client.get(path, headers=HTML)
    assert response.status_code == 404
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one(".error-page h1").get_text(strip=True) == "페이지를 찾을 수 없습니다"
    assert soup.select_one(".error-page form[action='/search']") is not None


def test_overlong_search_on_a_page_gets_a_422_page_with_the_reason(glossary_client):
    response = glossary_client.get("/search", params={"q": "x" * 500}, headers=HTML)
    assert response.status_code == 422
    assert "at most 200" in BeautifulSoup(response.text, "html.parser").select_one(".error-page").get_text()


def test_entry_text_cannot_inject_markup(glossary_client):
    soup = page(glossary_client, "/terms/perceptron")
    scripts = soup.select("script")
    data = [s for s in scripts if s.get("type") in ("application/json", "application/ld+json")]
    code = [s for s in scripts if s not in data]
    assert code and all(s["src"].startswith("/static/") and not s.get_text(strip=True) for s in code)
    assert data and all(json.loads(s.get_text()) for s in data)  # data, never code: parses as JSON
    assert not soup.select("[onerror], [onclick], [onload]")


def test_entries_and_demos_link_each_other_both_ways():
    from demos.catalog import CATALOG
    from glossary.loader import read_entries

    entries = read_entries(ENTRIES_DIR)
    for entry in entries:
        assert set(entry.meta.demos) <= set(CATALOG), (entry.path, entry.meta.demos)
    for spec in CATALOG.values():
        linking = {entry.meta.slug for entry in entries if spec.id in entry.meta.demos}
        assert linking == set(spec.terms), spec.id


def test_term_page_links_its_demos_and_the_demo_links_back(glossary_client):
    soup = page(glossary_client, "/terms/perceptron")
    assert "/demos/xor" in [a["href"] for a in soup.select(".demos a")]
    demo = page(glossary_client, "/demos/xor")
    assert "/terms/perceptron" in [a["href"] for a in demo.select(".demo-terms a")]

"""The JSON API over real HTTP through the ASGI app, against the real entries in a fresh SQLite file."""

import pytest
from bs4 import BeautifulSoup

from glossary.db import ENTRIES_DIR
from glossary.entry_file import parse_entry_file

SUMMARY_FIELDS = {"slug", "name_en", "name_ko", "category", "tags", "summary_en", "summary_ko"}
ENTRY_COUNT = len(list(ENTRIES_DIR.rglob("*.md")))


def test_terms_lists_every_entry_with_both_names(glossary_client):
    items, offset = [], 0
    while True:  # pages of at most 200 (GLOSSARY_MAX_PAGE_SIZE)
        body = glossary_client.get("/api/terms", params={"limit": 200, "offset": offset}).json()
        assert body["total"] == ENTRY_COUNT
        items += body["items"]
        offset += 200
        if offset >= body["total"]:
            break
    assert len(items) == len({item["slug"] for item in items}) == ENTRY_COUNT
    for item in items:
        assert set(item) == SUMMARY_FIELDS
        assert item["name_en"] and item["name_ko"] and item["summary_en"] and item["summary_ko"]


def test_terms_pages_with_limit_and_offset_without_overlap(glossary_client):
    first = glossary_client.get("/api/terms", params={"limit": 10, "offset": 0}).json()
    second = glossary_client.get("/api/terms", params={"limit": 10, "offset": 10}).json()
    assert first["total"] == second["total"] == ENTRY_COUNT
    first_slugs = [item["slug"] for item in first["items"]]
    second_slugs = [item["slug"] for item in second["items"]]
    assert len(first_slugs) == len(second_slugs) == 10
    assert not set(first_slugs) & set(second_slugs)
    assert first_slugs == sorted(first_slugs)


def test_terms_filter_by_tag_and_category(glossary_client):
    adam = glossary_client.get("/api/terms/adam").json()
    tag = adam["tags"][0]
    by_tag = glossary_client.get("/api/terms", params={"tag": tag, "limit": 200}).json()
    assert "adam" in [item["slug"] for item in by_tag["items"]]
    assert all(tag in item["tags"] for item in by_tag["items"])
    assert by_tag["total"] == len(by_tag["items"])
    by_category = glossary_client.get("/api/terms", params={"category": "optimizers", "limit": 200}).json()
    assert {item["category"] for item in by_category["items"]} == {"optimizers"}
    assert "adam" in [item["slug"] for item in by_category["items"]]


def test_unknown_tag_gives_an_empty_list(glossary_client):
    assert glossary_client.get("/api/terms", params={"tag": "no-such-tag"}).json() == {"total": 0, "items": []}


def test_term_has_every_field_from_its_file(glossary_client):
    term = glossary_client.get("/api/terms/perceptron").json()
    entry = parse_entry_file(ENTRIES_DIR / "perceptron.md")
    assert term["name_en"] == "perceptron" and term["name_ko"] == "퍼셉트론"
    assert term["aliases"] == entry.meta.aliases
    assert term["related"] == entry.meta.related
    assert term["definition_ko"] == entry.body_ko
    assert term["definition_en"] == entry.body_en
    assert term["demos"] == entry.meta.demos
    assert term["references"][0]["year"] == entry.meta.references[0].year


@pytest.mark.parametrize("query", ["퍼셉트론", "perceptron", "Perceptron", "PERCEPTRON", "ｐｅｒｃｅｐｔｒｏｎ"])
def test_search_puts_the_perceptron_first(glossary_client, query):
    body = glossary_client.get("/api/search", params={"q": query}).json()
    assert body["query"] == query
    assert body["results"][0]["slug"] == "perceptron"
    assert body["results"][0]["score"] == 100
    scores = [hit["score"] for hit in body["results"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("query", "slug"),
    [("MLP", "multilayer-perceptron"), ("경사하강법", "gradient-descent"), ("SGD", "stochastic-gradient-descent"),
     ("시그모이드", "sigmoid-function"), ("backprop", "backpropagation"), ("교차 엔트로피", "cross-entropy-error")],
)
def test_search_finds_terms_by_alias_in_both_languages(glossary_client, query, slug):
    assert glossary_client.get("/api/search", params={"q": query}).json()["results"][0]["slug"] == slug


def test_search_respects_limit_and_finds_nothing_for_nonsense(glossary_client):
    assert len(glossary_client.get("/api/search", params={"q": "ad", "limit": 2}).json()["results"]) == 2
    assert glossary_client.get("/api/search", params={"q": "zzqqxx"}).json()["results"] == []


@pytest.mark.parametrize(
    ("path", "params", "mentions"),
    [
        ("/api/terms", {"limit": 0}, "limit"),
        ("/api/terms", {"limit": 201}, "limit"),
        ("/api/terms", {"limit": "ten"}, "limit"),
        ("/api/terms", {"offset": -1}, "offset"),
        ("/api/terms", {"category": "cooking"}, "category"),
        ("/api/search", {}, "q"),
        ("/api/search", {"q": "   "}, "q"),
        ("/api/search", {"q": "x" * 201}, "q"),
        ("/api/search", {"q": "adam", "limit": 1000}, "limit"),
        ("/api/index/fr", {}, "lang"),
    ],
)
def test_bad_parameters_get_422_with_a_message(glossary_client, path, params, mentions):
    response = glossary_client.get(path, params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid request"
    assert mentions in body["message"]


def test_unknown_slug_gets_json_404(glossary_client):
    response = glossary_client.get("/api/terms/no-such-term")
    assert response.status_code == 404
    assert response.json() == {"error": "not found", "message": "no term with slug 'no-such-term'"}


def test_unknown_api_path_gets_json_404(glossary_client):
    response = glossary_client.get("/api/nothing-here", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert response.json()["error"] == "not found"


def test_export_holds_every_term_as_an_editable_document(glossary_client):
    export = glossary_client.get("/api/export").json()
    assert export["format"] == "dl-glossary/1"
    assert export["count"] == len(export["terms"]) == ENTRY_COUNT
    adam = {term["slug"]: term for term in export["terms"]}["adam"]
    term = glossary_client.get("/api/terms/adam").json()
    assert (adam["en"], adam["ko"], adam["aliases"], adam["related"]) == (
        term["name_en"], term["name_ko"], term["aliases"], term["related"]
    )
    assert adam["definition"] == {"ko": term["definition_ko"], "en": term["definition_en"]}
    assert adam["summary"] == {"ko": term["summary_ko"], "en": term["summary_en"]}


def test_categories_count_the_terms_in_each(glossary_client):
    categories = glossary_client.get("/api/categories").json()["categories"]
    assert sum(category["count"] for category in categories) == ENTRY_COUNT
    optimizers = next(c for c in categories if c["id"] == "optimizers")
    assert optimizers["name_ko"] == "옵티마이저"
    assert optimizers["count"] == glossary_client.get("/api/terms", params={"category": "optimizers"}).json()["total"]


def test_tags_count_the_terms_in_each(glossary_client):
    tags = glossary_client.get("/api/tags").json()["tags"]
    for item in tags[:3]:
        listed = glossary_client.get("/api/terms", params={"tag": item["tag"]}).json()
        assert listed["total"] == item["count"]


def test_korean_index_groups_by_initial_consonant(glossary_client):
    groups = glossary_client.get("/api/index/ko").json()["groups"]
    by_key = {group["key"]: [term["name_ko"] for term in group["terms"]] for group in groups}
    assert "퍼셉트론" in by_key["ㅍ"]
    assert "가중치" in by_key["ㄱ"]
    assert "Adam" in by_key["A-Z"]
    assert [g["key"] for g in groups][-1] == "A-Z"
    assert all(names == sorted(names, key=str.casefold) for names in by_key.values())
    assert sum(len(names) for names in by_key.values()) == ENTRY_COUNT


def test_english_index_groups_by_first_letter(glossary_client):
    groups = glossary_client.get("/api/index/en").json()["groups"]
    letters = [group["key"] for group in groups if group["key"] != "#"]
    assert letters == sorted(letters)
    assert all(term["name_en"][0].upper() == group["key"] for group in groups[: len(letters)] for term in group["terms"])
    if groups[-1]["key"] == "#":  # names that start with a digit or a symbol (1x1 convolution) come last
        assert all(not term["name_en"][0].isalpha() for term in groups[-1]["terms"])
        assert "1x1-convolution" in [term["slug"] for term in groups[-1]["terms"]]


def test_healthz_answers_with_the_term_count(glossary_client):
    response = glossary_client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body == {"status": "ok", "terms": ENTRY_COUNT, "demos": "off", "worker": body["worker"]}
    assert isinstance(body["worker"], int)


def test_openapi_documents_the_contract_with_public_models(glossary_client):
    schema = glossary_client.get("/openapi.json").json()
    for path in ["/api/terms", "/api/terms/{slug}", "/api/search", "/api/export", "/healthz"]:
        assert path in schema["paths"]
    components = schema["components"]["schemas"]
    assert {"TermSummary", "Term", "TermList", "SearchResults", "SearchHit"} <= set(components)
    assert "TermRow" not in components
    assert "definition_html_en" not in components["Term"]["properties"]


def test_docs_page_loads_its_assets_from_this_server(glossary_client):
    html = glossary_client.get("/docs").text
    assert "cdn" not in html.lower()
    soup = BeautifulSoup(html, "html.parser")
    urls = [tag.get("src") or tag.get("href") for tag in soup.select("script[src], link[rel=stylesheet]")]
    for asset in ["vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css"]:
        # served from here, under the content-hashed /static/<version>/ folder or the plain one
        url = next(url for url in urls if url.endswith("/" + asset))
        assert url.startswith("/static/")
        assert glossary_client.get(url).status_code == 200

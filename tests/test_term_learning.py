"""Term pages as a place to learn from: learn first / learn next, the concept map's data, copy link and citation."""

import json

import pytest
from bs4 import BeautifulSoup

from glossary.db import ENTRIES_DIR
from glossary.loader import read_entries

HTML = {"accept": "text/html"}
ENTRIES = {entry.meta.slug: entry.meta for entry in read_entries(ENTRIES_DIR)}


@pytest.fixture(autouse=True)
def no_remembered_language(glossary_client):
    """Bare URLs show Korean: no language cookie left by another test (the client is shared), none left behind."""
    glossary_client.cookies.clear()
    yield
    glossary_client.cookies.clear()


def next_of(slug: str) -> list[str]:
    return sorted(other for other, meta in ENTRIES.items() if slug in meta.prerequisites)


def soup_of(client, path: str, **params) -> BeautifulSoup:
    response = client.get(path, params=params or None, headers=HTML)
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


@pytest.mark.parametrize("slug", ["perceptron", "backpropagation", "transformer", "vision-transformer", "adam"])
def test_api_term_lists_prerequisites_and_the_terms_that_build_on_it(glossary_client, slug):
    term = glossary_client.get(f"/api/terms/{slug}").json()
    assert term["prerequisites"] == list(ENTRIES[slug].prerequisites)
    assert term["next"] == next_of(slug)


def test_next_terms_are_in_the_openapi_schema(glossary_client):
    schema = glossary_client.get("/openapi.json").json()["components"]["schemas"]["Term"]
    assert schema["properties"]["next"]["type"] == "array"
    assert "prerequisite" in schema["properties"]["next"]["description"]


def test_term_page_links_what_to_learn_first_and_next(glossary_client):
    soup = soup_of(glossary_client, "/terms/backpropagation")
    first = [a["href"] for a in soup.select(".learn-order .learn-first a")]
    after = [a["href"] for a in soup.select(".learn-order .learn-next a")]
    assert first == [f"/terms/{slug}" for slug in ENTRIES["backpropagation"].prerequisites]
    assert after == [f"/terms/{slug}" for slug in next_of("backpropagation")]
    label = soup.select_one(".learn-first .learn-label").get_text(strip=True)
    assert label == "먼저 배울 용어"
    chip = soup.select_one(".learn-first a")
    assert chip.select_one("[lang=ko]").get_text(strip=True) == "계산 그래프"
    assert chip.select_one("[lang=en]").get_text(strip=True) == "computational graph"
    for link in first + after:
        assert glossary_client.get(link, headers=HTML).status_code == 200


def test_a_term_with_no_prerequisites_or_successors_shows_no_learning_links(glossary_client):
    lonely = next(slug for slug in sorted(ENTRIES) if not ENTRIES[slug].prerequisites and not next_of(slug))
    soup = soup_of(glossary_client, f"/terms/{lonely}")
    assert soup.select_one(".learn-order") is None
    # Its concept map still shows the related terms.
    nodes = json.loads(soup.select_one("#concept-map-data").get_text())["nodes"]
    assert {node["role"] for node in nodes} == {"center", "related"}


def test_concept_map_data_holds_the_neighbourhood_once_each(glossary_client):
    soup = soup_of(glossary_client, "/terms/resnet")
    data = soup.select_one("script#concept-map-data")
    assert data["type"] == "application/json"
    nodes = json.loads(data.get_text())["nodes"]
    assert nodes[0] == {"slug": "resnet", "name_ko": "ResNet", "name_en": "ResNet", "role": "center",
                        "url": "/terms/resnet"}
    roles = {}
    for node in nodes[1:]:
        roles.setdefault(node["role"], []).append(node["slug"])
        assert node["url"] == f"/terms/{node['slug']}"
    assert roles["prerequisite"] == list(ENTRIES["resnet"].prerequisites)
    assert roles["next"] == next_of("resnet")
    # A related term that is also a prerequisite or next term is shown once, in its stronger role.
    expected_related = [s for s in ENTRIES["resnet"].related if s not in roles["prerequisite"] + roles["next"]][:8]
    assert roles["related"] == expected_related
    assert len({node["slug"] for node in nodes}) == len(nodes)
    container = soup.select_one("#concept-map")
    assert container["data-label-prerequisite"] == "먼저 배울 용어" and container["data-lang"] == "ko"
    assert soup.select_one("script[src$='/js/concept-map.js']")["type"] == "module"


def test_copy_link_button_carries_the_canonical_address(glossary_client):
    soup = soup_of(glossary_client, "/terms/adam", lang="en")
    button = soup.select_one(".term-tools button.copy-link")
    assert button["data-copy-text"] == "http://testserver/terms/adam?lang=en"
    assert button.get_text(strip=True) == "Copy link"
    status = soup.select_one(".term-tools .copy-status")
    assert status["role"] == "status" and status["data-copied"] == "Copied." and "Ctrl+C" in status["data-failed"]


def test_cite_this_entry_names_the_revision_date_and_address_in_both_languages(glossary_client):
    term = glossary_client.get("/api/terms/perceptron").json()
    date = term["updated_at"][:10]
    year, month, day = (int(part) for part in date.split("-"))
    soup = soup_of(glossary_client, "/terms/perceptron")
    revision = soup.select_one(".term-tools .revision")
    assert revision.select_one("time")["datetime"] == date and f"개정 {term['revision']}" in revision.get_text()
    citations = [pre.get_text() for pre in soup.select("#cite .citation pre")]
    ko, en, bibtex = citations
    assert ko == (f"딥러닝 용어 사전. ({year}. {month}. {day}.). 퍼셉트론(perceptron) "
                  f"[용어 항목, 개정 {term['revision']}]. http://testserver/terms/perceptron")
    assert en.startswith(f"Deep Learning Glossary. ({year}, ")
    assert en.endswith(f"perceptron (퍼셉트론) [Glossary entry, revision {term['revision']}]. "
                       "http://testserver/terms/perceptron?lang=en")
    assert bibtex.startswith(f"@misc{{dlglossary:perceptron:r{term['revision']},")
    assert f"  year = {{{year}}}," in bibtex.splitlines()
    assert f"  note = {{Glossary entry, revision {term['revision']} of {date}}}," in bibtex.splitlines()
    assert "  url = {http://testserver/terms/perceptron?lang=en}," in bibtex.splitlines()
    buttons = soup.select("#cite button.copy-citation")
    assert [b["data-copy-target"] for b in buttons] == ["citation-1", "citation-2", "citation-3"]


def test_citation_escapes_bibtex_special_characters():
    from datetime import UTC, datetime

    from glossary.citation import cite

    citation = cite("x", "이름 & 기호", "R&D_100% {x}", 2, datetime(2024, 3, 5, tzinfo=UTC), "u-ko", "u-en", "가", "A")
    assert "  title = {{R\\&D\\_100\\% \\{x\\} (이름 \\& 기호)}}," in citation.bibtex.splitlines()
    assert "  month = mar," in citation.bibtex.splitlines()
    assert citation.text_en == "A. (2024, March 5). R&D_100% {x} (이름 & 기호) [Glossary entry, revision 2]. u-en"

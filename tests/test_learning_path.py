"""The guided path and the prerequisites it rests on: consistent with the entries, served as JSON and as a page."""

import pytest
from bs4 import BeautifulSoup

from glossary.db import ENTRIES_DIR
from glossary.learning_path import CURRICULUM, PATHS
from glossary.loader import read_entries

HTML = {"accept": "text/html"}
ENTRIES = {entry.meta.slug: entry.meta for entry in read_entries(ENTRIES_DIR)}


@pytest.fixture(autouse=True)
def no_remembered_language(glossary_client):
    """Bare URLs show Korean: no language cookie left by another test (the client is shared), none left behind."""
    glossary_client.cookies.clear()
    yield
    glossary_client.cookies.clear()


def test_every_term_on_the_path_comes_after_its_prerequisites_on_the_path():
    position = {slug: index for index, slug in enumerate(CURRICULUM.slugs)}
    for slug in CURRICULUM.slugs:
        for prerequisite in ENTRIES[slug].prerequisites:
            if prerequisite in position:
                assert position[prerequisite] < position[slug], f"{slug} comes before its prerequisite {prerequisite}"


def test_the_path_runs_from_the_perceptron_to_the_vision_transformer_without_repeats_or_unknown_terms():
    slugs = CURRICULUM.slugs
    assert len(slugs) == len(set(slugs)) >= 40
    assert set(slugs) <= set(ENTRIES)
    assert slugs.index("perceptron") < 5 and slugs[-1] == "vision-transformer"
    for milestone in ("sigmoid-function", "cross-entropy-error", "gradient-descent", "backpropagation", "adam",
                      "dropout", "batch-normalization", "convolution", "max-pooling", "resnet",
                      "long-short-term-memory", "self-attention", "transformer"):
        assert milestone in slugs, milestone
    assert all(stage.slugs for stage in CURRICULUM.stages)
    assert len({stage.id for stage in CURRICULUM.stages}) == len(CURRICULUM.stages)
    assert set(PATHS) == {CURRICULUM.id}


def test_terms_along_the_path_have_prerequisites_that_lead_back_to_the_start():
    # Every path term after the first stage names at least one prerequisite, and following prerequisites from the
    # vision Transformer reaches the perceptron: the edges form one curriculum, not islands.
    first_stage = set(CURRICULUM.stages[0].slugs)
    missing = [slug for slug in CURRICULUM.slugs if slug not in first_stage and not ENTRIES[slug].prerequisites]
    assert set(missing) <= {"one-hot-encoding", "derivative", "generalization", "standardization", "convolution",
                            "inner-product"}, missing  # where a new thread of the curriculum begins
    reached, frontier = set(), ["vision-transformer"]
    while frontier:
        slug = frontier.pop()
        if slug not in reached:
            reached.add(slug)
            frontier.extend(ENTRIES[slug].prerequisites)
    assert {"perceptron", "backpropagation", "convolutional-neural-network", "skip-connection", "transformer"} <= reached


def test_api_path_lists_the_stages_in_order_with_term_names_and_prerequisites(glossary_client):
    body = glossary_client.get("/api/path").json()
    assert body["id"] == CURRICULUM.id and body["name_en"] == CURRICULUM.name_en
    assert [stage["id"] for stage in body["stages"]] == [stage.id for stage in CURRICULUM.stages]
    listed = [term["slug"] for stage in body["stages"] for term in stage["terms"]]
    assert listed == CURRICULUM.slugs and body["total"] == len(listed)
    perceptron = next(term for stage in body["stages"] for term in stage["terms"] if term["slug"] == "perceptron")
    assert perceptron["name_ko"] == "퍼셉트론" and perceptron["prerequisites"] == list(ENTRIES["perceptron"].prerequisites)
    assert perceptron["summary_en"] and perceptron["summary_ko"]


def test_path_page_lists_every_stage_and_term_with_a_checkbox_and_a_study_link(glossary_client):
    response = glossary_client.get("/path", headers=HTML)
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("link[rel=alternate][type='application/json']")["href"] == "/api/path"
    stages = soup.select(".path-stage")
    assert [stage["id"] for stage in stages] == [f"stage-{stage.id}" for stage in CURRICULUM.stages]
    terms = soup.select(".path-term")
    assert [item["data-slug"] for item in terms] == CURRICULUM.slugs
    for item in terms:
        assert item.select_one("a")["href"] == f"/terms/{item['data-slug']}"
        checkbox = item.select_one("input[type=checkbox]")
        assert checkbox["data-slug"] == item["data-slug"] and checkbox["aria-label"].startswith("배웠음: ")
    progress = soup.select_one("#path-progress progress")
    assert progress["max"] == str(len(CURRICULUM.slugs))
    study_links = [stage.select_one(".stage-study a")["href"] for stage in stages]
    assert study_links == [f"/study?path={CURRICULUM.id}&stage={stage.id}" for stage in CURRICULUM.stages]
    assert soup.select_one("script[src$='/js/path-progress.js']") is not None


def test_path_page_in_english_leads_with_english_names(glossary_client):
    soup = BeautifulSoup(glossary_client.get("/path", params={"lang": "en"}, headers=HTML).text, "html.parser")
    first = soup.select_one(".path-term[data-slug=weight]")
    assert first.select_one(".name-primary").get_text(strip=True) == "weight"
    assert first.select_one(".name-secondary").get_text(strip=True) == "가중치"
    assert soup.select_one(".path-stage h2").get_text(" ", strip=True).startswith("1 The perceptron")

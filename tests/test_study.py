"""Flashcard data, the study page, and exports of a selection as an Anki deck and as CSV, opened and read back."""

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from glossary.anki import MODEL_ID, note_guid
from glossary.learning_path import CURRICULUM

HTML = {"accept": "text/html"}


@pytest.fixture(autouse=True)
def no_remembered_language(glossary_client):
    """Bare URLs show Korean: no language cookie left by another test (the client is shared), none left behind."""
    glossary_client.cookies.clear()
    yield
    glossary_client.cookies.clear()


def tag_terms(client, tag: str) -> list[dict]:
    return client.get("/api/terms", params={"tag": tag, "limit": 200}).json()["items"]


def test_cards_for_a_path_stage_keep_the_path_order(glossary_client):
    stage = CURRICULUM.stage("cnn")
    body = glossary_client.get("/api/study/cards", params={"path": "curriculum", "stage": "cnn"}).json()
    assert body["selection"] == {"kind": "path", "value": "curriculum/cnn",
                                 "label_ko": f"{CURRICULUM.name_ko}: {stage.name_ko}",
                                 "label_en": f"{CURRICULUM.name_en}: {stage.name_en}"}
    assert [card["slug"] for card in body["cards"]] == list(stage.slugs) and body["count"] == len(stage.slugs)
    first = body["cards"][0]
    term = glossary_client.get(f"/api/terms/{first['slug']}").json()
    assert first == {key: term[key] for key in ("slug", "name_ko", "name_en", "summary_ko", "summary_en")} | {
        "url": f"/terms/{first['slug']}"}


def test_cards_for_a_tag_are_its_terms(glossary_client):
    body = glossary_client.get("/api/study/cards", params={"tag": "optimizers"}).json()
    assert {card["slug"] for card in body["cards"]} == {t["slug"] for t in tag_terms(glossary_client, "optimizers")}
    assert body["selection"]["label_en"] == "#optimizers"


@pytest.mark.parametrize(
    ("params", "parameter", "reason"),
    [
        ({}, "selection", "give exactly one of tag, category, path or slugs (got none)"),
        ({"tag": "cnn", "path": "curriculum"}, "selection", "give exactly one of tag, category, path or slugs (got tag, path)"),
        ({"tag": "no-such-tag"}, "tag", "no term has the tag 'no-such-tag'"),
        ({"category": "cooking"}, "category", "unknown category 'cooking'"),
        ({"path": "nowhere"}, "path", "unknown path 'nowhere'; one of curriculum"),
        ({"path": "curriculum", "stage": "nope"}, "stage", "the path 'curriculum' has no stage 'nope'"),
        ({"stage": "cnn"}, "selection", "give exactly one"),
        ({"slugs": "relu,no-such-term,adam"}, "slugs", "no term with slug no-such-term"),
        ({"slugs": " , ,"}, "slugs", "no slug given"),
        ({"slugs": "relu,<script>"}, "slugs", "not a slug: <script>"),
    ],
)
@pytest.mark.parametrize("endpoint", ["/api/study/cards", "/api/export/anki", "/api/export/csv"])
def test_bad_selections_get_a_422_naming_the_parameter_and_the_reason(glossary_client, endpoint, params, parameter, reason):
    response = glossary_client.get(endpoint, params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid request"
    assert body["detail"][0]["loc"] == ["query", parameter]
    assert reason in body["message"]


def test_study_options_list_the_path_stages_and_the_tags_with_counts(glossary_client):
    body = glossary_client.get("/api/study").json()
    assert body["modes"] == ["ko-en", "en-ko", "name-definition", "definition-name"]
    [path] = body["paths"]
    assert path["id"] == "curriculum" and path["count"] == len(CURRICULUM.slugs)
    assert [(s["id"], s["count"]) for s in path["stages"]] == [(s.id, len(s.slugs)) for s in CURRICULUM.stages]
    tags = {item["tag"]: item["count"] for item in body["tags"]}
    assert tags["optimizers"] == len(tag_terms(glossary_client, "optimizers"))
    assert min(tags.values()) >= 2


def test_study_page_offers_the_selections_modes_and_exports(glossary_client):
    response = glossary_client.get("/study", params={"tag": "optimizers", "mode": "en-ko"}, headers=HTML)
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("link[rel=alternate][type='application/json']")["href"] == "/api/study"
    select = soup.select_one("select#study-source")
    values = [option["value"] for option in select.select("option")]
    assert values[:2] == ["path=curriculum", "path=curriculum&stage=perceptron"]
    assert select.select_one("option[selected]")["value"] == "tag=optimizers"
    assert soup.select_one("input[name=mode][checked]")["value"] == "en-ko"
    assert [i["value"] for i in soup.select("input[name=mode]")] == ["ko-en", "en-ko", "name-definition", "definition-name"]
    assert soup.select_one("#export-anki")["href"] == "/api/export/anki?tag=optimizers"
    assert soup.select_one("#export-csv")["href"] == "/api/export/csv?tag=optimizers"
    assert [b["data-grade"] for b in soup.select("#grades button")] == ["1", "2", "3", "4"]
    strings = soup.select_one("script#study-strings")
    assert strings["type"] == "application/json"


def test_study_page_gives_a_category_its_own_option_and_rejects_unknown_selections(glossary_client):
    soup = BeautifulSoup(glossary_client.get("/study", params={"category": "optimizers"}, headers=HTML).text, "html.parser")
    assert soup.select_one("#study-source option[selected]")["value"] == "category=optimizers"
    assert glossary_client.get("/study", params={"tag": "no-such-tag"}, headers=HTML).status_code == 422


def read_apkg(body: bytes, tmp_path: Path) -> sqlite3.Connection:
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert sorted(archive.namelist()) == ["collection.anki2", "media"]
    assert archive.read("media") == b"{}"
    database = tmp_path / "collection.anki2"
    database.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(database)


def test_anki_export_holds_one_note_per_term_with_both_names_summaries_and_link(glossary_client, tmp_path):
    terms = sorted(tag_terms(glossary_client, "optimizers"), key=lambda t: t["slug"])
    response = glossary_client.get("/api/export/anki", params={"tag": "optimizers"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/apkg"
    assert response.headers["content-disposition"] == 'attachment; filename="dl-glossary-tag-optimizers.apkg"'
    with read_apkg(response.content, tmp_path) as db:
        notes = db.execute("SELECT guid, mid, flds FROM notes").fetchall()
        assert len(notes) == len(terms)
        by_guid = {guid: (mid, fields.split("\x1f")) for guid, mid, fields in notes}
        for term in terms:
            mid, fields = by_guid[note_guid(term["slug"])]
            assert mid == MODEL_ID
            korean, english, summary_ko, summary_en, link = fields
            assert (korean, english) == (term["name_ko"], term["name_en"])
            assert (summary_ko, summary_en) == (term["summary_ko"], term["summary_en"])
            url = f"http://testserver/terms/{term['slug']}"
            assert link == f'<a href="{url}">{url}</a>'
        # Two cards per note: Korean → English and English → Korean.
        assert db.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 2 * len(terms)
        models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
        model = models[str(MODEL_ID)]
        assert [field["name"] for field in model["flds"]] == ["Korean", "English", "SummaryKo", "SummaryEn", "Link"]
        assert [template["name"] for template in model["tmpls"]] == ["Korean → English", "English → Korean"]
        decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
        assert any(deck["name"].endswith("#optimizers") for deck in decks.values())


def test_anki_export_ids_are_stable_across_exports_and_differ_between_selections(glossary_client, tmp_path):
    def deck_and_guids(params: dict, folder: str) -> tuple[set, set]:
        (tmp_path / folder).mkdir()
        with read_apkg(glossary_client.get("/api/export/anki", params=params).content, tmp_path / folder) as db:
            decks = {deck_id for (deck_id,) in db.execute("SELECT DISTINCT did FROM cards")}
            return decks, {guid for (guid,) in db.execute("SELECT guid FROM notes")}

    first = deck_and_guids({"slugs": "relu,adam"}, "a")
    again = deck_and_guids({"slugs": "relu,adam"}, "b")
    other = deck_and_guids({"slugs": "relu,adam,momentum"}, "c")
    assert first == again
    assert first[0] != other[0] and first[1] < other[1]


def test_anki_export_escapes_html_in_fields(glossary_client, tmp_path):
    # The fields are HTML in Anki: a name like "1×1 합성곱" stays text, and < or & would be escaped.
    from glossary.anki import build_deck
    from glossary.schemas import TermSummary
    from glossary.study import Selection

    term = TermSummary(slug="x", name_en="a<b & c", name_ko="가<나", category="math", tags=[], summary_en="s", summary_ko="요")
    deck = build_deck(Selection("slugs", "x", "x", "x", [term]), "https://example.org")
    assert deck.notes[0].fields[:2] == ["가&lt;나", "a&lt;b &amp; c"]


def test_csv_export_is_utf8_with_a_bom_a_header_and_one_row_per_term(glossary_client):
    response = glossary_client.get("/api/export/csv", params={"path": "curriculum", "stage": "perceptron"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="dl-glossary-path-curriculum-perceptron.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["slug", "korean", "english", "summary_ko", "summary_en", "url"]
    assert [row[0] for row in rows[1:]] == list(CURRICULUM.stage("perceptron").slugs)
    weight = glossary_client.get("/api/terms/weight").json()
    assert rows[1] == ["weight", weight["name_ko"], weight["name_en"], weight["summary_ko"], weight["summary_en"],
                       "http://testserver/terms/weight"]
    assert b"\r\n" in response.content  # RFC 4180 line ends


def test_csv_export_of_slugs_keeps_their_order_and_drops_repeats(glossary_client):
    response = glossary_client.get("/api/export/csv", params={"slugs": "adam, relu,adam"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["adam", "relu"]
    assert response.headers["content-disposition"] == 'attachment; filename="dl-glossary-2-terms.csv"'


@pytest.mark.parametrize(("page", "query"), [("/tags/optimizers", "tag=optimizers"), ("/categories/cnn", "category=cnn")])
def test_tag_and_category_pages_link_flashcards_and_exports_of_their_terms(glossary_client, page, query):
    soup = BeautifulSoup(glossary_client.get(page, headers=HTML).text, "html.parser")
    links = [a["href"] for a in soup.select(".study-links a")]
    assert links == [f"/study?{query}", f"/api/export/anki?{query}", f"/api/export/csv?{query}"]
    listed = {a["href"].removeprefix("/terms/") for a in soup.select(".term-list a")}
    rows = list(csv.reader(io.StringIO(glossary_client.get(links[2]).content.decode("utf-8-sig"))))
    assert {row[0] for row in rows[1:]} == listed

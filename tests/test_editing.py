"""Editing over real HTTP: tokens, validation as strict as the loader's, ETag/If-Match, history, soft delete,
revert, import/export, and how database edits and entry files take turns."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlmodel import Session

from glossary.db import make_engine
from glossary.editing import write_entry_files
from glossary.loader import load_entries
from tests.conftest import entry_text, make_client, new_database

ALICE = {"Authorization": "Bearer alice-secret"}
TOKENS = "alice:alice-secret,bob:bob-secret"


def write_entries(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "alpha.md").write_text(entry_text("alpha", "alpha", "알파", related=("beta",)), encoding="utf-8")
    (folder / "beta.md").write_text(entry_text("beta", "beta", "베타", related=("alpha",)), encoding="utf-8")
    return folder


@pytest.fixture
def entries(tmp_path: Path) -> Path:
    return write_entries(tmp_path / "entries")


@pytest.fixture
def client(database_url: str, entries: Path) -> Iterator[TestClient]:
    with make_client(database_url, entries, api_tokens=TOKENS, demo_workers=0, search_refresh_s=0) as client:
        yield client


def new_document(slug: str = "gamma", en: str = "gamma", ko: str = "감마", **changes) -> dict:
    document = {
        "slug": slug, "en": en, "ko": ko, "category": "networks", "tags": ["test-tag"], "related": ["alpha"],
        "summary": {"ko": f"{ko}의 요약.", "en": f"A summary of {en}."},
        "definition": {"ko": "한국어 정의, 수식 $a^2$ 포함.", "en": "The English definition, with $a^2$."},
    }
    document.update(changes)
    return document


def read(client: TestClient, slug: str) -> tuple[dict, str]:
    response = client.get(f"/api/terms/{slug}")
    assert response.status_code == 200, response.text
    return response.json(), response.headers["ETag"]


def test_writes_need_a_configured_token(database_url, entries):
    with make_client(database_url, entries, demo_workers=0) as client:
        response = client.post("/api/terms", json=new_document(), headers=ALICE)
        assert response.status_code == 403
        assert "GLOSSARY_API_TOKENS" in response.json()["message"]
    with make_client(database_url, entries, api_tokens=TOKENS, demo_workers=0) as client:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic alice-secret"}):
            response = client.post("/api/terms", json=new_document(), headers=headers)
            assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
            assert response.json()["error"] == "request failed"


def test_created_term_is_served_searched_and_has_its_first_revision(client):
    response = client.post("/api/terms", json=new_document(), headers=ALICE)
    assert response.status_code == 201, response.text
    assert response.headers["Location"] == "/api/terms/gamma"
    assert response.headers["ETag"] == '"gamma.1"'
    term, etag = read(client, "gamma")
    assert (term["name_ko"], term["revision"], etag) == ("감마", 1, '"gamma.1"')
    assert [hit["slug"] for hit in client.get("/api/search", params={"q": "감마"}).json()["results"]] == ["gamma"]
    history = client.get("/api/terms/gamma/history").json()["revisions"]
    assert [(r["number"], r["action"], r["author"]) for r in history] == [(1, "create", "alice")]
    assert client.get("/terms/gamma").status_code == 200
    assert client.get("/api/terms/gamma", headers={"If-None-Match": '"gamma.1"'}).status_code == 304


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"definition": {"ko": "한국어만 있다."}}, "definition.en: Field required"),
        ({"summary": {"ko": "", "en": "x"}}, "summary.ko"),
        ({"related": ["no-such-term"]}, "related slug 'no-such-term' does not exist"),
        ({"prerequisites": ["gamma"]}, "an entry cannot be its own prerequisite"),
        ({"ko": "알파"}, "duplicate name '알파'"),
        ({"aliases": ["beta"]}, "alias 'beta' is the name of another entry"),
        ({"definition": {"ko": "수식 $\\frac{1}{$", "en": "ok"}}, "formula"),
        ({"category": "nonsense"}, "unknown category"),
        ({"slug": "Bad Slug"}, "slug"),
    ],
)
def test_invalid_terms_are_rejected_with_the_reason(client, changes, reason):
    response = client.post("/api/terms", json=new_document(**changes), headers=ALICE)
    assert response.status_code == 422, response.text
    assert reason in response.json()["message"]
    assert client.get("/api/terms/gamma").status_code == 404


def test_stale_or_missing_if_match_never_overwrites(client):
    _term, etag = read(client, "alpha")
    assert client.patch("/api/terms/alpha", json={"aliases": ["first"]}, headers=ALICE).status_code == 428
    first = client.patch("/api/terms/alpha", json={"aliases": ["first"]}, headers={**ALICE, "If-Match": etag})
    assert first.status_code == 200 and first.headers["ETag"] == '"alpha.2"'
    stale = client.patch("/api/terms/alpha", json={"aliases": ["second"]}, headers={**ALICE, "If-Match": etag})
    assert stale.status_code == 412
    assert "revision 2" in stale.json()["message"]
    assert read(client, "alpha")[0]["aliases"] == ["first"]
    for tag in ('W/"alpha.2"', '"beta.2"', "alpha.2"):  # weak, another term's, unquoted: none match
        assert client.patch("/api/terms/alpha", json={}, headers={**ALICE, "If-Match": tag}).status_code == 412


def test_patch_merges_and_put_replaces_and_each_change_is_a_revision_with_a_diff(client):
    _term, etag = read(client, "alpha")
    patched = client.patch(
        "/api/terms/alpha",
        json={"summary": {"en": "A new summary."}, "variants": {"ko": "변이 설명.", "en": "A variants note."}},
        headers={**ALICE, "If-Match": etag},
    ).json()
    assert patched["summary_en"] == "A new summary." and patched["summary_ko"] == "알파의 한 줄 요약."
    assert patched["variants_en"] == "A variants note."
    document = client.get("/api/terms/alpha/revisions/2").json()["document"]
    document["definition"]["en"] = "Rewritten English body."
    del document["variants"]
    bob = {"Authorization": "Bearer bob-secret", "If-Match": '"alpha.2"'}
    put = client.put("/api/terms/alpha", json=document, headers=bob)
    assert put.status_code == 200, put.text
    assert put.json()["variants_en"] is None and put.json()["definition_en"] == "Rewritten English body."
    history = client.get("/api/terms/alpha/history").json()["revisions"]
    assert [(r["number"], r["action"], r["author"]) for r in history] == [
        (3, "update", "bob"), (2, "update", "alice"), (1, "load", "file:alpha.md"),
    ]
    assert history[0]["changed"] == ["definition", "variants"]
    diff = client.get("/api/terms/alpha/diff", params={"from": 1, "to": 3}).json()
    changed = {change["field"]: change for change in diff["changes"]}
    assert set(changed) == {"definition.en", "summary.en"}
    assert "+Rewritten English body." in changed["definition.en"]["lines"]
    assert "-The English body, with $y = wx + b$." in changed["definition.en"]["lines"]
    # The same document again is not a change.
    again = client.put("/api/terms/alpha", json=document, headers={**ALICE, "If-Match": '"alpha.3"'})
    assert again.headers["ETag"] == '"alpha.3"'


def test_renaming_the_slug_is_refused(client):
    document = client.get("/api/terms/alpha/revisions/1").json()["document"]
    document["slug"] = "alpha-two"
    response = client.put("/api/terms/alpha", json=document, headers={**ALICE, "If-Match": "*"})
    assert response.status_code == 422 and "cannot change" in response.json()["message"]


def test_delete_hides_everywhere_and_restore_brings_it_back(client):
    response = client.delete("/api/terms/beta", headers={**ALICE, "If-Match": '"beta.1"'})
    assert response.status_code == 200 and response.json()["revision"] == 2
    assert client.get("/api/terms/beta").status_code == 410
    assert "restore" in client.get("/api/terms/beta").json()["message"]
    assert client.get("/terms/beta").status_code == 410
    assert [t["slug"] for t in client.get("/api/terms").json()["items"]] == ["alpha"]
    assert client.get("/api/search", params={"q": "beta"}).json()["results"] == []
    assert [t["slug"] for t in client.get("/api/export").json()["terms"]] == ["alpha"]
    page = BeautifulSoup(client.get("/terms/alpha").text, "html.parser")
    assert "/terms/beta" not in [a["href"] for a in page.select("main a[href]")]
    taken = client.post("/api/terms", json=new_document(slug="beta", en="b2", ko="비2"), headers=ALICE)
    assert taken.status_code == 409 and "restore" in taken.json()["message"]
    restored = client.post("/api/terms/beta/restore", headers=ALICE)
    assert restored.status_code == 200 and restored.headers["ETag"] == '"beta.3"'
    actions = [r["action"] for r in client.get("/api/terms/beta/history").json()["revisions"]]
    assert actions == ["restore", "delete", "load"]


def test_revert_makes_an_old_document_current_as_a_new_revision(client):
    client.patch("/api/terms/alpha", json={"aliases": ["one"]}, headers={**ALICE, "If-Match": '"alpha.1"'})
    client.patch("/api/terms/alpha", json={"aliases": ["two"]}, headers={**ALICE, "If-Match": '"alpha.2"'})
    reverted = client.post("/api/terms/alpha/revert", params={"to": 1}, headers={**ALICE, "If-Match": '"alpha.3"'})
    assert reverted.status_code == 200 and reverted.json()["aliases"] == []
    assert reverted.headers["ETag"] == '"alpha.4"'
    first = client.get("/api/terms/alpha/revisions/1").json()["document"]
    assert client.get("/api/terms/alpha/revisions/4").json()["document"] == first
    missing = client.post("/api/terms/alpha/revert", params={"to": 9}, headers={**ALICE, "If-Match": "*"})
    assert missing.status_code == 404


def test_export_then_import_into_a_new_database_round_trips_exactly(client, tmp_path, request):
    client.post("/api/terms", json=new_document(variants={"ko": "메모.", "en": "A note."}), headers=ALICE)
    export = client.get("/api/export").json()
    assert export["format"] == "dl-glossary/1" and export["count"] == 3
    empty = tmp_path / "no-entries"
    empty.mkdir()
    with new_database(request, tmp_path / "db2") as url, make_client(url, empty, api_tokens=TOKENS) as other:
        result = other.post("/api/import", json=export, headers=ALICE)
        assert result.status_code == 200, result.text
        assert result.json()["created"] == ["alpha", "beta", "gamma"]
        assert other.get("/api/export").json() == export
        again = other.post("/api/import", json=export, headers=ALICE).json()
        assert again["unchanged"] == ["alpha", "beta", "gamma"] and again["created"] == again["updated"] == []


def test_import_is_all_or_nothing(client):
    export = client.get("/api/export").json()
    export["terms"][0]["summary"]["en"] = "Changed by the import."
    export["terms"].append(new_document(related=["missing"]))
    response = client.post("/api/import", json=export | {"count": None}, headers=ALICE)
    assert response.status_code == 422
    assert "gamma: related slug 'missing' does not exist" in response.json()["message"]
    assert read(client, "alpha")[0]["summary_en"] == "A one-line summary of alpha."
    assert client.get("/api/terms/gamma").status_code == 404
    duplicated = {"format": "dl-glossary/1", "terms": [new_document(), new_document()]}
    assert "appears more than once" in client.post("/api/import", json=duplicated, headers=ALICE).json()["message"]


def test_loading_keeps_database_edits_unless_forced_and_export_files_brings_files_in_step(
    client, database_url, entries
):
    client.patch("/api/terms/alpha", json={"aliases": ["edited in the database"]}, headers={**ALICE, "If-Match": "*"})
    client.post("/api/terms", json=new_document(), headers=ALICE)
    engine = make_engine(database_url)
    changed_file = entry_text("alpha", "alpha", "알파", aliases=("from the file",))
    (entries / "alpha.md").write_text(changed_file, encoding="utf-8")

    report = load_entries(engine, entries)
    assert report.kept == ["alpha", "gamma"] and report.removed == []
    assert read(client, "alpha")[0]["aliases"] == ["edited in the database"]

    with Session(engine) as session:
        assert sorted(write_entry_files(session, entries)) == ["alpha", "gamma"]
    assert "edited in the database" in (entries / "alpha.md").read_text(encoding="utf-8")
    assert (entries / "gamma.md").is_file()
    report = load_entries(engine, entries)
    assert (report.kept, report.added, report.updated, report.unchanged) == ([], [], [], 3)

    client.patch("/api/terms/alpha", json={"aliases": ["again"]}, headers={**ALICE, "If-Match": "*"})
    forced = load_entries(engine, entries, force=True)
    assert forced.updated == ["alpha"]
    assert read(client, "alpha")[0]["aliases"] == ["edited in the database"]
    actions = [r["action"] for r in client.get("/api/terms/alpha/history").json()["revisions"]]
    assert actions[:2] == ["load", "update"]  # the overridden edit stays in the history


def test_history_page_lists_revisions_and_shows_the_diff(client):
    patch = {"summary": {"en": "Changed <b>summary</b>."}}
    client.patch("/api/terms/alpha", json=patch, headers={**ALICE, "If-Match": "*"})
    page = BeautifulSoup(client.get("/terms/alpha/history?lang=en").text, "html.parser")
    rows = page.select("table.revisions tbody tr")
    assert [row["data-number"] for row in rows] == ["2", "1"]
    assert [cell.get_text() for cell in rows[0].select("td")][1:3] == ["edited", "alice"]
    change = page.select_one('.field-change[data-field="summary.en"]')
    assert [span.get_text() for span in change.select(".removed")] == ["-A one-line summary of alpha."]
    assert [span.get_text() for span in change.select(".added")] == ["+Changed <b>summary</b>."]  # escaped text
    assert page.select_one('link[rel=alternate][type="application/json"]')["href"] == "/api/terms/alpha/history"
    term_page = BeautifulSoup(client.get("/terms/alpha").text, "html.parser")
    assert term_page.select_one(".term-history a")["href"] == "/terms/alpha/history"
    assert client.get("/terms/nothing/history").status_code == 404

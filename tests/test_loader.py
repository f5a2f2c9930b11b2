"""Loading entry files into a real SQLite file: idempotent, incremental, and all-or-nothing on errors."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from glossary.db import create_schema, make_engine
from glossary.loader import LoadError, load_entries, read_entries
from glossary.models import TermRevisionRow, TermRow, TermTagRow
from glossary.queries import list_tags, live_terms
from tests.conftest import ON_POSTGRES, PROJECT_ROOT, entry_text


def fresh_engine(database_url: str):
    engine = make_engine(database_url)
    create_schema(engine)
    return engine


def dump(engine) -> dict:
    """Every column of every row: the database's content."""
    with Session(engine) as session:
        terms = {row.slug: row.model_dump() for row in session.exec(select(TermRow))}
        tags = sorted((tag.term_id, tag.tag) for tag in session.exec(select(TermTagRow)))
    return {"terms": terms, "tags": tags}


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_error_lines(engine, entries: Path) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load_entries(engine, entries)
    return [str(error) for error in caught.value.errors]


def test_first_load_adds_every_entry(database_url, tmp_path, entries_copy):
    engine = fresh_engine(database_url)
    report = load_entries(engine, entries_copy)
    assert len(report.added) == len(list(entries_copy.glob("*.md")))
    assert report.updated == report.removed == []
    with Session(engine) as session:
        perceptron = session.exec(select(TermRow).where(TermRow.slug == "perceptron")).one()
    assert perceptron.name_ko == "퍼셉트론"
    assert "<math" in perceptron.definition_html_en


def test_loading_twice_changes_nothing_not_even_the_file_bytes(database_url, entries_copy):
    database_file = Path(database_url.removeprefix("sqlite:///"))
    engine = fresh_engine(database_url)
    load_entries(engine, entries_copy)
    engine.dispose()
    content = dump(engine)
    digest = None if ON_POSTGRES else file_digest(database_file)
    report = load_entries(engine, entries_copy)
    engine.dispose()
    assert report.added == report.updated == report.removed == []
    assert report.unchanged == len(list(entries_copy.glob("*.md")))
    assert dump(engine) == content
    if not ON_POSTGRES:  # nothing was written, so not one byte of the file changed
        assert file_digest(database_file) == digest


def test_changed_file_updates_exactly_its_entry(database_url, tmp_path, entries_copy):
    engine = fresh_engine(database_url)
    load_entries(engine, entries_copy)
    before = dump(engine)["terms"]
    path = entries_copy / "bias.md"
    path.write_text(path.read_text(encoding="utf-8").replace("tags: [", "tags: [edited-tag, ", 1), encoding="utf-8")
    report = load_entries(engine, entries_copy)
    assert report.updated == ["bias"]
    after = dump(engine)["terms"]
    assert {slug for slug in after if after[slug] != before[slug]} == {"bias"}
    with Session(engine) as session:
        tagged = session.exec(select(TermTagRow).where(TermTagRow.tag == "edited-tag")).all()
    assert len(tagged) == 1


def test_deleted_file_soft_deletes_its_entry_and_a_new_file_brings_it_back(database_url, tmp_path):
    entries = tmp_path / "entries"
    entries.mkdir()
    (entries / "alpha.md").write_text(entry_text("alpha", "alpha", "알파", related=("beta",)), encoding="utf-8")
    (entries / "beta.md").write_text(entry_text("beta", "beta", "베타", related=("alpha",)), encoding="utf-8")
    engine = fresh_engine(database_url)
    load_entries(engine, entries)
    (entries / "alpha.md").unlink()
    (entries / "beta.md").write_text(entry_text("beta", "beta", "베타"), encoding="utf-8")
    report = load_entries(engine, entries)
    assert report.removed == ["alpha"]
    with Session(engine) as session:
        assert [row.slug for row in session.exec(live_terms())] == ["beta"]
        assert list_tags(session).tags[0].count == 1
        alpha = session.exec(select(TermRow).where(TermRow.slug == "alpha")).one()
        assert alpha.deleted_at is not None and alpha.revision == 2
    (entries / "alpha.md").write_text(entry_text("alpha", "alpha", "알파"), encoding="utf-8")
    assert load_entries(engine, entries).added == ["alpha"]
    with Session(engine) as session:
        assert [row.slug for row in session.exec(live_terms().order_by(TermRow.slug))] == ["alpha", "beta"]
        history = session.exec(
            select(TermRevisionRow.number, TermRevisionRow.action).where(TermRevisionRow.slug == "alpha")
        ).all()
        assert sorted(history) == [(1, "load"), (2, "delete"), (3, "load")]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("twin", entry_text("twin", "perceptron", "쌍둥이"), "duplicate name 'perceptron'"),
        ("twin", entry_text("twin", "twin", "퍼 셉트론"), "duplicate name '퍼 셉트론'"),
        ("twin", entry_text("twin", "twin", "쌍둥이", related=("no-such-term",)), "related slug 'no-such-term'"),
        ("twin", entry_text("twin", "twin", "쌍둥이", related=("twin",)), "related to itself"),
        ("twin", entry_text("twin", "twin", "쌍둥이", aliases=("Adam",)), "alias 'Adam' is the name of another"),
        ("twin", entry_text("twin", "twin", "쌍둥이", body_ko="$\\begin{cases} a$"), "Korean body: formula"),
        ("twin", "---\nslug: twin\n---\n", "missing field 'en'"),
        ("twin", "no front matter here", "malformed front matter"),
    ],
)
def test_broken_entry_stops_loading_naming_the_file(database_url, tmp_path, entries_copy, name, text, expected):
    engine = fresh_engine(database_url)
    load_entries(engine, entries_copy)
    before = dump(engine)
    (entries_copy / f"{name}.md").write_text(text, encoding="utf-8")
    lines = load_error_lines(engine, entries_copy)
    assert any(f"{name}.md" in line and expected in line for line in lines), lines
    assert dump(engine) == before


def test_duplicate_slug_in_two_folders_is_rejected(database_url, tmp_path, entries_copy):
    (entries_copy / "extra").mkdir()
    (entries_copy / "extra" / "adam.md").write_text(entry_text("adam", "Adam 2", "아담 2"), encoding="utf-8")
    lines = load_error_lines(fresh_engine(database_url), entries_copy)
    assert any("extra/adam.md" in line and "duplicate slug 'adam'" in line for line in lines), lines


def test_missing_language_stops_loading(database_url, tmp_path, entries_copy):
    path = entries_copy / "adam.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("<!-- en -->")], encoding="utf-8")
    lines = load_error_lines(fresh_engine(database_url), entries_copy)
    assert lines == [f"{path}: missing the English body (a line '<!-- en -->')"]


def test_cli_load_reports_counts_then_nothing_to_do(database_url):
    command = [sys.executable, "-m", "glossary", "load", "--database-url", database_url]
    first = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    second = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert " added" in first.stdout and "0 added" not in first.stdout
    assert "0 added, 0 updated, 0 removed" in second.stdout


def test_cli_exits_non_zero_naming_the_broken_file(tmp_path, entries_copy):
    (entries_copy / "broken.md").write_text("---\nslug: [unclosed\n---\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "glossary", "check", "--entries", str(entries_copy)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "broken.md: malformed front matter" in result.stderr


def test_shared_word_needs_ambiguous_with_on_both_sides_and_a_note(database_url, tmp_path):
    entries = tmp_path / "entries"
    entries.mkdir()
    normalization = entry_text("normalization", "normalization", "정규화", related=("regularization",))
    regularization = entry_text("regularization", "regularization", "규제", related=("normalization",),
                                aliases=("정규화",))
    (entries / "normalization.md").write_text(normalization, encoding="utf-8")
    (entries / "regularization.md").write_text(regularization, encoding="utf-8")
    engine = fresh_engine(database_url)
    assert any("add 'normalization' to ambiguous_with" in line for line in load_error_lines(engine, entries))

    note = "variants:\n  ko: 정규화는 두 뜻으로 쓰인다.\n  en: 정규화 has two meanings.\n"
    declared = regularization.replace("related:", "ambiguous_with: [normalization]\nrelated:")
    (entries / "regularization.md").write_text(declared, encoding="utf-8")
    assert any("needs a variants note" in line for line in load_error_lines(engine, entries))

    (entries / "regularization.md").write_text(declared.replace("summary:", note + "summary:"), encoding="utf-8")
    load_entries(engine, entries)
    with Session(engine) as session:
        row = session.exec(select(TermRow).where(TermRow.slug == "regularization")).one()
    assert row.ambiguous_with == ["normalization"]


def test_upgrade_from_the_first_schema_keeps_every_row(database_url, entries_copy):
    from sqlalchemy import inspect, text

    from glossary.migrate import head_revision, upgrade_database

    engine = make_engine(database_url)
    upgrade_database(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO term (slug, name_en, name_ko, category, summary_en, summary_ko, definition_en,"
            " definition_ko, definition_html_en, definition_html_ko, aliases, tags, related, demos, \"references\","
            " source_path, source_hash) VALUES ('old', 'old', '옛', 'math', 's', 's', 'd', 'd', 'h', 'h',"
            " '[]', '[\"kept\"]', '[]', '[]', '[]', 'old.md', 'x')"
        ))
        term_id = connection.execute(text("SELECT id FROM term WHERE slug = 'old'")).scalar()
        connection.execute(text("INSERT INTO term_tag (term_id, tag) VALUES (:id, 'kept')"), {"id": term_id})
    create_schema(engine)  # what start-up runs: upgrade to the newest revision
    with Session(engine) as session:
        row = session.exec(select(TermRow).where(TermRow.slug == "old")).one()
        assert (row.name_ko, row.tags, row.ambiguous_with) == ("옛", ["kept"], [])
        assert session.exec(select(TermTagRow).where(TermTagRow.term_id == term_id)).one().tag == "kept"
    assert "zero_result_query" in inspect(engine).get_table_names()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    assert "old" in load_entries(engine, entries_copy).removed  # and loading works on the upgraded schema


def test_database_made_before_migrations_is_adopted_not_rebuilt(database_url, entries_copy):
    from sqlalchemy import text

    from glossary.migrate import head_revision, upgrade_database

    engine = make_engine(database_url)
    upgrade_database(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))  # as create_all left databases before migrations
    create_schema(engine)
    report = load_entries(engine, entries_copy)
    assert len(report.added) == len(list(entries_copy.glob("*.md")))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()


def test_prerequisites_must_exist_and_form_no_cycle(tmp_path: Path) -> None:
    entries = tmp_path / "entries"
    entries.mkdir()
    texts = {
        "alpha": entry_text("alpha", "alpha", "알파"),
        "beta": entry_text("beta", "beta", "베타"),
        "gamma": entry_text("gamma", "gamma", "감마"),
    }
    prerequisites = {"alpha": "[gamma]", "beta": "[alpha]", "gamma": "[beta, missing]"}
    for slug, text in texts.items():
        (entries / f"{slug}.md").write_text(text.replace("related: []", f"related: []\nprerequisites: {prerequisites[slug]}"))
    with pytest.raises(LoadError) as raised:
        read_entries(entries)
    messages = [error.problem for error in raised.value.errors]
    assert "prerequisite slug 'missing' does not exist" in messages
    cycles = [message for message in messages if message.startswith("prerequisites form a cycle")]
    assert cycles == ["prerequisites form a cycle: alpha → gamma → beta → alpha"]

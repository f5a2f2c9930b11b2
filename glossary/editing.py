"""Changing terms in the database: create, replace, merge-patch, soft delete, restore, revert, import.

Every change is checked as strictly as the loader checks files (both languages, resolvable slugs, unique names
and aliases, formulas that parse), names the revision it was based on (a stale one is a `Conflict`), and is kept
as a revision. Writers go one at a time (`_lock_for_writing`), so a check and its write see the same glossary.
"""

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import text
from sqlmodel import Session, select

from glossary.documents import (
    TermDocument,
    changed_fields,
    document_from_row,
    document_json,
    entry_file_text,
    entry_from_document,
)
from glossary.entry_file import EntryError, parse_entry_file
from glossary.loader import content_hash, cross_check, fill_row, record_revision, replace_tags
from glossary.models import TermRevisionRow, TermRow, now
from glossary.queries import TermDeleted, TermNotFound

ANY_REVISION = None  # `If-Match: *`


class EditRejected(ValueError):
    """The change would break the glossary; `problems` lists every reason, one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class Conflict(Exception):
    """The change was based on a revision that is no longer the latest."""

    def __init__(self, slug: str, expected: int, current: int) -> None:
        super().__init__(
            f"{slug!r} is at revision {current}, not {expected}: someone changed it since you read it; "
            "fetch it again, reapply your change and send it with the new ETag"
        )
        self.current = current


class SlugTaken(Exception):
    def __init__(self, slug: str, deleted: bool) -> None:
        hint = f"; it was deleted: POST /api/terms/{slug}/restore" if deleted else ""
        super().__init__(f"a term with slug {slug!r} already exists{hint}")


@dataclass(frozen=True)
class ImportReport:
    created: list[str]
    updated: list[str]
    unchanged: list[str]


def _lock_for_writing(session: Session) -> None:
    """Make this transaction the only writer until it ends; readers go on.

    SQLite: a write as the transaction's first statement takes the write lock before any read snapshot exists,
    so a concurrent writer waits (busy timeout) instead of failing later. PostgreSQL: a table lock that only
    conflicts with itself.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("UPDATE term SET revision = revision WHERE 0"))
    else:
        session.execute(text("LOCK TABLE term IN SHARE ROW EXCLUSIVE MODE"))


def current_row(session: Session, slug: str) -> TermRow:
    """The term's row, deleted or not; raises TermNotFound."""
    row = session.exec(select(TermRow).where(TermRow.slug == slug)).first()
    if row is None:
        raise TermNotFound(slug)
    return row



def _live_row(session: Session, slug: str) -> TermRow:
    row = current_row(session, slug)
    if row.deleted_at is not None:
        raise TermDeleted(slug)
    return row


def _check_revision(row: TermRow, expected: int | None) -> None:
    if expected is not ANY_REVISION and row.revision != expected:
        raise Conflict(row.slug, expected, row.revision)


def _validate(session: Session, documents: Iterable[TermDocument]) -> None:
    """Check `documents` against every other live term, the way the loader checks files; raise EditRejected."""
    incoming = {document.slug: document for document in documents}
    rows = session.exec(select(TermRow)).all()
    deleted = {row.slug for row in rows if row.deleted_at is not None} - set(incoming)
    entries = [
        entry_from_document(document_from_row(row), Path(f"{row.slug}.md"))
        for row in rows
        if row.deleted_at is None and row.slug not in incoming
    ]
    entries += [entry_from_document(document, Path(f"{slug}.md")) for slug, document in incoming.items()]
    problems = [f"{Path(error.path).stem}: {error.problem}" for error in cross_check(entries, deleted)]
    if problems:
        raise EditRejected(problems)


def _write(session: Session, row: TermRow, document: TermDocument, action: str, author: str) -> None:
    """Render and store `document` in `row`, mark it edited, record the revision."""
    before = document_json(document_from_row(row)) if row.id is not None and row.deleted_at is None else None
    source_path = row.source_path or f"{document.slug}.md"
    try:
        fill_row(row, entry_from_document(document, Path(source_path)), source_path, row.source_hash or "")
    except EntryError as error:
        raise EditRejected([f"{document.slug}: {error.problem}"]) from None
    row.edited = True
    row.deleted_at = None
    session.add(row)
    record_revision(session, row, action, author, before)
    session.flush()
    replace_tags(session, row)


def create_term(session: Session, document: TermDocument, author: str) -> TermRow:
    _lock_for_writing(session)
    existing = session.exec(select(TermRow).where(TermRow.slug == document.slug)).first()
    if existing is not None:
        raise SlugTaken(document.slug, deleted=existing.deleted_at is not None)
    _validate(session, [document])
    row = TermRow(source_path="", source_hash="")
    _write(session, row, document, "create", author)
    session.commit()
    return row


def replace_term(session: Session, slug: str, document: TermDocument, expected: int | None, author: str) -> TermRow:
    """PUT: the whole document; its slug must be the one in the URL (terms are not renamed)."""
    if document.slug != slug:
        raise EditRejected([f"the document's slug {document.slug!r} differs from the URL's {slug!r}; "
                            "a term's slug cannot change"])
    _lock_for_writing(session)
    row = _live_row(session, slug)
    _check_revision(row, expected)
    if document_json(document) == document_json(document_from_row(row)):
        return row  # nothing changed: no new revision
    _validate(session, [document])
    _write(session, row, document, "update", author)
    session.commit()
    return row


def merge_patch(target: Any, patch: Any) -> Any:
    """JSON Merge Patch (RFC 7396): objects merge key by key, null removes a key, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def patch_term(session: Session, slug: str, patch: dict[str, Any], expected: int | None, author: str) -> TermRow:
    """PATCH: a JSON Merge Patch of the term's document, e.g. {"aliases": [...], "summary": {"en": "..."}}."""
    current = document_json(document_from_row(_live_row(session, slug)))
    merged = merge_patch(current, patch)
    try:
        document = TermDocument.model_validate(merged)
    except ValidationError as error:
        raise EditRejected([_describe(detail) for detail in error.errors()]) from None
    session.rollback()  # the read above must not hold a snapshot when the write lock is taken
    return replace_term(session, slug, document, expected, author)


def delete_term(session: Session, slug: str, expected: int | None, author: str) -> TermRow:
    """Soft delete: hidden everywhere, kept with its history; restore_term brings it back."""
    _lock_for_writing(session)
    row = _live_row(session, slug)
    _check_revision(row, expected)
    row.deleted_at = now()
    row.edited = True  # a deletion is an edit: loading the file again must not silently undo it
    record_revision(session, row, "delete", author, document_json(document_from_row(row)))
    session.commit()
    return row


def restore_term(session: Session, slug: str, author: str) -> TermRow:
    _lock_for_writing(session)
    row = current_row(session, slug)
    if row.deleted_at is None:
        raise EditRejected([f"{slug}: the term is not deleted"])
    _validate(session, [document_from_row(row)])  # its names may have been taken meanwhile
    row.deleted_at = None
    row.edited = True
    record_revision(session, row, "restore", author, document_json(document_from_row(row)))
    session.commit()
    return row


def revert_term(session: Session, slug: str, to_number: int, expected: int | None, author: str) -> TermRow:
    """A new revision whose document is that of revision `to_number`: history only ever grows."""
    _lock_for_writing(session)
    row = _live_row(session, slug)
    _check_revision(row, expected)
    old = revision(session, slug, to_number)
    document = TermDocument.model_validate(old.document)
    _validate(session, [document])
    _write(session, row, document, "revert", author)
    session.commit()
    return row


def import_documents(session: Session, documents: list[TermDocument], author: str) -> ImportReport:
    """All or nothing: every document is checked with the rest of the glossary first; one problem rejects all.

    A document for a new slug creates the term, a changed one updates it (restoring it if deleted), an
    identical one is left alone. Terms not in the batch are not touched.
    """
    slugs = [document.slug for document in documents]
    duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if duplicates:
        raise EditRejected([f"{slug}: appears more than once in the import" for slug in duplicates])
    _lock_for_writing(session)
    _validate(session, documents)
    rows = {row.slug: row for row in session.exec(select(TermRow).where(TermRow.slug.in_(slugs)))}
    report = ImportReport(created=[], updated=[], unchanged=[])
    for document in documents:
        row = rows.get(document.slug)
        if row is not None and row.deleted_at is None and document_json(document_from_row(row)) == document_json(
            document
        ):
            report.unchanged.append(document.slug)
            continue
        (report.updated if row is not None else report.created).append(document.slug)
        _write(session, row or TermRow(source_path="", source_hash=""), document, "import", author)
    session.commit()
    return report


# ---------------------------------------------------------------------------------------------------------
# History
# ---------------------------------------------------------------------------------------------------------


def history(session: Session, slug: str) -> list[TermRevisionRow]:
    """Every revision of `slug`, newest first (a deleted term keeps its history)."""
    current_row(session, slug)
    return list(session.exec(
        select(TermRevisionRow).where(TermRevisionRow.slug == slug).order_by(TermRevisionRow.number.desc())
    ))


def revision(session: Session, slug: str, number: int) -> TermRevisionRow:
    found = session.exec(
        select(TermRevisionRow).where(TermRevisionRow.slug == slug, TermRevisionRow.number == number)
    ).first()
    if found is None:
        current_row(session, slug)
        raise RevisionNotFound(slug, number)
    return found


class RevisionNotFound(LookupError):
    def __init__(self, slug: str, number: int) -> None:
        super().__init__(f"{slug!r} has no revision {number}")


@dataclass(frozen=True)
class FieldDiff:
    field: str
    before: Any
    after: Any
    lines: list[str]  # a unified diff of the text, for text fields; empty for lists and objects


def diff_documents(before: dict[str, Any], after: dict[str, Any]) -> list[FieldDiff]:
    """What changed between two documents, field by field; bilingual fields are compared per language."""
    diffs: list[FieldDiff] = []
    for field in changed_fields(before, after):
        old, new = before.get(field), after.get(field)
        if isinstance(old, dict) or isinstance(new, dict):
            old, new = old or {}, new or {}
            for language in sorted(set(old) | set(new)):
                if old.get(language) != new.get(language):
                    diffs.append(_text_diff(f"{field}.{language}", old.get(language), new.get(language)))
        elif isinstance(old, str) or isinstance(new, str):
            diffs.append(_text_diff(field, old, new))
        else:
            diffs.append(FieldDiff(field, old, new, []))
    return diffs


def _text_diff(field: str, old: str | None, new: str | None) -> FieldDiff:
    lines = difflib.unified_diff(
        (old or "").splitlines(), (new or "").splitlines(), "before", "after", lineterm="", n=2
    )
    return FieldDiff(field, old, new, list(lines)[2:])  # drop the ---/+++ header lines


def _describe(detail: dict) -> str:
    where = ".".join(str(part) for part in detail["loc"]) or "document"
    return f"{where}: {detail['msg']}"


def write_entry_files(session: Session, directory: Path) -> list[str]:
    """Write every term edited in the database back to its entry file below `directory`; return their slugs.

    Afterwards files and database agree: each written term is marked as loaded from its new file, so the next
    load finds nothing to do. A deleted term's file is removed. Files are replaced atomically.
    """
    _lock_for_writing(session)
    written: list[str] = []
    for row in session.exec(select(TermRow).where(TermRow.edited)).all():
        path = directory / (row.source_path or f"{row.slug}.md")
        if row.deleted_at is not None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.partial")
            partial.write_text(entry_file_text(document_from_row(row)), encoding="utf-8")
            partial.replace(path)
            row.source_path = path.relative_to(directory).as_posix()
            row.source_hash = content_hash(parse_entry_file(path), directory)
        row.edited = False
        written.append(row.slug)
    session.commit()
    return written

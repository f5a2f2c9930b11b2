"""Load the entry files into the database: validate everything first, then write only what changed.

Loading is idempotent: an entry whose file (and renderer) did not change is not written at all, and the whole
load happens in one transaction, so a broken file leaves the database exactly as it was.
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, delete
from sqlmodel import Session, select

from glossary.documents import changed_fields, document_from_row, document_json
from glossary.entry_file import Entry, EntryError, parse_entry_file
from glossary.markdown import RENDERER_VERSION, FormulaError, render_markdown
from glossary.models import TermRevisionRow, TermRow, TermTagRow, now


class LoadError(Exception):
    """Every problem found in the entry files, one line each, naming the file."""

    def __init__(self, errors: list[EntryError]) -> None:
        self.errors = errors
        lines = "\n".join(f"  {error}" for error in errors)
        super().__init__(f"{len(errors)} problem(s) in the glossary entries:\n{lines}")


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # Terms edited in the database since their file was loaded (or created there): left as they are.
    kept: list[str] = field(default_factory=list)
    unchanged: int = 0

    def __str__(self) -> str:
        text = (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {self.unchanged} unchanged"
        )
        if self.kept:
            text += (
                f"; kept the database's edits of {len(self.kept)} term(s) ({', '.join(self.kept[:10])}"
                f"{', ...' if len(self.kept) > 10 else ''}): export them to files, or load with --force"
            )
        return text


def read_entries(directory: Path) -> list[Entry]:
    """Parse and cross-check every `*.md` file below `directory`; raises LoadError listing every problem."""
    entries: list[Entry] = []
    errors: list[EntryError] = []
    unparsed_slugs: set[str] = set()
    for path in sorted(directory.rglob("*.md")):
        try:
            entries.append(parse_entry_file(path))
        except EntryError as error:
            errors.append(error)
            unparsed_slugs.add(path.stem)
    errors.extend(cross_check(entries, unparsed_slugs))
    if errors:
        raise LoadError(errors)
    return entries


def _name_key(name: str) -> str:
    """Names that differ only in case or spacing are the same name (선형 분리 = 선형분리)."""
    return re.sub(r"\s+", "", name).casefold()


def cross_check(entries: list[Entry], unparsed_slugs: set[str]) -> list[EntryError]:
    """Problems between files. A link to a file that failed to parse is not reported again: one cause, one line."""
    errors: list[EntryError] = []
    slug_owner: dict[str, Entry] = {}
    name_owner: dict[str, Entry] = {}
    for entry in entries:
        if entry.meta.slug in slug_owner:
            other = slug_owner[entry.meta.slug]
            errors.append(EntryError(entry.path, f"duplicate slug {entry.meta.slug!r} (also in {other.path})"))
            continue
        slug_owner[entry.meta.slug] = entry
        for name in (entry.meta.en, entry.meta.ko):
            other = name_owner.setdefault(_name_key(name), entry)
            if other is not entry:
                errors.append(EntryError(entry.path, f"duplicate name {name!r} (also the name of {other.path})"))
    alias_owners: dict[str, list[Entry]] = {}
    for entry in entries:
        for alias in entry.meta.aliases:
            alias_owners.setdefault(_name_key(alias), []).append(entry)
            owner = name_owner.get(_name_key(alias))
            if owner is not None and owner is not entry and owner.meta.slug not in entry.meta.ambiguous_with:
                errors.append(EntryError(
                    entry.path,
                    f"alias {alias!r} is the name of another entry ({owner.path}); "
                    f"if both meanings are real, add {owner.meta.slug!r} to ambiguous_with and explain in variants",
                ))
    for key, owners in alias_owners.items():
        for entry in owners:
            for other in owners:
                if other is not entry and other.meta.slug not in entry.meta.ambiguous_with:
                    errors.append(EntryError(
                        entry.path,
                        f"alias {key!r} is also an alias of {other.meta.slug!r}: list it in ambiguous_with, with a note",
                    ))
    for entry in entries:
        if entry.meta.ambiguous_with and entry.meta.variants is None:
            errors.append(EntryError(entry.path, "ambiguous_with needs a variants note that tells the meanings apart"))
        for slug in entry.meta.ambiguous_with:
            if slug not in slug_owner and slug not in unparsed_slugs:
                errors.append(EntryError(entry.path, f"ambiguous_with slug {slug!r} does not exist"))
        for slug in entry.meta.related:
            if slug == entry.meta.slug:
                errors.append(EntryError(entry.path, "an entry cannot be related to itself"))
            elif slug not in slug_owner and slug not in unparsed_slugs:
                errors.append(EntryError(entry.path, f"related slug {slug!r} does not exist"))
        for slug in entry.meta.prerequisites:
            if slug == entry.meta.slug:
                errors.append(EntryError(entry.path, "an entry cannot be its own prerequisite"))
            elif slug not in slug_owner and slug not in unparsed_slugs:
                errors.append(EntryError(entry.path, f"prerequisite slug {slug!r} does not exist"))
    errors.extend(_prerequisite_cycles(slug_owner))
    return errors


def _prerequisite_cycles(entries: dict[str, Entry]) -> list[EntryError]:
    """A prerequisite chain that comes back to where it started, reported once at the entry it starts from."""
    errors: list[EntryError] = []
    done: set[str] = set()
    for start in entries:
        path: list[str] = []
        on_path: set[str] = set()

        def visit(slug: str) -> None:
            if slug in done or slug not in entries:
                return
            if slug in on_path:
                cycle = path[path.index(slug):] + [slug]
                errors.append(EntryError(entries[slug].path, f"prerequisites form a cycle: {' → '.join(cycle)}"))
                return
            path.append(slug)
            on_path.add(slug)
            for prerequisite in entries[slug].meta.prerequisites:
                visit(prerequisite)
            path.pop()
            on_path.discard(slug)
            done.add(slug)

        visit(start)
    return errors


def content_hash(entry: Entry, directory: Path) -> str:
    """What decides whether a file changed since it was loaded: its bytes, its path and the renderer version."""
    digest = hashlib.sha256()
    for part in (RENDERER_VERSION, entry.path.relative_to(directory).as_posix(), entry.source_hash):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def _render(entry: Entry, source: str, what: str) -> str:
    try:
        return render_markdown(source)
    except FormulaError as error:
        raise EntryError(entry.path, f"{what}: {error}") from None


def fill_row(row: TermRow, entry: Entry, source_path: str, content_hash: str) -> None:
    """Copy an entry into a row, rendering its Markdown; raises EntryError for a formula that does not parse."""
    meta = entry.meta
    row.slug = meta.slug
    row.name_en, row.name_ko = meta.en, meta.ko
    row.category = meta.category
    row.summary_en, row.summary_ko = meta.summary.en, meta.summary.ko
    row.definition_en, row.definition_ko = entry.body_en, entry.body_ko
    row.definition_html_en = _render(entry, entry.body_en, "English body")
    row.definition_html_ko = _render(entry, entry.body_ko, "Korean body")
    row.variants_en = meta.variants.en if meta.variants else None
    row.variants_ko = meta.variants.ko if meta.variants else None
    row.variants_html_en = _render(entry, meta.variants.en, "English variants note") if meta.variants else None
    row.variants_html_ko = _render(entry, meta.variants.ko, "Korean variants note") if meta.variants else None
    row.aliases = list(meta.aliases)
    row.tags = list(meta.tags)
    row.related = list(meta.related)
    row.ambiguous_with = list(meta.ambiguous_with)
    row.demos = list(meta.demos)
    row.prerequisites = list(meta.prerequisites)
    row.references = [reference.model_dump(exclude_none=True) for reference in meta.references]
    row.source_path = source_path
    row.source_hash = content_hash


def record_revision(session: Session, row: TermRow, action: str, author: str, before: dict | None) -> None:
    """Bump the row's revision and keep the change: who, when, which fields, and the whole document after it.

    For a new row, call this before its first flush: an unflushed row is how a first revision is recognised.
    """
    document = document_json(document_from_row(row))
    row.revision = 1 if row.id is None else row.revision + 1  # a row not yet flushed has no history
    row.updated_at = now()
    session.add(TermRevisionRow(
        slug=row.slug,
        number=row.revision,
        action=action,
        author=author,
        created_at=row.updated_at,
        changed=changed_fields(before, document) if action not in ("delete", "restore") else [],
        document=document,
    ))


def replace_tags(session: Session, row: TermRow) -> None:
    session.exec(delete(TermTagRow).where(TermTagRow.term_id == row.id))
    session.add_all(TermTagRow(term_id=row.id, tag=tag) for tag in row.tags)


def load_entries(engine: Engine, directory: Path, force: bool = False) -> LoadReport:
    """Bring the database in step with the entry files below `directory`; raises LoadError, writing nothing.

    A term edited in the database since its file was loaded (or created there) is kept as it is: the newer
    edit wins over the file. `force` makes the files win; the edit stays in the term's history. A term whose
    file is gone is soft-deleted, so it too can be restored.
    """
    entries = read_entries(directory)
    report = LoadReport()
    errors: list[EntryError] = []
    with Session(engine) as session:
        existing = {row.slug: row for row in session.exec(select(TermRow))}
        changed: list[tuple[TermRow, Entry, dict | None]] = []
        for entry in entries:
            file_hash = content_hash(entry, directory)
            row = existing.pop(entry.meta.slug, None)
            if row is not None and row.edited and not force:
                report.kept.append(entry.meta.slug)
                continue
            if row is not None and row.source_hash == file_hash and row.deleted_at is None and not row.edited:
                report.unchanged += 1
                continue
            before = document_json(document_from_row(row)) if row is not None and row.deleted_at is None else None
            (report.updated if row and row.deleted_at is None else report.added).append(entry.meta.slug)
            row = row or TermRow()
            try:
                fill_row(row, entry, entry.path.relative_to(directory).as_posix(), file_hash)
            except EntryError as error:
                errors.append(error)
            row.edited = False
            row.deleted_at = None
            changed.append((row, entry, before))
        if errors:
            raise LoadError(errors)
        for row in existing.values():
            if row.deleted_at is not None:
                continue
            if row.edited and not force:
                report.kept.append(row.slug)
                continue
            report.removed.append(row.slug)
            row.deleted_at = now()
            row.edited = False
            record_revision(session, row, "delete", f"file:{row.source_path}", document_json(document_from_row(row)))
        for row, entry, before in changed:
            session.add(row)
            record_revision(session, row, "load", f"file:{row.source_path}", before)
        session.flush()
        for row, _entry, _before in changed:
            replace_tags(session, row)
        session.commit()
    return report

"""The editable form of a term — an entry file's front matter plus its two bodies — and its conversions.

The same `TermDocument` is what the write API accepts, what a revision stores, what export writes and import
reads, and what an entry file holds; so a term can move between a file, the database and JSON without loss.
"""

from pathlib import Path
from typing import Any

import yaml

from glossary.entry_file import BODY_MARKERS, Bilingual, Entry, FrontMatter
from glossary.models import TermRow

# Front-matter keys in the order entry files write them.
FIELD_ORDER = (
    "slug", "en", "ko", "category", "aliases", "tags", "related", "prerequisites", "ambiguous_with", "demos",
    "references", "summary", "variants",
)


class TermDocument(FrontMatter):
    """Everything a person edits about a term. `definition` holds the Korean and English Markdown bodies."""

    definition: Bilingual


def document_from_entry(entry: Entry) -> TermDocument:
    return TermDocument(
        **entry.meta.model_dump(), definition=Bilingual(ko=entry.body_ko, en=entry.body_en)
    )


def document_from_row(row: TermRow) -> TermDocument:
    variants = None
    if row.variants_ko is not None and row.variants_en is not None:
        variants = {"ko": row.variants_ko, "en": row.variants_en}
    return TermDocument.model_validate({
        "slug": row.slug,
        "en": row.name_en,
        "ko": row.name_ko,
        "category": row.category,
        "aliases": row.aliases,
        "tags": row.tags,
        "related": row.related,
        "prerequisites": row.prerequisites,
        "ambiguous_with": row.ambiguous_with,
        "demos": row.demos,
        "references": row.references,
        "summary": {"ko": row.summary_ko, "en": row.summary_en},
        "variants": variants,
        "definition": {"ko": row.definition_ko, "en": row.definition_en},
    })


def document_json(document: TermDocument) -> dict[str, Any]:
    """The document as stored in a revision and exported: unset optional fields left out."""
    return document.model_dump(mode="json", exclude_none=True)


def entry_file_text(document: TermDocument) -> str:
    """The entry file that holds `document`; parse_entry_file(that file) gives the same document back."""
    data = document.model_dump(mode="json", exclude_none=True)
    front = {key: data[key] for key in FIELD_ORDER if key in data}
    yaml_text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100_000)
    return (
        f"---\n{yaml_text}---\n{BODY_MARKERS['ko']}\n{document.definition.ko}\n\n"
        f"{BODY_MARKERS['en']}\n{document.definition.en}\n"
    )


def entry_from_document(document: TermDocument, path: Path) -> Entry:
    """An `Entry` as if read from `path`, for the checks and rendering shared with the loader (no file, no hash)."""
    meta = FrontMatter.model_validate(document.model_dump(exclude={"definition"}))
    return Entry(path=path, meta=meta, body_ko=document.definition.ko, body_en=document.definition.en, source_hash="")


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """Top-level fields whose values differ (all of `after`'s fields when there is no `before`)."""
    if before is None:
        return sorted(after)
    return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))

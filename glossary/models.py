"""Database tables. These never leave the server: the API answers with the public models in glossary/schemas.py."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def now() -> datetime:
    return datetime.now(UTC)


class TermRow(SQLModel, table=True):
    __tablename__ = "term"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True)
    name_en: str
    name_ko: str
    category: str = Field(index=True)
    summary_en: str = Field(sa_column=Column(Text, nullable=False))
    summary_ko: str = Field(sa_column=Column(Text, nullable=False))
    definition_en: str = Field(sa_column=Column(Text, nullable=False))
    definition_ko: str = Field(sa_column=Column(Text, nullable=False))
    # Rendered once at load time: Markdown + LaTeX → sanitised HTML with MathML.
    definition_html_en: str = Field(sa_column=Column(Text, nullable=False))
    definition_html_ko: str = Field(sa_column=Column(Text, nullable=False))
    variants_en: str | None = Field(default=None, sa_column=Column(Text))
    variants_ko: str | None = Field(default=None, sa_column=Column(Text))
    variants_html_en: str | None = Field(default=None, sa_column=Column(Text))
    variants_html_ko: str | None = Field(default=None, sa_column=Column(Text))
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    related: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    ambiguous_with: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    demos: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    prerequisites: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    references: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    source_path: str
    # sha256 of the entry file's bytes and the renderer version: unchanged hash, nothing to write.
    source_hash: str
    # The number of the term's latest revision; a write names the number it read (ETag / If-Match).
    revision: int = 1
    updated_at: datetime = Field(default_factory=now, sa_column=Column(DateTime(timezone=True), nullable=False))
    # Soft delete: the row stays (and its history), hidden from every list, search and page until restored.
    deleted_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    # True when the database holds an edit that is not in the entry file: loading then keeps the database's
    # version unless forced (see docs/editing.md).
    edited: bool = False


class ZeroResultQueryRow(SQLModel, table=True):
    """How often a normalised search query found nothing: the text and a count, nothing about who asked."""

    __tablename__ = "zero_result_query"

    query: str = Field(primary_key=True, max_length=200)
    count: int = 0


class TermTagRow(SQLModel, table=True):
    """One row per (term, tag), so a tag filter is an indexed join on every database."""

    __tablename__ = "term_tag"

    term_id: int = Field(foreign_key="term.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True, index=True)


class TermRevisionRow(SQLModel, table=True):
    """One change to one term: who, when, which fields, and the whole editable document after it."""

    __tablename__ = "term_revision"
    __table_args__ = (UniqueConstraint("slug", "number", name="uq_term_revision_slug_number"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True)
    number: int
    action: str  # load, create, update, delete, restore, revert, import
    author: str
    created_at: datetime = Field(default_factory=now, sa_column=Column(DateTime(timezone=True), nullable=False))
    changed: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    document: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))

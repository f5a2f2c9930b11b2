"""Public models: what the JSON API returns and the pages render. Built from table rows, never the rows themselves."""

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from glossary.documents import TermDocument

from glossary.entry_file import Reference
from glossary.models import TermRow


def _as_utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# Times are stored in UTC; SQLite hands them back without a zone, PostgreSQL with one: always answer with it.
UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class TermSummary(BaseModel):
    slug: str = Field(examples=["perceptron"])
    name_en: str = Field(examples=["perceptron"])
    name_ko: str = Field(examples=["퍼셉트론"])
    category: str = Field(examples=["networks"])
    tags: list[str]
    summary_en: str
    summary_ko: str

    @classmethod
    def from_row(cls, row: TermRow) -> "TermSummary":
        return cls(
            slug=row.slug,
            name_en=row.name_en,
            name_ko=row.name_ko,
            category=row.category,
            tags=row.tags,
            summary_en=row.summary_en,
            summary_ko=row.summary_ko,
        )


class Term(TermSummary):
    aliases: list[str]
    definition_en: str = Field(description="Markdown with LaTeX formulas between $ or $$")
    definition_ko: str = Field(description="Markdown with LaTeX formulas between $ or $$")
    variants_en: str | None = Field(None, description="Which Korean renderings are in use and which we prefer")
    variants_ko: str | None = None
    related: list[str] = Field(description="Slugs of related terms")
    ambiguous_with: list[str] = Field(description="Slugs of terms that share a name or alias with this one")
    references: list[Reference]
    demos: list[str] = Field(description="Ids of live demos that show this idea")
    prerequisites: list[str] = Field(description="Slugs of terms to learn first")
    next: list[str] = Field(
        default_factory=list, description="Slugs of terms that list this one as a prerequisite: what to learn next"
    )
    revision: int = Field(description="Number of the latest revision (see /api/terms/{slug}/history); the ETag")
    updated_at: UtcDatetime = Field(description="When the latest revision was made")

    @classmethod
    def from_row(cls, row: TermRow) -> "Term":
        return cls(
            **TermSummary.from_row(row).model_dump(),
            aliases=row.aliases,
            definition_en=row.definition_en,
            definition_ko=row.definition_ko,
            variants_en=row.variants_en,
            variants_ko=row.variants_ko,
            related=row.related,
            ambiguous_with=row.ambiguous_with,
            references=[Reference.model_validate(reference) for reference in row.references],
            demos=row.demos,
            prerequisites=row.prerequisites,
            revision=row.revision,
            updated_at=row.updated_at,
        )


class TermList(BaseModel):
    total: int = Field(description="How many terms match, before limit and offset")
    items: list[TermSummary]


class MatchInfo(BaseModel):
    kind: str = Field(
        description="name, alias (exact), prefix, partial (half-typed syllable), initials (초성), substring, "
        "words (every word present) or fuzzy (a typo)",
        examples=["initials"],
    )
    text: str = Field(description="The name or alias that matched", examples=["배치 정규화"])
    highlight: list[tuple[int, int]] = Field(description="[start, end) character spans of text that matched")
    via: str | None = Field(
        None, description="How the query was read: question, singular, keyboard (typed in English mode), loanword"
    )


class SearchHit(TermSummary):
    score: float = Field(description="Higher is better; 100 is an exact name match")
    matched: MatchInfo


class SearchResults(BaseModel):
    query: str
    results: list[SearchHit]
    did_you_mean: str | None = Field(None, description="The best result's name when it matched only as a typo")


class Suggestion(BaseModel):
    slug: str
    name_en: str
    name_ko: str
    category: str
    matched: MatchInfo


class Suggestions(BaseModel):
    query: str
    suggestions: list[Suggestion]
    did_you_mean: str | None = None


class ZeroResultQuery(BaseModel):
    query: str
    count: int


class ZeroResultQueries(BaseModel):
    queries: list[ZeroResultQuery]


class CategoryCount(BaseModel):
    id: str
    name_en: str
    name_ko: str
    count: int


class CategoryList(BaseModel):
    categories: list[CategoryCount]


class TagCount(BaseModel):
    tag: str
    count: int


class TagList(BaseModel):
    tags: list[TagCount]


class IndexGroup(BaseModel):
    key: str = Field(description="The index letter: ㄱ…ㅎ for Korean, A…Z for English; 'A-Z' or '#' for the rest")
    terms: list[TermSummary]


class TermIndex(BaseModel):
    lang: str
    groups: list[IndexGroup]


EXPORT_FORMAT = "dl-glossary/1"


class Export(BaseModel):
    """Every live term as an editable document: what POST /api/import takes back unchanged."""

    format: Literal["dl-glossary/1"] = Field(EXPORT_FORMAT, description="Version of this layout")
    count: int
    terms: list[TermDocument]


class ImportBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["dl-glossary/1"] = Field(description="The format written by GET /api/export")
    count: int | None = Field(None, description="Optional; when given it must equal the number of terms")
    terms: list[TermDocument] = Field(min_length=1, max_length=5000)


class ImportResult(BaseModel):
    created: list[str]
    updated: list[str]
    unchanged: list[str]


class Revision(BaseModel):
    slug: str
    number: int = Field(description="1 for the first version; each change adds one")
    action: str = Field(description="load, create, update, delete, restore, revert or import")
    author: str = Field(description="file:<path> for loads from entry files, else the editor's token name")
    created_at: UtcDatetime
    changed: list[str] = Field(description="Top-level fields that differ from the previous revision")


class History(BaseModel):
    slug: str
    revisions: list[Revision] = Field(description="Newest first")


class RevisionDocument(Revision):
    document: TermDocument


class FieldChange(BaseModel):
    field: str = Field(description="A field, or field.language for bilingual ones (definition.ko)")
    before: Any
    after: Any
    lines: list[str] = Field(description="Unified diff lines (' ', '-', '+', '@@') for text fields")


class RevisionDiff(BaseModel):
    slug: str
    before: int
    after: int
    changes: list[FieldChange]


class Deleted(BaseModel):
    slug: str
    revision: int
    deleted_at: UtcDatetime

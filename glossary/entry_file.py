"""Parse one entry file (YAML front matter, then a Korean and an English Markdown body) into an `Entry`.

The format is described in docs/writing-entries.md. Every problem is raised as an `EntryError` that names the file.
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from glossary.categories import CATEGORY_BY_ID

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
BODY_MARKERS = {"ko": "<!-- ko -->", "en": "<!-- en -->"}
LANGUAGE_NAMES = {"ko": "Korean", "en": "English"}

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]


class EntryError(Exception):
    """A problem with one entry file; its message starts with the file's path."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{_shown(path)}: {problem}")
        self.path = path
        self.problem = problem


class Reference(BaseModel):
    model_config = ConfigDict(extra="forbid")

    authors: list[Text] = Field(min_length=1)
    title: Text
    year: int = Field(ge=1600, le=2100)
    venue: Text | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None


class Bilingual(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ko: Text
    en: Text


class FrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: Slug
    en: Text
    ko: Text
    category: str
    aliases: list[Text] = []
    tags: list[Slug] = Field(min_length=1)
    related: list[Slug] = []
    # Entries that share a name or alias with this one (정규화: normalization and regularization).
    ambiguous_with: list[Slug] = []
    demos: list[Slug] = []
    # Terms a reader should know first ("learn first"); the reverse links are the "next" terms. No cycles.
    prerequisites: list[Slug] = []
    references: list[Reference] = []
    summary: Bilingual
    variants: Bilingual | None = None

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in CATEGORY_BY_ID:
            raise ValueError(f"unknown category {value!r}; expected one of {', '.join(CATEGORY_BY_ID)}")
        return value


@dataclass(frozen=True)
class Entry:
    """One parsed entry file: its front matter, its two Markdown bodies and the hash of its bytes."""

    path: Path
    meta: FrontMatter
    body_ko: str
    body_en: str
    source_hash: str


def parse_entry_file(path: Path) -> Entry:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EntryError(path, f"not UTF-8 text ({error})") from None
    front_text, body = _split_front_matter(path, text)
    meta = _parse_front_matter(path, front_text)
    if meta.slug != path.stem:
        raise EntryError(path, f"slug {meta.slug!r} does not match the file name {path.name!r}")
    _check_aliases(path, meta)
    bodies = _split_bodies(path, body)
    return Entry(
        path=path,
        meta=meta,
        body_ko=bodies["ko"],
        body_en=bodies["en"],
        source_hash=hashlib.sha256(raw).hexdigest(),
    )


def _split_front_matter(path: Path, text: str) -> tuple[str, str]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise EntryError(path, "malformed front matter: the file must start with a line '---'")
    end = text.find("\n---\n", 3)
    if end == -1:
        raise EntryError(path, "malformed front matter: no closing '---' line")
    return text[4:end], text[end + 5 :]


def _parse_front_matter(path: Path, front_text: str) -> FrontMatter:
    try:
        data = yaml.safe_load(front_text)
    except yaml.YAMLError as error:
        raise EntryError(path, f"malformed front matter: {_one_line(str(error))}") from None
    if not isinstance(data, dict):
        raise EntryError(path, "malformed front matter: expected 'key: value' lines")
    try:
        return FrontMatter.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(_describe(detail) for detail in error.errors())
        raise EntryError(path, f"invalid front matter: {problems}") from None


def _describe(detail: dict) -> str:
    where = ".".join(str(part) for part in detail["loc"])
    if detail["type"] == "missing":
        if where.startswith("summary."):
            return f"missing the {LANGUAGE_NAMES[where[-2:]]} summary ({where})"
        return f"missing field {where!r}"
    return f"{where}: {detail['msg']}"


def _check_aliases(path: Path, meta: FrontMatter) -> None:
    names = {meta.en.casefold(), meta.ko.casefold()}
    seen: set[str] = set()
    for alias in meta.aliases:
        key = alias.casefold()
        if key in names:
            raise EntryError(path, f"alias {alias!r} repeats the entry's own name")
        if key in seen:
            raise EntryError(path, f"alias {alias!r} is listed twice")
        seen.add(key)


def _split_bodies(path: Path, body: str) -> dict[str, str]:
    lines = body.split("\n")
    positions: dict[str, int] = {}
    for language, marker in BODY_MARKERS.items():
        found = [number for number, line in enumerate(lines) if line.strip() == marker]
        if not found:
            raise EntryError(path, f"missing the {LANGUAGE_NAMES[language]} body (a line '{marker}')")
        if len(found) > 1:
            raise EntryError(path, f"the marker '{marker}' appears {len(found)} times")
        positions[language] = found[0]
    if any(line.strip() for line in lines[: min(positions.values())]):
        raise EntryError(path, "text between the front matter and the first body marker")
    order = sorted(positions, key=positions.get)
    bodies = {}
    for index, language in enumerate(order):
        end = positions[order[index + 1]] if index + 1 < len(order) else len(lines)
        bodies[language] = "\n".join(lines[positions[language] + 1 : end]).strip()
        if not bodies[language]:
            raise EntryError(path, f"the {LANGUAGE_NAMES[language]} body is empty")
    return bodies


def _shown(path: Path) -> str:
    """The path relative to the working directory when it lies below it: shorter messages, same file."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()

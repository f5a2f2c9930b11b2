"""Study material: the guided path with its terms, a selection of terms (tag, category, path or slugs) as flashcards,
and the same selection as CSV. Pure reads; the Anki deck is built in glossary/anki.py."""

import csv
import io
import re
from dataclasses import dataclass

from sqlmodel import Session

from glossary import queries
from glossary.categories import CATEGORY_BY_ID
from glossary.learning_path import PATHS, LearningPath
from glossary.learning_schemas import (
    Card,
    CardDeck,
    LearningPathOut,
    PathStage,
    PathTerm,
    SelectionKind,
    SelectionOut,
    StudyOptions,
    StudyPathOption,
    StudyStageOption,
    StudyTagOption,
)
from glossary.models import TermRow
from glossary.schemas import TermSummary

MODES = ("ko-en", "en-ko", "name-definition", "definition-name")
MIN_TAG_TERMS = 2  # a one-card tag makes no study session; it is still exportable by name
MAX_SLUGS = 500  # more than the glossary holds: bounds the work of one request
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CSV_COLUMNS = ("slug", "korean", "english", "summary_ko", "summary_en", "url")


class SelectionError(ValueError):
    """A selection that names nothing, names something unknown, or selects no term; says which parameter."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class Selection:
    kind: SelectionKind
    value: str
    label_ko: str
    label_en: str
    terms: list[TermSummary]

    @property
    def file_stem(self) -> str:
        """A file name for exports: ASCII, no spaces, stable for the same selection."""
        if self.kind == "slugs":
            return f"dl-glossary-{len(self.terms)}-terms"
        return "dl-glossary-" + re.sub(r"[^a-z0-9]+", "-", f"{self.kind}-{self.value}".lower()).strip("-")

    def public(self) -> SelectionOut:
        return SelectionOut(kind=self.kind, value=self.value, label_ko=self.label_ko, label_en=self.label_en)


def _path(path_id: str) -> LearningPath:
    path = PATHS.get(path_id)
    if path is None:
        raise SelectionError("path", f"unknown path {path_id!r}; one of {', '.join(PATHS)}")
    return path


def _live_rows(session: Session, slugs: list[str]) -> dict[str, TermRow]:
    return {row.slug: row for row in session.exec(queries.live_terms().where(TermRow.slug.in_(slugs)))}


def path_view(session: Session, path_id: str) -> LearningPathOut:
    """The path's stages with the live terms on them, in path order (a deleted term simply drops out)."""
    path = _path(path_id)
    rows = _live_rows(session, path.slugs)
    stages = [
        PathStage(
            id=stage.id,
            name_ko=stage.name_ko,
            name_en=stage.name_en,
            goal_ko=stage.goal_ko,
            goal_en=stage.goal_en,
            terms=[
                PathTerm(**TermSummary.from_row(rows[slug]).model_dump(), prerequisites=rows[slug].prerequisites)
                for slug in stage.slugs
                if slug in rows
            ],
        )
        for stage in path.stages
    ]
    return LearningPathOut(
        id=path.id,
        name_ko=path.name_ko,
        name_en=path.name_en,
        total=sum(len(stage.terms) for stage in stages),
        stages=stages,
    )


def _parse_slugs(text: str) -> list[str]:
    slugs = list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not slugs:
        raise SelectionError("slugs", "no slug given; list term slugs separated by commas")
    if len(slugs) > MAX_SLUGS:
        raise SelectionError("slugs", f"{len(slugs)} slugs; at most {MAX_SLUGS} are accepted")
    malformed = [slug for slug in slugs if not SLUG.match(slug)]
    if malformed:
        raise SelectionError("slugs", f"not a slug: {', '.join(malformed[:5])}")
    return slugs


def select_terms(
    session: Session,
    tag: str | None = None,
    category: str | None = None,
    path: str | None = None,
    stage: str | None = None,
    slugs: str | None = None,
) -> Selection:
    """The terms one of tag, category, path (optionally one stage of it) or slugs selects; raises SelectionError
    when none or several are given, when the value is unknown, or when it selects no term."""
    given = {name: value for name, value in (("tag", tag), ("category", category), ("path", path), ("slugs", slugs))
             if value is not None}
    if len(given) != 1:
        named = ", ".join(given) or "none"
        raise SelectionError("selection", f"give exactly one of tag, category, path or slugs (got {named})")
    if stage is not None and path is None:
        raise SelectionError("stage", "a stage belongs to a path: give path too")

    if tag is not None:
        terms = queries.list_terms(session, tag=tag).items
        if not terms:
            raise SelectionError("tag", f"no term has the tag {tag!r}")
        return Selection("tag", tag, f"#{tag}", f"#{tag}", terms)

    if category is not None:
        found = CATEGORY_BY_ID.get(category)
        if found is None:
            raise SelectionError("category", f"unknown category {category!r}; one of {', '.join(CATEGORY_BY_ID)}")
        terms = queries.list_terms(session, category=category).items
        if not terms:
            raise SelectionError("category", f"the category {category!r} has no terms")
        return Selection("category", category, found.name_ko, found.name_en, terms)

    if path is not None:
        learning_path = _path(path)
        wanted, value, label_ko, label_en = learning_path.slugs, path, learning_path.name_ko, learning_path.name_en
        if stage is not None:
            found_stage = learning_path.stage(stage)
            if found_stage is None:
                stage_ids = ", ".join(s.id for s in learning_path.stages)
                raise SelectionError("stage", f"the path {path!r} has no stage {stage!r}; one of {stage_ids}")
            wanted, value = list(found_stage.slugs), f"{path}/{stage}"
            label_ko, label_en = f"{label_ko}: {found_stage.name_ko}", f"{label_en}: {found_stage.name_en}"
        terms = queries.term_summaries(session, wanted)
        if not terms:
            raise SelectionError("path", f"no term of {value!r} is in the glossary")
        return Selection("path", value, label_ko, label_en, terms)

    wanted = _parse_slugs(slugs or "")
    rows = _live_rows(session, wanted)
    unknown = [slug for slug in wanted if slug not in rows]
    if unknown:
        raise SelectionError("slugs", f"no term with slug {', '.join(unknown[:10])}")
    terms = [TermSummary.from_row(rows[slug]) for slug in wanted]
    label = f"{len(terms)}"
    return Selection("slugs", ",".join(wanted), f"용어 {label}개", f"{label} terms", terms)


def term_path(slug: str) -> str:
    return f"/terms/{slug}"


def card_deck(selection: Selection) -> CardDeck:
    """Flashcards for a selection: both names and both summaries of each term; the page picks the sides."""
    cards = [
        Card(
            slug=term.slug,
            name_ko=term.name_ko,
            name_en=term.name_en,
            summary_ko=term.summary_ko,
            summary_en=term.summary_en,
            url=term_path(term.slug),
        )
        for term in selection.terms
    ]
    return CardDeck(selection=selection.public(), count=len(cards), cards=cards)


def study_options(session: Session) -> StudyOptions:
    paths = []
    for learning_path in PATHS.values():
        view = path_view(session, learning_path.id)
        stages = [StudyStageOption(id=s.id, name_ko=s.name_ko, name_en=s.name_en, count=len(s.terms))
                  for s in view.stages]
        paths.append(StudyPathOption(
            id=view.id, name_ko=view.name_ko, name_en=view.name_en, count=view.total, stages=stages
        ))
    tags = [StudyTagOption(tag=item.tag, count=item.count) for item in queries.list_tags(session).tags
            if item.count >= MIN_TAG_TERMS]
    return StudyOptions(modes=list(MODES), paths=paths, tags=tags)


def selection_csv(selection: Selection, site_url: str) -> bytes:
    """The selection as CSV: a header row, one row per term; UTF-8 with a byte-order mark so that spreadsheet
    programs (Excel in particular) read the Korean as UTF-8 rather than the system code page."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180: quotes where needed, CRLF line ends
    writer.writerow(CSV_COLUMNS)
    for term in selection.terms:
        writer.writerow(
            (term.slug, term.name_ko, term.name_en, term.summary_ko, term.summary_en, site_url + term_path(term.slug))
        )
    return "\ufeff".encode() + buffer.getvalue().encode()

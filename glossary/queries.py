"""Read the glossary: one function per page, each returning the public model its page and its JSON twin share."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from glossary.categories import CATEGORIES
from glossary.documents import document_from_row
from glossary.hangul import INDEX_INITIALS, index_initial
from glossary.models import TermRow, TermTagRow, ZeroResultQueryRow
from glossary.schemas import (
    CategoryCount,
    CategoryList,
    Export,
    IndexGroup,
    MatchInfo,
    SearchHit,
    SearchResults,
    Suggestion,
    Suggestions,
    TagCount,
    TagList,
    Term,
    TermIndex,
    TermList,
    TermSummary,
    ZeroResultQueries,
    ZeroResultQuery,
)
from glossary.search import Match, normalize
from glossary.search_index import SearchIndexCache

INDEX_LANGUAGES = ("ko", "en")
OTHER_KO_GROUP = "A-Z"  # Korean names that start with Latin letters (ReLU 함수, Adam)
OTHER_EN_GROUP = "#"


class TermNotFound(LookupError):
    def __init__(self, slug: str) -> None:
        super().__init__(f"no term with slug {slug!r}")
        self.slug = slug


class TermDeleted(TermNotFound):
    """The term existed and was soft-deleted: gone from every view, restorable with its history."""

    def __init__(self, slug: str) -> None:
        LookupError.__init__(self, f"the term {slug!r} was deleted; POST /api/terms/{slug}/restore brings it back")
        self.slug = slug


def live_terms():
    """SELECT of the terms that are not deleted: every read of the glossary starts here."""
    return select(TermRow).where(TermRow.deleted_at.is_(None))


@dataclass(frozen=True)
class TermView:
    """A term page: the public term, its rendered HTML and its related terms with their names."""

    term: Term
    definition_html_ko: str
    definition_html_en: str
    variants_html_ko: str | None
    variants_html_en: str | None
    related: list[TermSummary]
    ambiguous_with: list[TermSummary]
    prerequisites: list[TermSummary]  # learn first
    next: list[TermSummary]  # the terms that list this one as a prerequisite


def list_terms(
    session: Session, limit: int | None = None, offset: int = 0, tag: str | None = None, category: str | None = None
) -> TermList:
    query = live_terms()
    if tag is not None:
        query = query.join(TermTagRow, TermTagRow.term_id == TermRow.id).where(TermTagRow.tag == tag)
    if category is not None:
        query = query.where(TermRow.category == category)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(TermRow.slug).offset(offset).limit(limit))
    return TermList(total=total, items=[TermSummary.from_row(row) for row in rows])


def _get_row(session: Session, slug: str) -> TermRow:
    row = session.exec(select(TermRow).where(TermRow.slug == slug)).first()
    if row is None:
        raise TermNotFound(slug)
    if row.deleted_at is not None:
        raise TermDeleted(slug)
    return row


def next_slugs(session: Session, slug: str) -> list[str]:
    """Slugs of the live terms that list `slug` as a prerequisite (what to learn after it), in slug order."""
    # Prerequisites are a JSON list, queried differently on each database: reading two short columns of the live
    # terms (a few hundred rows) and testing in Python is the same everywhere.
    live = live_terms().subquery()
    rows = session.exec(select(live.c.slug, live.c.prerequisites).order_by(live.c.slug))
    return [other for other, prerequisites in rows if slug in prerequisites]


def get_term(session: Session, slug: str) -> Term:
    term = Term.from_row(_get_row(session, slug))
    term.next = next_slugs(session, slug)
    return term


def get_term_view(session: Session, slug: str) -> TermView:
    row = _get_row(session, slug)
    return TermView(
        term=Term.from_row(row),
        definition_html_ko=row.definition_html_ko,
        definition_html_en=row.definition_html_en,
        variants_html_ko=row.variants_html_ko,
        variants_html_en=row.variants_html_en,
        related=term_summaries(session, row.related),
        ambiguous_with=term_summaries(session, row.ambiguous_with),
        prerequisites=term_summaries(session, row.prerequisites),
        next=term_summaries(session, next_slugs(session, slug)),
    )


def _match_info(match: Match) -> MatchInfo:
    return MatchInfo(kind=match.kind, text=match.text, highlight=list(match.highlight), via=match.via)


def _did_you_mean(matches: list[Match], summaries: dict[str, TermSummary]) -> str | None:
    """The Korean name of the best match when it matched only as a typo."""
    if not matches or matches[0].kind != "fuzzy":
        return None
    return summaries[matches[0].slug].name_ko


def search_terms(session: Session, cache: SearchIndexCache, query: str, limit: int) -> SearchResults:
    """Terms for `query`, best first, each with what matched; a query that finds nothing is counted."""
    index, summaries = cache.get(session)
    matches = index.search(query, limit)
    if not matches:
        record_zero_result(session, query)
    hits = [
        SearchHit(**summaries[m.slug].model_dump(), score=m.score, matched=_match_info(m)) for m in matches
    ]
    return SearchResults(query=query, results=hits, did_you_mean=_did_you_mean(matches, summaries))


def suggest_terms(session: Session, cache: SearchIndexCache, query: str, limit: int) -> Suggestions:
    """The light form of search for autocomplete: names and what matched, nothing counted."""
    index, summaries = cache.get(session)
    matches = index.search(query, limit)
    suggestions = [
        Suggestion(
            slug=m.slug,
            name_en=summaries[m.slug].name_en,
            name_ko=summaries[m.slug].name_ko,
            category=summaries[m.slug].category,
            matched=_match_info(m),
        )
        for m in matches
    ]
    return Suggestions(query=query, suggestions=suggestions, did_you_mean=_did_you_mean(matches, summaries))


def record_zero_result(session: Session, query: str) -> None:
    """Count a query that found nothing, by its normalised text only."""
    key = normalize(query)[:200]
    if not key:
        return
    updated = session.execute(
        update(ZeroResultQueryRow).where(ZeroResultQueryRow.query == key).values(count=ZeroResultQueryRow.count + 1)
    )
    if updated.rowcount == 0:
        try:
            with session.begin_nested():
                session.add(ZeroResultQueryRow(query=key, count=1))
        except IntegrityError:  # another request inserted it first
            session.execute(
                update(ZeroResultQueryRow)
                .where(ZeroResultQueryRow.query == key)
                .values(count=ZeroResultQueryRow.count + 1)
            )
    session.commit()


def zero_result_queries(session: Session, limit: int) -> ZeroResultQueries:
    rows = session.exec(
        select(ZeroResultQueryRow)
        .order_by(ZeroResultQueryRow.count.desc(), ZeroResultQueryRow.query)
        .limit(limit)
    )
    return ZeroResultQueries(queries=[ZeroResultQuery(query=row.query, count=row.count) for row in rows])


def list_categories(session: Session) -> CategoryList:
    counts = dict(session.exec(
        select(TermRow.category, func.count()).where(TermRow.deleted_at.is_(None)).group_by(TermRow.category)
    ).all())
    return CategoryList(
        categories=[
            CategoryCount(id=c.id, name_en=c.name_en, name_ko=c.name_ko, count=counts.get(c.id, 0))
            for c in CATEGORIES
        ]
    )


def list_tags(session: Session) -> TagList:
    rows = session.exec(
        select(TermTagRow.tag, func.count())
        .join(TermRow, TermRow.id == TermTagRow.term_id)
        .where(TermRow.deleted_at.is_(None))
        .group_by(TermTagRow.tag)
        .order_by(TermTagRow.tag)
    )
    return TagList(tags=[TagCount(tag=tag, count=count) for tag, count in rows])


def term_index(session: Session, lang: str) -> TermIndex:
    """All terms grouped by 초성 (ㄱ…ㅎ) of the Korean name, or by the first letter of the English name."""
    groups: dict[str, list[TermRow]] = defaultdict(list)
    for row in session.exec(live_terms()):
        if lang == "ko":
            key = index_initial(row.name_ko) or OTHER_KO_GROUP
        else:
            first = row.name_en.lstrip()[:1].upper()
            key = first if "A" <= first <= "Z" else OTHER_EN_GROUP
        groups[key].append(row)
    order = [*INDEX_INITIALS, OTHER_KO_GROUP] if lang == "ko" else [*map(chr, range(65, 91)), OTHER_EN_GROUP]
    sort_key = (lambda r: r.name_ko.casefold()) if lang == "ko" else (lambda r: r.name_en.casefold())
    return TermIndex(
        lang=lang,
        groups=[
            IndexGroup(key=key, terms=[TermSummary.from_row(r) for r in sorted(groups[key], key=sort_key)])
            for key in order
            if groups.get(key)
        ],
    )


def export_terms(session: Session) -> Export:
    documents = [document_from_row(row) for row in session.exec(live_terms().order_by(TermRow.slug))]
    return Export(count=len(documents), terms=documents)


def term_summaries(session: Session, slugs: list[str]) -> list[TermSummary]:
    """The summaries of `slugs` that exist, in the order given."""
    rows = {row.slug: row for row in session.exec(live_terms().where(TermRow.slug.in_(slugs)))}
    return [TermSummary.from_row(rows[slug]) for slug in slugs if slug in rows]

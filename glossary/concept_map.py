"""The neighbourhood of a term as a small graph for the concept map on its page: the term, what to learn first,
what comes next and its related terms. The browser lays it out and draws it (static/js/concept-map.js)."""

from glossary.queries import TermView
from glossary.schemas import TermSummary

MAX_RELATED = 8  # beyond this the map stops being readable; the related list below it has them all


def _node(term: TermSummary, role: str) -> dict:
    return {"slug": term.slug, "name_ko": term.name_ko, "name_en": term.name_en, "role": role,
            "url": f"/terms/{term.slug}"}


def concept_map(view: TermView) -> dict:
    """{"nodes": [...]} with the term first (role "center"), then its prerequisites, next and related terms; a
    term in several groups appears once, in the first of prerequisite, next, related (at most MAX_RELATED)."""
    nodes = [_node(view.term, "center")]
    seen = {view.term.slug}
    for role, terms, limit in (
        ("prerequisite", view.prerequisites, None),
        ("next", view.next, None),
        ("related", view.related, MAX_RELATED),
    ):
        fresh = [term for term in terms if term.slug not in seen][:limit]
        seen.update(term.slug for term in fresh)
        nodes.extend(_node(term, role) for term in fresh)
    return {"nodes": nodes}

"""The history page of a term: its revisions, a diff between any two, and revert / restore for editors."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.deps import SessionDep
from app.routes.edit import MAX_REVISION, etag_of, revision_diff, term_history
from app.templating import render_page
from glossary.editing import current_row

router = APIRouter(include_in_schema=False)


@router.get("/terms/{slug}/history", response_class=HTMLResponse)
def history_page(
    slug: str,
    request: Request,
    session: SessionDep,
    before: Annotated[int | None, Query(alias="from", ge=1, le=MAX_REVISION)] = None,
    after: Annotated[int | None, Query(alias="to", ge=1, le=MAX_REVISION)] = None,
) -> HTMLResponse:
    row = current_row(session, slug)  # deleted terms have a history too
    history = term_history(session, slug)
    after = after or row.revision
    before = before or max(after - 1, 1)
    context = {
        "slug": slug,
        "name_ko": row.name_ko,
        "name_en": row.name_en,
        "deleted": row.deleted_at is not None,
        "history": history,
        "diff": revision_diff(session, slug, before, after) if before != after else None,
        "config": {"slug": slug, "etag": etag_of(slug, row.revision)},
    }
    return render_page(request, "term_history.html", context, json_url=f"/api/terms/{slug}/history")

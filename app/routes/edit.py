"""The write API: create, replace, patch, delete, restore and revert terms; history, diffs; import.

Writes need `Authorization: Bearer <token>` (GLOSSARY_API_TOKENS) and, on an existing term, `If-Match` with the
ETag last read, so two editors never overwrite each other unknowingly. The logic lives in glossary/editing.py.
"""

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Path, Query, Response
from sqlmodel import Session

from app.auth import bearer_token, editor_tokens
from app.deps import SessionDep, SettingsDep, WriteRateLimitDep
from app.settings import Settings
from glossary import editing
from glossary.documents import TermDocument
from glossary.editing import ANY_REVISION, diff_documents
from glossary.models import TermRevisionRow, TermRow
from glossary.schemas import (
    Deleted,
    FieldChange,
    History,
    ImportBatch,
    ImportResult,
    Revision,
    RevisionDiff,
    RevisionDocument,
    Term,
)

router = APIRouter(prefix="/api", tags=["editing"])

WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No or unknown bearer token"},
    403: {"description": "Editing is off (GLOSSARY_API_TOKENS unset)"},
    404: {"description": "No term with this slug"},
    429: {"description": "Too many writes from this client; see Retry-After"},
    410: {"description": "The term is deleted (restore it first)"},
    412: {"description": "If-Match names an older revision: someone else changed the term"},
    422: {"description": "The term would be invalid; every reason is listed"},
    428: {"description": "If-Match is required"},
}


# Every write: its documented errors, and the per-client write rate limit (checked before the token).
WRITE: dict[str, Any] = {"responses": WRITE_ERRORS, "dependencies": [WriteRateLimitDep]}


MAX_REVISION = 2**31 - 1  # bounds revision numbers in requests: larger ones do not fit a database integer


def etag_of(slug: str, revision: int) -> str:
    return f'"{slug}.{revision}"'


def _editor(settings: Settings, authorization: str | None) -> str:
    """The editor's name for the history; raises 403 when editing is off, 401 for a missing or wrong token."""
    if not settings.api_tokens:
        raise HTTPException(403, "editing is off on this server: set GLOSSARY_API_TOKENS to allow writes")
    given = bearer_token(authorization)
    if given is not None:
        for secret, name in editor_tokens(settings).items():
            if secrets.compare_digest(given.encode(), secret.encode()):
                return name
    raise HTTPException(
        401, "a valid 'Authorization: Bearer <token>' header is required", {"WWW-Authenticate": "Bearer"}
    )


def require_editor(settings: SettingsDep, authorization: Annotated[str | None, Header()] = None) -> str:
    return _editor(settings, authorization)


EditorDep = Annotated[str, Depends(require_editor)]


def _expected_revision(slug: str, if_match: str | None) -> int | None:
    """The revision named by If-Match: ANY_REVISION for *, -1 (matches nothing) for a tag of another term."""
    if if_match is None:
        raise HTTPException(
            428, f"send If-Match with the ETag of your copy (GET /api/terms/{slug}), or If-Match: * to overwrite"
        )
    if if_match.strip() == "*":
        return ANY_REVISION
    for tag in if_match.split(","):
        tag = tag.strip()
        name, _, number = tag.strip('"').rpartition(".")
        if tag.startswith('"') and name == slug and number.isdigit():
            return int(number)
    return -1  # weak or foreign tags never match (RFC 9110 strong comparison)


IfMatch = Annotated[str | None, Header(description='The ETag you read, e.g. "adam.3"; * overwrites any revision')]


def _term_response(response: Response, row: TermRow) -> Term:
    response.headers["ETag"] = etag_of(row.slug, row.revision)
    return Term.from_row(row)


@router.post("/terms", response_model=Term, status_code=201, **WRITE, summary="Create a term")
def create_term(
    document: TermDocument, response: Response, session: SessionDep, editor: EditorDep
) -> Term:
    row = editing.create_term(session, document, editor)
    response.headers["Location"] = f"/api/terms/{row.slug}"
    return _term_response(response, row)


@router.put("/terms/{slug}", response_model=Term, **WRITE, summary="Replace a term's document")
def replace_term(
    slug: str,
    document: TermDocument,
    response: Response,
    session: SessionDep,
    editor: EditorDep,
    if_match: IfMatch = None,
) -> Term:
    row = editing.replace_term(session, slug, document, _expected_revision(slug, if_match), editor)
    return _term_response(response, row)


@router.patch(
    "/terms/{slug}",
    response_model=Term,
    **WRITE,
    summary="Change some fields (JSON Merge Patch, RFC 7396: null removes an optional field)",
)
def patch_term(
    slug: str,
    patch: Annotated[dict[str, Any], Body(examples=[{"aliases": ["Adam optimizer"], "summary": {"en": "..."}}])],
    response: Response,
    session: SessionDep,
    editor: EditorDep,
    if_match: IfMatch = None,
) -> Term:
    row = editing.patch_term(session, slug, patch, _expected_revision(slug, if_match), editor)
    return _term_response(response, row)


@router.delete("/terms/{slug}", response_model=Deleted, **WRITE, summary="Delete a term (restorable)")
def delete_term(slug: str, session: SessionDep, editor: EditorDep, if_match: IfMatch = None) -> Deleted:
    row = editing.delete_term(session, slug, _expected_revision(slug, if_match), editor)
    return Deleted(slug=row.slug, revision=row.revision, deleted_at=row.deleted_at)


@router.post("/terms/{slug}/restore", response_model=Term, **WRITE, summary="Undo a deletion")
def restore_term(slug: str, response: Response, session: SessionDep, editor: EditorDep) -> Term:
    return _term_response(response, editing.restore_term(session, slug, editor))


@router.post(
    "/terms/{slug}/revert", response_model=Term, **WRITE, summary="Make an old revision current again"
)
def revert_term(
    slug: str,
    to: Annotated[int, Query(ge=1, le=MAX_REVISION, description="The revision whose document becomes current")],
    response: Response,
    session: SessionDep,
    editor: EditorDep,
    if_match: IfMatch = None,
) -> Term:
    row = editing.revert_term(session, slug, to, _expected_revision(slug, if_match), editor)
    return _term_response(response, row)


def _revision(row: TermRevisionRow) -> Revision:
    return Revision(
        slug=row.slug, number=row.number, action=row.action, author=row.author,
        created_at=row.created_at, changed=row.changed,
    )


def term_history(session: Session, slug: str) -> History:
    return History(slug=slug, revisions=[_revision(row) for row in editing.history(session, slug)])


def revision_diff(session: Session, slug: str, before: int, after: int) -> RevisionDiff:
    old, new = editing.revision(session, slug, before), editing.revision(session, slug, after)
    changes = [
        FieldChange(field=change.field, before=change.before, after=change.after, lines=change.lines)
        for change in diff_documents(old.document, new.document)
    ]
    return RevisionDiff(slug=slug, before=before, after=after, changes=changes)


@router.get("/terms/{slug}/history", response_model=History, summary="Every revision of a term, newest first")
def history(slug: str, session: SessionDep) -> History:
    return term_history(session, slug)


@router.get(
    "/terms/{slug}/revisions/{number}", response_model=RevisionDocument, summary="A term as it was at one revision"
)
def revision(slug: str, number: Annotated[int, Path(ge=1, le=MAX_REVISION)], session: SessionDep) -> RevisionDocument:
    row = editing.revision(session, slug, number)
    return RevisionDocument(**_revision(row).model_dump(), document=TermDocument.model_validate(row.document))


@router.get("/terms/{slug}/diff", response_model=RevisionDiff, summary="What changed between two revisions")
def diff(
    slug: str,
    session: SessionDep,
    before: Annotated[int, Query(alias="from", ge=1, le=MAX_REVISION)],
    after: Annotated[int, Query(alias="to", ge=1, le=MAX_REVISION)],
) -> RevisionDiff:
    return revision_diff(session, slug, before, after)


@router.post(
    "/import",
    response_model=ImportResult,
    responses={**WRITE_ERRORS, 413: {"description": "The body is larger than the import limit"}},
    dependencies=WRITE["dependencies"],
    summary="Import terms in the export format, all or nothing",
)
def import_terms(batch: ImportBatch, session: SessionDep, editor: EditorDep) -> ImportResult:
    if batch.count is not None and batch.count != len(batch.terms):
        raise editing.EditRejected([f"count is {batch.count} but the batch holds {len(batch.terms)} terms"])
    report = editing.import_documents(session, batch.terms, editor)
    return ImportResult(created=report.created, updated=report.updated, unchanged=report.unchanged)


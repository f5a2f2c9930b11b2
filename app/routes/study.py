"""The guided path, flashcards and exports: pages and their JSON. Handlers parse, call glossary/ and answer."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from app.deps import SessionDep
from app.errors import InvalidParameter
from app.seo import site_url
from app.templating import render_page
from glossary.anki import build_apkg
from glossary.learning_path import CURRICULUM
from glossary.learning_schemas import CardDeck, LearningPathOut, StudyOptions
from glossary.study import (
    MODES,
    Selection,
    SelectionError,
    card_deck,
    path_view,
    select_terms,
    selection_csv,
    study_options,
)

api = APIRouter(prefix="/api", tags=["study"])
pages = APIRouter(include_in_schema=False)

SELECTION_ERRORS = {422: {"description": "No selection, several, an unknown tag/category/path/stage/slug, or no term"}}


def _selection(
    session: SessionDep,
    tag: Annotated[str | None, Query(max_length=100, description="Every term with this tag")] = None,
    category: Annotated[str | None, Query(max_length=100, description="Every term of this category")] = None,
    path: Annotated[str | None, Query(max_length=100, description="The terms of a learning path, in order")] = None,
    stage: Annotated[str | None, Query(max_length=100, description="Only this stage of the path")] = None,
    slugs: Annotated[str | None, Query(max_length=20_000, description="Term slugs separated by commas")] = None,
) -> Selection:
    try:
        return select_terms(session, tag=tag, category=category, path=path, stage=stage, slugs=slugs)
    except SelectionError as error:
        raise InvalidParameter(error.parameter, error.message) from error


SelectionDep = Annotated[Selection, Depends(_selection)]


def _attachment(body: bytes, filename: str, media_type: str) -> Response:
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@api.get("/path", response_model=LearningPathOut, summary="The guided path from the perceptron to the vision Transformer")
def get_path(session: SessionDep) -> LearningPathOut:
    return path_view(session, CURRICULUM.id)


@api.get("/study", response_model=StudyOptions, summary="What can be studied: the path, its stages and the tags")
def get_study_options(session: SessionDep) -> StudyOptions:
    return study_options(session)


@api.get("/study/cards", response_model=CardDeck, responses=SELECTION_ERRORS, summary="Flashcards for a selection")
def get_cards(selection: SelectionDep) -> CardDeck:
    return card_deck(selection)


@api.get(
    "/export/anki",
    response_class=Response,
    responses={200: {"content": {"application/apkg": {}}, "description": "An Anki package"}, **SELECTION_ERRORS},
    summary="A selection as an Anki deck (.apkg): Korean→English and English→Korean cards",
)
def export_anki(selection: SelectionDep, request: Request) -> Response:
    body = build_apkg(selection, site_url(request))
    return _attachment(body, f"{selection.file_stem}.apkg", "application/apkg")


@api.get(
    "/export/csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "UTF-8 CSV with a BOM"}, **SELECTION_ERRORS},
    summary="A selection as CSV: slug, Korean, English, both summaries, link",
)
def export_csv(selection: SelectionDep, request: Request) -> Response:
    body = selection_csv(selection, site_url(request))
    return _attachment(body, f"{selection.file_stem}.csv", "text/csv; charset=utf-8")


@pages.get("/path", response_class=HTMLResponse)
def path_page(request: Request, session: SessionDep) -> HTMLResponse:
    return render_page(request, "path.html", {"path": path_view(session, CURRICULUM.id)}, json_url="/api/path")


def _query_of(selection: Selection) -> str:
    """The query string that selects `selection` again, as the study page's <option> values carry it."""
    if selection.kind == "path" and "/" in selection.value:
        path, stage = selection.value.split("/", 1)
        return f"path={path}&stage={stage}"
    return f"{selection.kind}={selection.value}"


@pages.get("/study", response_class=HTMLResponse)
def study_page(
    request: Request,
    session: SessionDep,
    mode: Literal["ko-en", "en-ko", "name-definition", "definition-name"] = "ko-en",
    tag: Annotated[str | None, Query(max_length=100)] = None,
    category: Annotated[str | None, Query(max_length=100)] = None,
    path: Annotated[str | None, Query(max_length=100)] = None,
    stage: Annotated[str | None, Query(max_length=100)] = None,
    slugs: Annotated[str | None, Query(max_length=20_000)] = None,
) -> HTMLResponse:
    chosen = None
    if any(value is not None for value in (tag, category, path, stage, slugs)):
        chosen = _selection(session, tag=tag, category=category, path=path, stage=stage, slugs=slugs)
    options = study_options(session)
    listed = {f"tag={item.tag}" for item in options.tags}
    for option in options.paths:
        listed |= {f"path={option.id}"} | {f"path={option.id}&stage={stage.id}" for stage in option.stages}
    chosen_query = _query_of(chosen) if chosen else f"path={CURRICULUM.id}"
    context = {
        "options": options,
        "modes": MODES,
        "mode": mode,
        "chosen": chosen,
        "chosen_query": chosen_query,
        "chosen_unlisted": chosen_query not in listed,  # a category, some slugs or a one-term tag: its own option
    }
    return render_page(request, "study.html", context, json_url="/api/study")


router = APIRouter()  # what app/main.py includes: both halves, after their routes are declared
router.include_router(api)
router.include_router(pages)

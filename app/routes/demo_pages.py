"""The demo pages. The browser runs nothing but drawing: every number comes from /api/demos."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from app.deps import SessionDep
from app.i18n import resolve_language
from app.templating import render_page
from demos.catalog import CATALOG
from demos.params import DEFAULT_STARTS, DEMO_LR, SURFACE_BOXES, SURFACE_FORMULAS, TORCH_DEFAULTS
from glossary import queries
from glossary.markdown import render_markdown

router = APIRouter(include_in_schema=False)


def _race_context() -> dict:
    defaults = CATALOG["optimizers"].params_model()
    optimizer_names = list(TORCH_DEFAULTS)
    return {
        "surfaces": list(SURFACE_BOXES),
        "optimizer_names": optimizer_names,
        "default_names": [spec.name for spec in defaults.optimizers],
        "demo_lr": DEMO_LR,
        "formulas": {name: render_markdown(f"$${latex}$$") for name, latex in SURFACE_FORMULAS.items()},
        "config": {
            "defaults": defaults.model_dump(mode="json"),
            "starts": DEFAULT_STARTS,
            "demo_lr": DEMO_LR,
            "optimizer_names": optimizer_names,
        },
    }


@router.get("/demos", response_class=HTMLResponse)
def demos_page(request: Request) -> HTMLResponse:
    return render_page(request, "demos.html", {"demos": list(CATALOG.values())}, json_url="/api/demos")


@router.get("/demos/{demo_id}", response_class=HTMLResponse)
def demo_page(demo_id: str, request: Request, session: SessionDep) -> HTMLResponse:
    spec = CATALOG.get(demo_id)
    if spec is None:
        raise HTTPException(404)
    terms = queries.term_summaries(session, list(spec.terms))
    lang = resolve_language(request)
    defaults = spec.params_model()
    context = {
        "spec": spec,
        "terms": terms,
        "defaults": defaults,
        "label": lambda key: spec.label(key, lang),
        "config": {"defaults": defaults.model_dump(mode="json"), **(spec.page_config() if spec.page_config else {})},
    }
    if demo_id == "optimizers":
        context |= _race_context()
    return render_page(request, f"demo_{demo_id}.html", context, json_url="/api/demos")

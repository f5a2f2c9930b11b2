"""The demo API: list, run once, or stream progress as Server-Sent Events. Kernels run in app.demo_engine."""

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field, ValidationError

from app.demo_engine import DemoEngine
from app.deps import DemoRateLimitDep, SettingsDep
from app.errors import InvalidParameter
from demos.catalog import CATALOG, DemoSpec

router = APIRouter(prefix="/api/demos", tags=["demos"])

DEVICES = ("auto", "cpu", "cuda")
ERRORS = {
    404: {"description": "No demo with this id"},
    422: {"description": "A parameter is out of range, or the device is unavailable"},
    429: {"description": "Workers busy and queue full, or this client's demo rate spent; see Retry-After"},
    503: {"description": "The run went over its time budget, a worker failed, or demos are off on this server"},
}


class DemoInfo(BaseModel):
    id: str
    title_en: str
    title_ko: str
    caption_en: str
    caption_ko: str
    terms: list[str] = Field(description="Slugs of the glossary terms this demo shows")
    params: dict[str, Any] = Field(description="JSON Schema of the parameters, with bounds and defaults")


class DemoList(BaseModel):
    demos: list[DemoInfo]


class DemoRun(BaseModel):
    demo: str
    device: str = Field(description="The torch device that ran it, e.g. cpu or cuda:0")
    elapsed_ms: float = Field(description="Time spent in the kernel")
    params: dict[str, Any] = Field(description="The parameters after defaults were filled in")
    result: dict[str, Any]


def demo_info(spec: DemoSpec) -> DemoInfo:
    return DemoInfo(
        id=spec.id,
        title_en=spec.title_en,
        title_ko=spec.title_ko,
        caption_en=spec.caption_en,
        caption_ko=spec.caption_ko,
        terms=list(spec.terms),
        params=spec.params_model.model_json_schema(),
    )


def _spec(demo_id: str) -> DemoSpec:
    spec = CATALOG.get(demo_id)
    if spec is None:
        raise HTTPException(404, f"no demo with id {demo_id!r}; one of {', '.join(CATALOG)}")
    return spec


def _validated(spec: DemoSpec, raw: dict[str, Any], default_device: str) -> tuple[dict, str]:
    """Check the parameters here, in the web process, so a bad request never occupies a worker."""
    raw = dict(raw)
    device = raw.pop("device", default_device)
    if device not in DEVICES:
        raise InvalidParameter("device", f"{device!r} is not one of {', '.join(DEVICES)}")
    try:
        params = spec.params_model.model_validate(raw)
    except ValidationError as error:
        raise RequestValidationError(error.errors(include_url=False, include_context=False)) from None
    return params.model_dump(mode="json"), device


def _engine(request: Request) -> DemoEngine:
    engine = request.app.state.demo_engine
    if engine is None:
        raise HTTPException(503, "live demos are switched off on this server (GLOSSARY_DEMO_WORKERS=0)")
    return engine


def _query_params(request: Request) -> dict[str, Any]:
    """`?params=<JSON object>`, or flat `?key=value` pairs whose values are read as JSON when they parse."""
    query = request.query_params
    if "params" in query:
        try:
            raw = json.loads(query["params"])
        except json.JSONDecodeError as error:
            raise InvalidParameter("params", f"not valid JSON ({error.msg})") from None
        if not isinstance(raw, dict):
            raise InvalidParameter("params", "must be a JSON object")
        return raw
    parsed: dict[str, Any] = {}
    for key, value in query.items():
        try:
            parsed[key] = json.loads(value)
        except json.JSONDecodeError:
            parsed[key] = value
    return parsed


@router.get("", response_model=DemoList, summary="The demos, with the JSON Schema of their parameters")
def list_demos() -> DemoList:
    return DemoList(demos=[demo_info(spec) for spec in CATALOG.values()])


@router.post(
    "/{demo_id}/run",
    response_model=DemoRun,
    responses=ERRORS,
    dependencies=[DemoRateLimitDep],
    summary="Run a demo and return its result",
)
async def run_demo(
    demo_id: str,
    request: Request,
    settings: SettingsDep,
    params: Annotated[dict[str, Any] | None, Body(description='{} = defaults; "device": auto|cpu|cuda')] = None,
) -> dict:
    resolved, device = _validated(_spec(demo_id), params or {}, settings.demo_device)
    return await _engine(request).run(demo_id, resolved, device)


# One Server-Sent Event of the stream (fields as an SSE parser reads them); `data` holds one JSON object.
SSE_EVENT = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"enum": ["progress", "result", "error"]},
        "data": {"type": "string", "contentMediaType": "application/json"},
    },
}


def _sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


@router.get(
    "/{demo_id}/stream",
    responses={200: {"content": {"text/event-stream": {"schema": SSE_EVENT}}}, **ERRORS},
    response_class=StreamingResponse,
    dependencies=[DemoRateLimitDep],
    summary="Run a demo, streaming progress as Server-Sent Events",
)
async def stream_demo(demo_id: str, request: Request, settings: SettingsDep) -> StreamingResponse:
    """Events: `progress` (every `snapshot_every` steps), then one `result` (the run's body) or `error`."""
    resolved, device = _validated(_spec(demo_id), _query_params(request), settings.demo_device)
    events = _engine(request).stream(demo_id, resolved, device)  # 429 here, before streaming

    async def body() -> AsyncIterator[str]:
        try:
            async for kind, data in events:
                yield _sse(kind, data)
        except Exception as error:  # the stream has started: the error travels as an event
            yield _sse("error", {"error": type(error).__name__, "message": str(error)})

    return StreamingResponse(
        body(), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )

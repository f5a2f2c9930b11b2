"""Every error answers with a JSON body that says what was wrong; pages get a friendly HTML page instead."""

import logging
from concurrent.futures.process import BrokenProcessPool

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.demo_engine import EngineBusy
from app.rate_limit import RateLimited
from app.security import SECURITY_HEADERS
from app.templating import render_page
from demos.runner import DemoRejected, TimeBudgetExceeded
from glossary.editing import Conflict, EditRejected, RevisionNotFound, SlugTaken
from glossary.queries import TermDeleted, TermNotFound

logger = logging.getLogger(__name__)


class InvalidParameter(Exception):
    """A parameter whose bound comes from a setting, so it cannot be declared statically on the route."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")


def _error(request: Request, status: int, error: str, message: str, detail: list | None = None) -> Response:
    if _wants_html(request):
        return render_page(request, "error.html", {"status": status, "message": message}, status_code=status)
    body: dict = {"error": error, "message": message}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse(body, status_code=status)


def _describe_validation(errors: list[dict]) -> str:
    parts = []
    for item in errors:
        location = [str(part) for part in item["loc"] if part not in ("query", "path", "body")]
        where = ".".join(location) or "request"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        detail = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        return _error(request, 422, "invalid request", _describe_validation(exc.errors()), detail)

    @app.exception_handler(InvalidParameter)
    async def _invalid(request: Request, exc: InvalidParameter) -> Response:
        detail = [{"loc": ["query", exc.name], "msg": exc.message, "type": "value_error"}]
        return _error(request, 422, "invalid request", str(exc), detail)

    @app.exception_handler(TermNotFound)
    async def _term_not_found(request: Request, exc: TermNotFound) -> Response:
        return _error(request, 404, "not found", str(exc))

    @app.exception_handler(TermDeleted)
    async def _term_deleted(request: Request, exc: TermDeleted) -> Response:
        return _error(request, 410, "deleted", str(exc))

    @app.exception_handler(RevisionNotFound)
    async def _revision_not_found(request: Request, exc: RevisionNotFound) -> Response:
        return _error(request, 404, "not found", str(exc))

    @app.exception_handler(EditRejected)
    async def _edit_rejected(request: Request, exc: EditRejected) -> Response:
        detail = [{"loc": ["body"], "msg": problem, "type": "value_error"} for problem in exc.problems]
        return _error(request, 422, "invalid term", str(exc), detail)

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, exc: Conflict) -> Response:
        return _error(request, 412, "precondition failed", str(exc))

    @app.exception_handler(SlugTaken)
    async def _slug_taken(request: Request, exc: SlugTaken) -> Response:
        return _error(request, 409, "conflict", str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404:
            if message == "Not Found":  # the router's own 404: say which path
                message = f"nothing at {request.url.path}"
            return _error(request, 404, "not found", message)
        response = _error(request, exc.status_code, "request failed", message)
        response.headers.update(exc.headers or {})  # e.g. WWW-Authenticate on a 401
        return response

    @app.exception_handler(EngineBusy)
    async def _busy(request: Request, exc: EngineBusy) -> Response:
        response = _error(request, 429, "busy", str(exc))
        response.headers["Retry-After"] = str(exc.retry_after_s)
        return response

    @app.exception_handler(RateLimited)
    async def _rate_limited(request: Request, exc: RateLimited) -> Response:
        response = _error(request, 429, "rate limited", str(exc))
        response.headers["Retry-After"] = str(exc.retry_after_s)
        return response

    @app.exception_handler(DemoRejected)
    async def _rejected(request: Request, exc: DemoRejected) -> Response:
        return _error(request, 422, "invalid request", str(exc))

    @app.exception_handler(TimeBudgetExceeded)
    async def _over_budget(request: Request, exc: TimeBudgetExceeded) -> Response:
        return _error(request, 503, "over time budget", f"{exc}; try fewer steps or nets")

    @app.exception_handler(BrokenProcessPool)
    async def _broken_pool(request: Request, exc: BrokenProcessPool) -> Response:
        logger.error("a demo worker died: %s", exc)
        return _error(request, 503, "demo worker failed", "a demo worker stopped unexpectedly; try again")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        logger.exception("unhandled error on %s", request.url.path)
        # Sent by Starlette's outermost middleware, past SecurityHeaders: so the headers are set here.
        headers = {name.decode(): value.decode() for name, value in SECURITY_HEADERS}
        body = {"error": "internal error", "message": "the server failed; this is a bug"}
        return JSONResponse(body, status_code=500, headers=headers)

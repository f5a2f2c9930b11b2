"""The application factory. `app.main:app` is the app built from the environment's settings."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.middleware.gzip import GZipMiddleware

from app.demo_engine import DemoEngine, EngineLimits
from app.error_schema import install_error_schema
from app.errors import install_error_handlers
from app.rate_limit import RateLimits
from app.routes import api, demo_pages, demos, edit, health, history_pages, pages, site, study
from app.security import BodySizeLimit, SecurityHeaders
from app.settings import Settings
from app.static_files import STATIC_DIR, VersionedStaticFiles, static_version
from app.templating import render_page
from glossary.db import create_schema, make_engine
from glossary.loader import load_entries
from glossary.search_index import SearchIndexCache

IMPORT_PATH = "/api/import"  # whole-glossary uploads: 16 times the body limit

logger = logging.getLogger("uvicorn.error")  # shown with the server's own start-up lines


def _start_demo_engine(settings: Settings) -> DemoEngine | None:
    if settings.demo_workers == 0:
        return None
    demo_engine = DemoEngine(
        EngineLimits(workers=settings.demo_workers, queue=settings.demo_queue, budget_s=settings.demo_time_budget_s)
    )
    demo_engine.start()  # workers warm up in the background; pages are served at once
    return demo_engine


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The engine is made here, not at import, so importing app.main touches no database.
        engine = app.state.engine = make_engine(settings.resolved_database_url)
        if settings.load_on_start:
            create_schema(engine)
            # A broken entry file stops start-up with a LoadError naming the file: better than serving stale text.
            report = load_entries(engine, settings.entries_dir)
            logger.info("glossary entries: %s", report)
        demo_engine = app.state.demo_engine = _start_demo_engine(settings)
        yield
        if demo_engine is not None:
            demo_engine.shutdown()
        engine.dispose()

    app = FastAPI(
        title="딥러닝 용어 사전 · Deep Learning Glossary",
        description="Korean/English deep-learning terms with exact definitions. Every page has a JSON twin here.",
        version="0.1.0",
        docs_url=None,  # served below from vendored files: no CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.search_cache = SearchIndexCache(check_every_s=settings.search_refresh_s)
    app.state.rate_limits = RateLimits.from_settings(settings)
    install_error_handlers(app)
    install_error_schema(app)
    app.mount("/static", VersionedStaticFiles(STATIC_DIR, static_version()), name="static")
    app.include_router(health.router)
    app.include_router(api.router)
    app.include_router(edit.router)
    app.include_router(demos.router)
    app.include_router(history_pages.router)
    app.include_router(pages.router)
    app.include_router(demo_pages.router)
    app.include_router(study.router)
    app.include_router(site.router)

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        # Our own page (vendored Swagger UI started by a script file): FastAPI's has an inline script the CSP blocks.
        return render_page(request, "api_docs.html", {"openapi_url": app.openapi_url})

    def body_limit(path: str) -> int:
        return settings.max_body_bytes * (16 if path == IMPORT_PATH else 1)

    # Pages, JSON, CSS and JS leave compressed; below 1 KB gzip's header costs more than it saves. Level 6: most
    # of level 9's gain for a fraction of its CPU (text/event-stream is never compressed: it would stall).
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(BodySizeLimit, limit_for=body_limit)
    app.add_middleware(SecurityHeaders)  # added last = outermost: the 413 above gets the headers too

    return app


app = create_app()

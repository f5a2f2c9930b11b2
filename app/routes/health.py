"""Liveness that means something: 200 only when the database answers."""

import os

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import func
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from app.deps import SessionDep
from glossary.models import TermRow

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="200 when the database answers, 503 otherwise")
def healthz(session: SessionDep, request: Request) -> JSONResponse:
    try:
        terms = session.exec(select(func.count()).where(TermRow.deleted_at.is_(None))).one()
    except SQLAlchemyError as error:
        return JSONResponse({"status": "unavailable", "message": str(error.__class__.__name__)}, status_code=503)
    engine = request.app.state.demo_engine
    demos = "off" if engine is None else f"{engine.ready_workers}/{engine.limits.workers} workers ready"
    return JSONResponse({"status": "ok", "terms": terms, "demos": demos, "worker": os.getpid()})

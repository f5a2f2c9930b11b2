"""The search index of the current entries, kept in step with the database.

Built from the term rows; rebuilt when they change. Changes are looked for at most once per `check_every_s`
(one small query), so an edit made through any process is found within that bound.
"""

import hashlib
import threading
import time

from sqlmodel import Session, select

from glossary.models import TermRow
from glossary.schemas import TermSummary
from glossary.search import Candidate, SearchIndex


class SearchIndexCache:
    def __init__(self, check_every_s: float = 1.0) -> None:
        self.check_every_s = check_every_s
        self._lock = threading.Lock()
        self._index: SearchIndex | None = None
        self._summaries: dict[str, TermSummary] = {}
        self._signature = ""
        self._checked_at = float("-inf")

    @staticmethod
    def _signature_of(session: Session) -> str:
        digest = hashlib.sha256()
        live = TermRow.deleted_at.is_(None)
        for slug, revision in session.exec(select(TermRow.slug, TermRow.revision).where(live).order_by(TermRow.slug)):
            digest.update(f"{slug}:{revision};".encode())
        return digest.hexdigest()

    def get(self, session: Session) -> tuple[SearchIndex, dict[str, TermSummary]]:
        """The index and the summaries of its terms, rebuilt first if the terms changed."""
        with self._lock:
            now = time.monotonic()
            if self._index is None or now - self._checked_at >= self.check_every_s:
                self._checked_at = now
                signature = self._signature_of(session)
                if signature != self._signature or self._index is None:
                    rows = session.exec(select(TermRow).where(TermRow.deleted_at.is_(None))).all()
                    self._index = SearchIndex(
                        Candidate(row.slug, (row.name_en, row.name_ko), tuple(row.aliases)) for row in rows
                    )
                    self._summaries = {row.slug: TermSummary.from_row(row) for row in rows}
                    self._signature = signature
            return self._index, self._summaries

"""Editing under concurrency and faults, against a real server process: no lost update, no half-written import."""

import os
import signal
import threading
import time
from pathlib import Path

import httpx2 as httpx
from sqlalchemy import text

from glossary.db import make_engine
from tests.conftest import ON_POSTGRES
from tests.server import running_server
from tests.test_editing import ALICE, TOKENS, new_document, write_entries

THREADS, EDITS_PER_THREAD = 8, 100


def server_env(entries: Path) -> dict[str, str]:
    return {
        "GLOSSARY_ENTRIES_DIR": str(entries),
        "GLOSSARY_API_TOKENS": TOKENS,
        "GLOSSARY_WRITE_RATE_PER_MINUTE": "100000",
        "GLOSSARY_DEMO_WORKERS": "0",
    }


def test_concurrent_editors_lose_no_update(database_url: str, tmp_path: Path) -> None:
    entries = write_entries(tmp_path / "entries")
    outcomes: list[tuple[int, int | None, str]] = []  # (status, revision written, text written)
    lock = threading.Lock()

    def editor(number: int, base_url: str) -> None:
        with httpx.Client(base_url=base_url, headers=ALICE, timeout=60) as client:
            for edit in range(EDITS_PER_THREAD):
                etag = client.get("/api/terms/alpha").headers["ETag"]
                written = f"editor {number}, edit {edit}"
                response = client.patch(
                    "/api/terms/alpha", json={"summary": {"en": written}}, headers={"If-Match": etag}
                )
                revision = response.json()["revision"] if response.status_code == 200 else None
                with lock:
                    outcomes.append((response.status_code, revision, written))

    with running_server(database_url, env=server_env(entries)) as server:
        threads = [threading.Thread(target=editor, args=(n, server.url)) for n in range(THREADS)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        history = httpx.get(f"{server.url}/api/terms/alpha/history").json()["revisions"]
        final = httpx.get(f"{server.url}/api/terms/alpha").json()
        documents = {
            r["number"]: httpx.get(f"{server.url}/api/terms/alpha/revisions/{r['number']}").json()["document"]
            for r in history
        }

    statuses = [status for status, _, _ in outcomes]
    successes = [(revision, written) for status, revision, written in outcomes if status == 200]
    print(f"\n{len(outcomes)} edits in {elapsed:.1f} s: {len(successes)} succeeded, {statuses.count(412)} got 412")
    assert len(outcomes) == THREADS * EDITS_PER_THREAD
    assert set(statuses) <= {200, 412}, sorted(set(statuses))
    assert successes, "no edit succeeded"
    # Every success made exactly one revision, numbered without gaps, holding exactly what it wrote.
    assert final["revision"] == 1 + len(successes)
    assert sorted(r["number"] for r in history) == list(range(1, len(successes) + 2))
    for revision, written in successes:
        assert documents[revision]["summary"]["en"] == written
    assert final["summary_en"] == documents[final["revision"]]["summary"]["en"]
    if not ON_POSTGRES:
        with make_engine(database_url).connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_killing_the_server_during_an_import_leaves_the_previous_state(database_url: str, tmp_path: Path) -> None:
    entries = write_entries(tmp_path / "entries")
    # Big enough that rendering it takes seconds, so the kill lands mid-import.
    batch = {
        "format": "dl-glossary/1",
        "terms": [
            new_document(
                slug=f"term-{n}", en=f"term {n}", ko=f"용어 {n}",
                definition={
                    "ko": f"정의 {n}: $\\sum_{{i=1}}^{{{n}}} i^2$ 를 본다.",
                    "en": f"Term {n}: $\\int_0^{n} x\\,dx$.",
                },
            )
            for n in range(3000)
        ],
    }
    env = server_env(entries)
    with running_server(database_url, env=env) as server:
        before = httpx.get(f"{server.url}/api/export").json()
        errors: list[BaseException] = []

        def send() -> None:
            try:
                httpx.post(f"{server.url}/api/import", json=batch, headers=ALICE, timeout=120)
            except httpx.TransportError as error:
                errors.append(error)

        sender = threading.Thread(target=send)
        sender.start()
        time.sleep(1.0)
        os.kill(server.pid, signal.SIGKILL)
        sender.join()
        assert errors, "the import finished before the kill: make the batch bigger"

    with running_server(database_url, env=env) as server:
        assert httpx.get(f"{server.url}/api/export").json() == before
        assert httpx.get(f"{server.url}/api/terms/term-0").status_code == 404
    if not ON_POSTGRES:
        with make_engine(database_url).connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert connection.execute(text("SELECT count(*) FROM term_revision WHERE action = 'import'")).scalar() == 0


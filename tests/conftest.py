"""Fixtures: a real database per test (a SQLite file in a tmp path, or with GLOSSARY_TEST_DATABASE=postgresql a
new database on a throwaway PostgreSQL cluster), apps built by the factory, real HTTP through the ASGI app."""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from glossary.db import ENTRIES_DIR

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"  # screenshots from the browser tests (git-ignored)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ON_POSTGRES = os.environ.get("GLOSSARY_TEST_DATABASE", "sqlite") == "postgresql"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    from tests.postgres import temporary_cluster

    with temporary_cluster() as url:
        yield url


@contextmanager
def new_database(request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    """The URL of a new, empty database for this test run's database kind."""
    if ON_POSTGRES:
        from tests.postgres import temporary_database

        with temporary_database(request.getfixturevalue("postgres_admin_url")) as url:
            yield url
    else:
        yield sqlite_url(folder / "glossary.db")


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with new_database(request, tmp_path) as url:
        yield url


@pytest.fixture
def entries_copy(tmp_path: Path) -> Path:
    """A private copy of the real entry files, free to break."""
    target = tmp_path / "entries"
    shutil.copytree(ENTRIES_DIR, target)
    return target


@pytest.fixture(scope="session")
def glossary_client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app over the real entries, loaded into a fresh database; shared by read-only tests."""
    with new_database(request, tmp_path_factory.mktemp("db")) as url:
        settings = Settings(database_url=url, entries_dir=ENTRIES_DIR, demo_workers=0)
        with TestClient(create_app(settings)) as client:
            yield client


def make_client(database_url: str, entries_dir: Path, **overrides) -> TestClient:
    return TestClient(create_app(Settings(database_url=database_url, entries_dir=entries_dir, **overrides)))


def entry_text(
    slug: str,
    en: str,
    ko: str,
    related: tuple[str, ...] = (),
    aliases: tuple[str, ...] = (),
    body_ko: str = "한국어 본문. 수식 $y = wx + b$ 을 담는다.",
    body_en: str = "The English body, with $y = wx + b$.",
) -> str:
    """A valid entry file's text, for tests that need entries of their own shape."""
    return f"""---
slug: {slug}
en: {en}
ko: {ko}
category: networks
aliases: [{", ".join(aliases)}]
tags: [test-tag]
related: [{", ".join(related)}]
summary:
  ko: {ko}의 한 줄 요약.
  en: A one-line summary of {en}.
---
<!-- ko -->
{body_ko}

<!-- en -->
{body_en}
"""


# Browser tests share one server process and one Chromium for the whole session.


@pytest.fixture(scope="session")
def base_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.server import running_server

    with new_database(request, tmp_path_factory.mktemp("browser")) as url, running_server(url) as server:
        yield server.url


@pytest.fixture(scope="session")
def browser() -> Iterator["Browser"]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: "Browser") -> Iterator["Page"]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    page = context.new_page()
    yield page
    context.close()


def wait_until(page: "Page", expression: str, timeout_ms: int = 60_000) -> None:
    """Poll a JS expression until it is truthy, from outside the page: page.wait_for_function compiles its string
    inside the page, which our Content-Security-Policy (no unsafe-eval) forbids."""
    for _ in range(max(1, timeout_ms // 100)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise TimeoutError(f"not true within {timeout_ms} ms: {expression}")

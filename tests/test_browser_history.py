"""An editor reverts a term from its history page in the real browser."""

from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ARTIFACTS, new_database
from tests.server import running_server
from tests.test_editing import ALICE, write_entries
from tests.test_editing_concurrency import server_env

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def editing_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("history")
    entries = write_entries(Path(folder) / "entries")
    with new_database(request, folder) as url, running_server(url, env=server_env(entries)) as server:
        yield server.url


def test_editor_reverts_a_term_from_its_history_page(page: Page, editing_server: str) -> None:
    for text in ("First edit.", "Second edit."):
        etag = httpx.get(f"{editing_server}/api/terms/alpha").headers["ETag"]
        response = httpx.patch(
            f"{editing_server}/api/terms/alpha", json={"summary": {"en": text}}, headers={**ALICE, "If-Match": etag}
        )
        assert response.status_code == 200
    page.goto(f"{editing_server}/terms/alpha/history?lang=en")
    expect(page.locator("table.revisions tbody tr")).to_have_count(3)
    expect(page.locator('.field-change[data-field="summary.en"] .added')).to_have_text("+Second edit.")
    revert = page.locator('button.revert[data-to="1"]')
    expect(revert).to_be_hidden()  # only editors see it
    page.fill("#editor-form input[name=token]", "alice-secret")
    revert.click()
    expect(page.locator("table.revisions tbody tr").first).to_have_attribute("data-number", "4")
    expect(page.locator("table.revisions tbody tr").first.locator("td").nth(1)).to_have_text("reverted")
    assert httpx.get(f"{editing_server}/api/terms/alpha").json()["summary_en"] == "A one-line summary of alpha."
    page.screenshot(path=ARTIFACTS / "term-history.png", full_page=True)

"""Screenshots for the README: `.venv/bin/python -m tests.gallery` rewrites docs/screenshot.png and docs/gallery/.

Runs a real server on a fresh database and Debian's Chromium (as the browser tests do), waits for each demo's
first result and saves the demo section as a PNG.
"""

import tempfile

from playwright.sync_api import sync_playwright

from demos.catalog import CATALOG
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, PROJECT_ROOT, wait_until
from tests.server import running_server

GALLERY = PROJECT_ROOT / "docs" / "gallery"
SETTLED = """[...document.querySelectorAll('.demo-status')].some(s =>
    Number(s.dataset.runs || 0) >= 1 || s.dataset.done === 'true')"""


def main() -> None:
    GALLERY.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, running_server(f"sqlite:///{folder}/gallery.db") as server:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US", color_scheme="light")
            page.goto(f"{server.url}/terms/softmax-function")  # the README's picture: a term page, first screen
            page.screenshot(path=PROJECT_ROOT / "docs" / "screenshot.png")
            for demo_id in CATALOG:
                page.goto(f"{server.url}/demos/{demo_id}?lang=en")
                wait_until(page, SETTLED)
                page.wait_for_timeout(1500)  # let replays and animations reach their last frame
                path = GALLERY / f"{demo_id}.png"
                page.locator("section.demo").screenshot(path=path, type="png")
                print(f"{path.relative_to(PROJECT_ROOT)}: {path.stat().st_size / 1024:.0f} KB")
            browser.close()


if __name__ == "__main__":
    main()

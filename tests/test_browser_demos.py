"""Every live demo in the real browser: it draws on load, redraws when a control changes, and logs no error.

Each demo page follows one contract (see docs/writing-demos.md): a `form.demo-controls` whose `data-probe` names a
control and a new value that visibly changes the figure, a `.demo-status` whose `data-runs` counts results drawn,
and `canvas` figures.
"""

import json

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from demos.catalog import CATALOG
from tests.conftest import ARTIFACTS, wait_until

pytestmark = pytest.mark.browser

# The first two demos stream their training and have their own browser tests in test_browser.py.
LIVE_DEMOS = [demo_id for demo_id in CATALOG if demo_id not in {"xor", "optimizers"}]

CANVAS_PICTURES = "() => [...document.querySelectorAll('.demo canvas')].map(c => c.toDataURL())"
PAINTED_SHARE = """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                         let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n / (d.length / 4); }"""


def _wait_for_runs(page: Page, at_least: int) -> None:
    wait_until(page, f"Number(document.querySelector('.demo-status[data-runs]')?.dataset.runs || 0) >= {at_least}")


@pytest.mark.parametrize("demo_id", LIVE_DEMOS)
def test_demo_draws_then_redraws_when_a_control_changes(page: Page, base_url: str, demo_id: str) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if _is_error(message) else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{base_url}/demos/{demo_id}")
    expect(page.locator(f'section.demo[data-demo="{demo_id}"]')).to_be_visible()
    _wait_for_runs(page, 1)
    status = page.locator(".demo-status[data-runs]")
    expect(status).not_to_have_attribute("data-error", "true")
    canvases = page.locator(".demo canvas")
    assert canvases.count() >= 1
    assert canvases.first.evaluate(PAINTED_SHARE) > 0.02, "the main figure is blank"
    before = page.evaluate(CANVAS_PICTURES)

    probe = json.loads(page.locator("form.demo-controls[data-probe]").get_attribute("data-probe"))
    control = page.locator(f'form.demo-controls [name="{probe["name"]}"]').first
    _set_control(control, probe["value"])
    _wait_for_runs(page, 2)
    wait_until(page, "!document.querySelector('.demo-status[data-runs]').dataset.busy")
    expect(status).not_to_have_attribute("data-error", "true")
    after = page.evaluate(CANVAS_PICTURES)
    assert after != before, f"changing {probe['name']} did not change any figure"

    page.screenshot(path=ARTIFACTS / f"demo-{demo_id}.png", full_page=True)
    assert not problems, problems


@pytest.mark.parametrize("demo_id", LIVE_DEMOS)
def test_demo_page_speaks_english_when_asked(page: Page, base_url: str, demo_id: str) -> None:
    page.goto(f"{base_url}/demos/{demo_id}?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".demo h1")).to_have_text(CATALOG[demo_id].title_en)
    _wait_for_runs(page, 1)


def _is_error(message: ConsoleMessage) -> bool:
    return message.type == "error"


def _set_control(control, value: object) -> None:
    """Change a control the way a user would, so its input event fires."""
    tag = control.evaluate("e => e.tagName.toLowerCase()")
    kind = control.get_attribute("type")
    if tag == "select":
        control.select_option(str(value))
    elif kind == "checkbox":
        control.set_checked(bool(value))
    elif kind == "range":
        control.evaluate(
            "(e, v) => { e.value = v; e.dispatchEvent(new Event('input', {bubbles: true})); }", str(value)
        )
    else:
        control.fill(str(value))

"""Accessibility and design in the real browser: axe-core on every kind of page, on a phone and a desktop, in both
languages, light and dark; keyboard-only use of the header, the definition switch and a demo; print; no sideways
scrolling on a phone. Screenshots of the main pages in every combination go to tests/artifacts/look/.

axe-core is vendored (static/vendor/axe-core/) and loaded only here, from its same-origin URL, so the site's
Content-Security-Policy (script-src 'self') applies unchanged while it runs.
"""

import json
import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from demos.catalog import CATALOG
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

AXE_URL = "/static/vendor/axe-core/axe.min.js"
BLOCKING = ("serious", "critical")
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
PAGES = {
    "home": "/",
    "term": "/terms/softmax-function",
    "search": "/search?q=" + quote("정규화"),
    "index": "/index/ko",
    "path": "/path",
} | {f"demo-{demo_id}": f"/demos/{demo_id}" for demo_id in CATALOG}
# Kept as pictures in every combination (viewport × theme × language), to look at.
SCREENSHOTS = {"home", "term", "search", "demo-optimizers"}
LOOK = ARTIFACTS / "look"


def new_context(browser: Browser, viewport: str, **options) -> BrowserContext:
    return browser.new_context(viewport=VIEWPORTS[viewport], locale="ko-KR", **options)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = new_context(browser, "phone", is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def wait_until(page: Page, expression: str, timeout_ms: int = 60_000) -> bool:
    """Poll a JS expression with page.evaluate (page.wait_for_function raised an EvalError under the site's CSP
    for arrow-function expressions like DEMO_SETTLED)."""
    for _ in range(timeout_ms // 250):
        if page.evaluate(expression):
            return True
        page.wait_for_timeout(250)
    return False


DEMO_SETTLED = """[...document.querySelectorAll('.demo-status')].some(s =>
    Number(s.dataset.runs || 0) >= 1 || s.dataset.done === 'true' || s.dataset.error === 'true')"""


def open_page(page: Page, base_url: str, path: str, lang: str) -> None:
    separator = "&" if "?" in path else "?"
    response = page.goto(f"{base_url}{path}{separator}lang={lang}")
    assert response is not None and response.status == 200, (path, response and response.status)
    if page.locator("section.demo").count():
        wait_until(page, DEMO_SETTLED)  # audit the page as people see it: after the first result is drawn
    else:
        page.wait_for_load_state("networkidle")


def blocking_violations(page: Page) -> list[dict]:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_URL)
    results = page.evaluate("() => axe.run(document, { resultTypes: ['violations'] })")
    return [v for v in results["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    return json.dumps(
        [
            {
                "rule": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [{"target": n["target"], "why": n["failureSummary"]} for n in v["nodes"][:4]],
            }
            for v in violations
        ],
        ensure_ascii=False,
        indent=1,
    )


# ---- axe on every page kind × viewport × language × theme --------------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_or_critical_violation(browser: Browser, base_url: str, name: str, viewport: str):
    context = new_context(browser, viewport)
    page = context.new_page()
    try:
        if name == "path" and page.goto(base_url + PAGES["path"]).status == 404:
            pytest.skip("the learning path page (/path) does not exist in this build yet")
        found: dict[str, list[dict]] = {}
        for lang in ("ko", "en"):
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                # Pictures are of a page loaded in its theme; for axe alone switching the scheme is enough.
                if scheme == "light" or name in SCREENSHOTS:
                    open_page(page, base_url, PAGES[name], lang)
                    width = page.evaluate("document.documentElement.scrollWidth")
                    assert width <= VIEWPORTS[viewport]["width"], f"{name} scrolls sideways on a {viewport}: {width}px"
                else:
                    page.wait_for_timeout(100)
                if name in SCREENSHOTS:
                    LOOK.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=LOOK / f"{name}-{viewport}-{scheme}-{lang}.png", full_page=True)
                if violations := blocking_violations(page):
                    found[f"{lang}/{scheme}"] = violations
        assert not found, "\n".join(f"{key}: {describe(v)}" for key, v in found.items())
    finally:
        context.close()


# ---- keyboard ----------------------------------------------------------------------------------------------------

FOCUSED = """() => { const e = document.activeElement;
  let back = e.parentElement, colour = 'rgba(0, 0, 0, 0)';  // the ring is drawn outside, on the parent
  while (back && (colour === 'rgba(0, 0, 0, 0)' || colour === 'transparent')) {
    colour = getComputedStyle(back).backgroundColor; back = back.parentElement; }
  const s = getComputedStyle(e);
  return { id: e.id, cls: e.className && e.className.baseVal === undefined ? e.className : '', tag: e.tagName,
           hreflang: e.getAttribute('hreflang'), outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
           colour: s.outlineColor, behind: colour, visible: e.getBoundingClientRect().height > 0 }; }"""


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+(?:\.\d+)?", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def tab_stops(page: Page, presses: int = 150) -> list[dict]:
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    return stops


def assert_visible_ring(stop: dict) -> None:
    assert stop["outline"] != "none" and stop["width"] >= 2, stop
    assert contrast(stop["colour"], stop["behind"]) >= 3, stop  # WCAG 1.4.11: 3:1 against what is next to it


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tab_reaches_search_language_and_theme_with_a_visible_focus_ring(browser: Browser, base_url: str, scheme: str):
    context = new_context(browser, "desktop", color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + "/")
    stops = tab_stops(page, presses=120)  # the whole page and round again: the order starts wherever focus is
    context.close()

    def first(predicate) -> dict:
        found = [stop for stop in stops if predicate(stop)]
        assert found, [s["id"] or s["cls"] or s["tag"] for s in stops]
        return found[0]

    for stop in (
        first(lambda s: s["cls"] == "skip-link"),
        first(lambda s: s["id"] == "home-search"),
        first(lambda s: s["hreflang"] == "ko"),
        first(lambda s: s["hreflang"] == "en"),
        first(lambda s: s["id"] == "theme-toggle"),
    ):
        assert stop["visible"], stop
        assert_visible_ring(stop)
    # Every stop on the way shows where the focus is.
    for stop in stops:
        if stop["tag"] != "BODY":
            assert_visible_ring(stop)


def test_skip_link_is_first_and_jumps_to_the_content(page: Page, base_url: str):
    page.goto(base_url + "/terms/softmax-function")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 10  # on screen while focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_theme_toggle_works_by_keyboard_is_remembered_and_set_before_first_paint(browser: Browser, base_url: str):
    context = new_context(browser, "desktop", color_scheme="light")
    page = context.new_page()
    page.goto(base_url + "/terms/softmax-function?lang=en")
    toggle = page.locator("#theme-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-label", "Theme: System")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    page.keyboard.press("Space")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(toggle).to_have_attribute("aria-label", "Theme: Dark")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(18, 21, 25)"
    violations = blocking_violations(page)
    assert not violations, describe(violations)  # dark chosen on a light system

    # On the next page the choice is on <html> by the time <body> exists: no light flash before the first paint.
    page.add_init_script(
        """new MutationObserver((_, observer) => {
             if (!document.body) return;
             window.__atBody = document.documentElement.dataset.theme || 'none';
             observer.disconnect();
           }).observe(document, { childList: true, subtree: true });"""
    )
    page.goto(base_url + "/?lang=ko")
    assert page.evaluate("window.__atBody") == "dark"
    expect(page.locator("#theme-toggle .theme-choice")).to_have_text("어둡게")

    page.locator("#theme-toggle").click()  # dark → system
    expect(page.locator("html")).not_to_have_attribute("data-theme", re.compile("."))
    assert page.evaluate("localStorage.getItem('theme')") == "system"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    context.close()


def test_definitions_side_by_side_on_a_desktop_and_switchable_by_keyboard_on_a_phone(page: Page, phone: Page, base_url: str):
    page.goto(base_url + "/terms/softmax-function")
    expect(page.locator(".definition-switch")).to_be_hidden()
    ko, en = page.locator("#definition-ko").bounding_box(), page.locator("#definition-en").bounding_box()
    assert abs(ko["y"] - en["y"]) < 2 and en["x"] > ko["x"] + ko["width"] / 2  # one row, two columns

    phone.goto(base_url + "/terms/softmax-function")
    expect(phone.locator(".definition-switch")).to_be_visible()
    expect(phone.locator("#definition-ko")).to_be_visible()
    expect(phone.locator("#definition-en")).to_be_hidden()
    for _ in range(40):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.id") == "show-ko":
            break
    label = phone.locator("label[for=show-ko]")
    ring = label.evaluate("l => { const s = getComputedStyle(l); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert ring[0] != "none" and ring[1] >= 2, ring
    phone.keyboard.press("ArrowRight")
    expect(phone.locator("#show-en")).to_be_checked()
    expect(phone.locator("#definition-en")).to_be_visible()
    expect(phone.locator("#definition-ko")).to_be_hidden()
    phone.screenshot(path=ARTIFACTS / "term-phone-switched-to-english.png")


def test_without_javascript_pages_still_read_and_switch(browser: Browser, base_url: str):
    context = new_context(browser, "phone", java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/terms/softmax-function")
    expect(page.locator("#theme-toggle")).to_be_hidden()  # it needs its script; nothing broken is shown
    page.locator("label[for=show-en]").click()  # the switch is CSS and a radio group: no script needed
    expect(page.locator("#definition-en")).to_be_visible()
    expect(page.locator("#definition-ko")).to_be_hidden()
    context.close()


def test_a_demo_is_changed_and_run_with_the_keyboard_alone(page: Page, base_url: str):
    page.goto(base_url + "/demos/optimizers?lang=en")
    assert wait_until(page, "Number(document.getElementById('race-status').dataset.runs || 0) >= 1")

    def runs() -> int:
        return int(page.locator("#race-status").get_attribute("data-runs") or 0)

    def tab_to(name: str) -> None:
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.name") == name:
                return
        raise AssertionError(f"Tab never reached the control named {name}")

    tab_to("surface")
    before, surface = runs(), page.locator("select[name=surface]").input_value()
    page.keyboard.press("ArrowDown")  # a focused <select> changes value with the arrow keys
    assert wait_until(page, f"Number(document.getElementById('race-status').dataset.runs) > {before}")
    assert page.locator("select[name=surface]").input_value() != surface

    tab_to("steps")
    before = runs()
    page.keyboard.press("Control+A")
    page.keyboard.type("120")
    page.keyboard.press("Enter")  # submits the form: the Run button's job
    assert wait_until(page, f"Number(document.getElementById('race-status').dataset.runs) > {before}")
    assert page.locator("input[name=steps]").input_value() == "120"

    tab_to("enabled-adamw")
    before = runs()
    page.keyboard.press("Space")
    expect(page.locator("input[name=enabled-adamw]")).to_be_checked()
    assert wait_until(page, f"Number(document.getElementById('race-status').dataset.runs) > {before}")
    expect(page.locator("#race-status")).not_to_have_attribute("data-error", "true")


def test_search_suggestions_show_the_keyboard_choice(page: Page, base_url: str):
    page.goto(base_url + "/terms/adam")
    box = page.locator("#site-search")
    box.focus()
    page.keyboard.type("소프트")
    options = page.locator("#site-search-suggestions li[role=option]")
    expect(options.first).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    selected, other = (
        options.nth(i).evaluate("o => getComputedStyle(o).backgroundColor") for i in (0, 1)
    )
    assert selected != other  # the active option is marked, not only announced


# ---- print -------------------------------------------------------------------------------------------------------


def test_print_shows_both_languages_and_link_targets_without_controls(phone: Page, base_url: str):
    phone.goto(base_url + "/terms/softmax-function?lang=en")
    phone.locator("label[for=show-ko]").click()  # whatever was picked on screen, paper gets both
    phone.emulate_media(media="print", color_scheme="dark")
    for hidden in (".site-header", ".site-footer", ".definition-switch", "#theme-toggle"):
        expect(phone.locator(hidden)).to_be_hidden()
    expect(phone.locator("#definition-ko")).to_be_visible()
    expect(phone.locator("#definition-en")).to_be_visible()
    assert phone.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    assert phone.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    link = phone.locator(".references a[href^=http]").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in after

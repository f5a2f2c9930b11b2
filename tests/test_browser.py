"""The real thing: Debian's Chromium, driven by Playwright, against a real server process."""

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ARTIFACTS, wait_until

pytestmark = pytest.mark.browser

def test_korean_search_leads_to_a_term_page_with_rendered_math(page: Page, base_url: str):
    page.goto(base_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    page.fill("#home-search", "퍼셉트론")
    page.press("#home-search", "Enter")
    page.wait_for_url("**/search?q=*")
    first_result = page.locator(".term-list a").first
    expect(first_result).to_have_attribute("href", "/terms/perceptron")
    first_result.click()
    page.wait_for_url("**/terms/perceptron")
    expect(page.locator("h1 .name-ko")).to_have_text("퍼셉트론")

    # Rendered as math, not as text: a MathML fraction lays its numerator out above its denominator.
    page.goto(base_url + "/terms/sigmoid-function")
    fraction = page.locator("#definition-ko math mfrac").first
    expect(fraction).to_be_visible()
    numerator, denominator = fraction.evaluate(
        "f => [f.children[0].getBoundingClientRect().bottom, f.children[1].getBoundingClientRect().top]"
    )
    assert numerator <= denominator + 1
    assert fraction.evaluate("f => f.namespaceURI") == "http://www.w3.org/1998/Math/MathML"

    page.screenshot(path=ARTIFACTS / "term-sigmoid-function.png", full_page=False)
    assert (ARTIFACTS / "term-sigmoid-function.png").stat().st_size > 10_000


def test_language_switch_is_remembered_across_pages(page: Page, base_url: str):
    page.goto(base_url + "/terms/adam")
    page.click(".language-switch a[hreflang=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(base_url + "/terms/momentum")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".definition").first).to_have_attribute("id", "definition-en")


def test_xor_demo_trains_live_in_the_page(page: Page, base_url: str):
    # Record every step the status shows, to prove the chart updated while training, not only at the end.
    page.add_init_script(
        """new MutationObserver((records) => {
             // Every value the attribute held, even when several events land in one task: each record's old value.
             const steps = (window.__steps ||= new Set());
             for (const record of records) {
               if (record.target.id !== 'xor-status') continue;
               if (record.oldValue !== null) steps.add(record.oldValue);
               steps.add(record.target.dataset.step);
             }
           }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                                 attributeFilter: ['data-step']});"""
    )
    page.goto(base_url + "/demos/xor")
    status = page.locator("#xor-status")
    expect(status).to_have_attribute("data-done", "true", timeout=60_000)
    seen = page.evaluate("[...window.__steps].map(Number)")
    assert len(set(seen)) >= 5, seen
    assert max(seen) == int(page.locator("input[name=steps]").input_value())
    painted = page.evaluate(
        """() => { const c = document.getElementById('xor-boundary');
                   const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n / (d.length / 4); }"""
    )
    assert painted > 0.9
    page.screenshot(path=ARTIFACTS / "demo-xor.png", full_page=True)


def test_optimizer_race_recomputes_when_the_start_is_dragged(page: Page, base_url: str):
    page.goto(base_url + "/demos/optimizers?lang=en")
    status = page.locator("#race-status")
    expect(status).to_have_attribute("data-runs", "1", timeout=60_000)
    first_text = status.text_content()
    page.locator("#race-surface").scroll_into_view_if_needed()
    box = page.locator("#race-surface").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.3, steps=4)
    page.mouse.up()
    wait_until(page, "Number(document.getElementById('race-status').dataset.runs) >= 2")
    expect(status).not_to_have_text(first_text)
    assert page.locator("#race-legend li").count() == 7
    page.screenshot(path=ARTIFACTS / "demo-optimizers.png", full_page=True)


def test_suggestions_keep_the_target_at_every_keyboard_state_and_open_with_the_keyboard(page: Page, base_url: str):
    from glossary.hangul import typing_states

    page.goto(base_url + "/")
    box = page.locator("#home-search")
    suggestions = page.locator("#home-search-suggestions")
    for number, state in enumerate(typing_states("배치정규화")):
        box.fill(state)  # what the box shows after each key of a 2-set keyboard
        expect(suggestions).to_have_attribute("data-query", state)
        expect(suggestions).to_be_visible()  # never empty while typing
        if number > 0:  # a lone first consonant starts dozens of terms; from the second key the target is listed
            expect(suggestions.locator("li[data-slug=batch-normalization]")).to_have_count(1)
    first = suggestions.locator("li[role=option]").first
    expect(first).to_have_attribute("data-slug", "batch-normalization")
    expect(first.locator("mark")).to_have_text("배치 정규화")
    box.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "home-search-suggestions-0")
    box.press("Enter")
    page.wait_for_url("**/terms/batch-normalization")
    page.screenshot(path=ARTIFACTS / "term-batch-normalization.png")


def test_suggestions_close_on_escape_and_show_did_you_mean_for_a_typo(page: Page, base_url: str):
    page.goto(base_url + "/terms/adam")
    box = page.locator("#site-search")
    box.fill("소프트멕스")
    suggestions = page.locator("#site-search-suggestions")
    expect(suggestions.locator(".did-you-mean")).to_contain_text("소프트맥스 함수")
    box.press("ArrowDown")
    box.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")


def test_optimizer_race_start_can_be_moved_with_the_keyboard(page: Page, base_url: str):
    page.goto(base_url + "/demos/optimizers?lang=en")
    status = page.locator("#race-status")
    expect(status).to_have_attribute("data-runs", "1", timeout=60_000)
    start_x = page.locator("input[name=start-x]")
    start_x.focus()
    start_x.fill("0.5")
    page.keyboard.press("Tab")  # leaving the field commits the value, as a change event
    expect(status).to_have_attribute("data-runs", "2", timeout=60_000)
    expect(status).to_contain_text("(0.50, 2.00)")

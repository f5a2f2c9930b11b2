"""Learning in a real browser, on a phone and a desktop viewport: the concept map, path progress, flashcards with
the keyboard, and "copy link". Screenshots go to tests/artifacts/study-*.png."""

import json
import re
import time
from collections.abc import Iterator

import httpx2 as httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
DAY_MS = 24 * 3600 * 1000


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def study_page(browser: Browser, viewport: str) -> Iterator[Page]:
    """A fresh Korean page (empty localStorage) at the viewport's size, allowed to use the clipboard."""
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        locale="ko-KR",
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    yield page
    context.close()


def brightness(css_colour: str) -> int:
    """r + g + b of a computed colour such as "rgb(228, 232, 237)": 0 is black, 765 white."""
    return sum(int(part) for part in css_colour[css_colour.index("(") + 1:css_colour.index(")")].split(",")[:3])


def api(base_url: str, path: str) -> dict:
    response = httpx.get(base_url + path, timeout=10)
    assert response.status_code == 200, (path, response.status_code)
    return response.json()


def test_concept_map_draws_the_neighbourhood_as_links(study_page: Page, base_url: str, viewport: str):
    page = study_page
    term = api(base_url, "/api/terms/backpropagation")
    page.goto(base_url + "/terms/backpropagation")
    container = page.locator("#concept-map")
    nodes = json.loads(page.locator("#concept-map-data").text_content())["nodes"]
    expect(container).to_have_attribute("data-drawn", str(len(nodes)))
    links = container.locator("a")
    drawn = {(links.nth(i).get_attribute("data-role"), links.nth(i).get_attribute("href")) for i in range(links.count())}

    def by_role(role: str) -> set[str]:
        return {href for kind, href in drawn if kind == role}

    assert by_role("prerequisite") == {f"/terms/{slug}" for slug in term["prerequisites"]}
    assert by_role("next") == {f"/terms/{slug}" for slug in term["next"]}
    assert term["next"] and term["prerequisites"]
    shown_related = by_role("related")
    assert shown_related and shown_related <= {f"/terms/{slug}" for slug in term["related"]}
    # The centre is the term itself, not a link; every node lies inside the map's width (no sideways scrolling).
    expect(container.locator(".cm-center .cm-primary")).to_have_text(term["name_ko"])
    box = container.bounding_box()
    for i in range(links.count()):
        node = links.nth(i).bounding_box()
        assert box["x"] - 1 <= node["x"] and node["x"] + node["width"] <= box["x"] + box["width"] + 1
    # Prerequisites are drawn above the term, next terms below it, with an arrow for each.
    center_y = container.locator(".cm-center").bounding_box()["y"]
    assert all(container.locator(f"a[href='{href}']").bounding_box()["y"] < center_y for href in by_role("prerequisite"))
    assert all(container.locator(f"a[href='{href}']").bounding_box()["y"] > center_y for href in by_role("next"))
    assert container.locator(".cm-edge").count() == len(term["prerequisites"]) + len(term["next"])
    page.locator(".concept-map-section").screenshot(path=ARTIFACTS / f"study-concept-map-{viewport}.png")

    # Keyboard: Tab from the heading's hint reaches the first node; Enter opens its page.
    first = links.first
    href = first.get_attribute("href")
    page.locator("#concept-map-heading").evaluate("h => { h.tabIndex = -1; h.focus(); }")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == href
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")


def test_concept_map_is_readable_in_dark_mode(browser: Browser, base_url: str):
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="ko-KR", color_scheme="dark")
    page = context.new_page()
    page.goto(base_url + "/terms/resnet")
    expect(page.locator("#concept-map")).to_have_attribute("data-drawn", re.compile(r"\d+"))
    colours = page.evaluate(
        """() => {
             const style = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
             return { text: style('#concept-map a .cm-primary', 'fill'), box: style('#concept-map a .cm-box', 'fill'),
                      page: style('body', 'backgroundColor'), bodyText: style('body', 'color') };
           }"""
    )
    # The node's text takes the theme's text colour and its box a dark fill: light on dark, like the page.
    assert colours["text"] == colours["bodyText"]
    assert brightness(colours["box"]) < 200 < brightness(colours["text"])
    page.locator("#concept-map").screenshot(path=ARTIFACTS / "study-concept-map-dark.png")
    context.close()


def test_path_progress_is_remembered_across_reloads(study_page: Page, base_url: str, viewport: str):
    page = study_page
    path = api(base_url, "/api/path")
    first_three = [term["slug"] for term in path["stages"][0]["terms"][:3]]
    page.goto(base_url + "/path")
    expect(page.locator("#path-progress")).to_be_visible()
    expect(page.locator("#path-learned-count")).to_have_text("0")
    expect(page.locator("#path-next-link")).to_have_attribute("href", f"/terms/{first_three[0]}")
    for slug in first_three:  # with the keyboard: focus the box, Space ticks it
        page.locator(f".path-term[data-slug='{slug}'] input").focus()
        page.keyboard.press("Space")
    expect(page.locator("#path-learned-count")).to_have_text("3")
    assert page.locator("#path-progress-bar").evaluate("bar => [bar.value, bar.max]") == [3, path["total"]]
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=ARTIFACTS / f"study-path-{viewport}.png", full_page=False)

    page.reload()
    expect(page.locator("#path-learned-count")).to_have_text("3")
    for slug in first_three:
        expect(page.locator(f".path-term[data-slug='{slug}'] input")).to_be_checked()
    fourth = path["stages"][0]["terms"][3]["slug"]
    expect(page.locator("#path-next-link")).to_have_attribute("href", f"/terms/{fourth}")
    first_stage = path["stages"][0]
    expect(page.locator(f".stage-count[data-stage='{first_stage['id']}']")).to_have_text(f"3/{len(first_stage['terms'])}")
    stored = json.loads(page.evaluate("localStorage.getItem('dl-glossary:path:curriculum')"))
    assert stored == first_three

    page.locator(f".path-term[data-slug='{first_three[1]}'] input").uncheck()
    page.reload()
    expect(page.locator("#path-learned-count")).to_have_text("2")


def test_flashcards_flip_and_grade_with_the_keyboard(study_page: Page, base_url: str, viewport: str):
    page = study_page
    cards = api(base_url, "/api/study/cards?path=curriculum&stage=perceptron")["cards"]
    page.goto(base_url + "/study?path=curriculum&stage=perceptron")
    page.locator("input[name=mode][value='ko-en']").check()
    page.locator("#study-start").click()
    card = page.locator("#card")
    expect(card).to_have_attribute("data-state", "front")
    expect(page.locator("#card-front .card-main")).to_have_text(cards[0]["name_ko"])
    expect(page.locator("#card-back")).to_be_hidden()
    page.screenshot(path=ARTIFACTS / f"study-flashcard-front-{viewport}.png")

    page.keyboard.press("Space")
    expect(card).to_have_attribute("data-state", "back")
    expect(page.locator("#card-answer .card-main")).to_have_text(cards[0]["name_en"])
    expect(page.locator(".grade-good [data-wait]")).to_have_text("1일")
    page.screenshot(path=ARTIFACTS / f"study-flashcard-back-{viewport}.png")

    before = time.time() * 1000
    page.keyboard.press("3")  # good
    expect(page.locator("#card-front .card-main")).to_have_text(cards[1]["name_ko"])
    schedule = json.loads(page.evaluate("localStorage.getItem('dl-glossary:srs:v1')"))
    first_id = f"ko-en:{cards[0]['slug']}"
    assert set(schedule) == {first_id}
    assert schedule[first_id]["reps"] == 1 and schedule[first_id]["interval"] == 1
    assert before + DAY_MS - 60_000 < schedule[first_id]["due"] < time.time() * 1000 + DAY_MS + 60_000

    # Keys typed into a field are text, not shortcuts: the card stays as it is.
    search = page.locator("#site-search")
    search.click()
    page.keyboard.type(" 1 4")
    expect(search).to_have_value(" 1 4")
    expect(card).to_have_attribute("data-state", "front")
    assert json.loads(page.evaluate("localStorage.getItem('dl-glossary:srs:v1')")) == schedule

    # "Again" (1) brings the card back later in the session, with a lapse recorded.
    card.focus()
    page.keyboard.press("Space")
    page.keyboard.press("1")
    second = json.loads(page.evaluate("localStorage.getItem('dl-glossary:srs:v1')"))[f"ko-en:{cards[1]['slug']}"]
    assert second["lapses"] == 1 and second["reps"] == 0
    expect(page.locator("#study-counts")).to_contain_text(f"남은 카드 {len(cards) - 1}")


def test_copy_link_puts_the_canonical_address_on_the_clipboard(study_page: Page, base_url: str, viewport: str):
    page = study_page
    page.goto(base_url + "/terms/adam")
    button = page.locator(".term-tools .copy-link")
    expected = page.locator("link[rel=canonical]").get_attribute("href")
    assert expected == base_url + "/terms/adam"
    button.click()
    expect(page.locator(".term-tools .copy-status")).to_have_text("복사했습니다.")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    # Citation: the copied text is the revision's citation as shown.
    page.locator("#cite .copy-citation").first.click()
    expect(page.locator("#cite .copy-status")).to_have_text("복사했습니다.")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#citation-1").text_content()
    page.locator(".term-header").screenshot(path=ARTIFACTS / f"study-term-tools-{viewport}.png")


def test_copy_link_without_a_clipboard_selects_the_address_instead(browser: Browser, base_url: str):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="en-US")
    page = context.new_page()
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', { value: undefined })")
    page.goto(base_url + "/terms/adam?lang=en")
    page.locator(".copy-link").click()
    expect(page.locator(".term-tools .copy-status")).to_contain_text("Ctrl+C")
    shown = page.locator(".copy-fallback")
    expect(shown).to_have_text(base_url + "/terms/adam?lang=en")
    assert page.evaluate("String(getSelection())") == base_url + "/terms/adam?lang=en"
    context.close()


def test_spaced_repetition_schedule_grows_with_good_answers_and_restarts_on_again(page: Page, base_url: str):
    page.goto(base_url + "/study")
    steps = page.evaluate(
        """async () => {
             const { schedule } = await import('/static/js/srs.js');
             const now = 1_000_000_000_000;
             const seen = [];
             let state = null;
             for (const grade of [3, 3, 3, 4, 2, 1, 2, 3]) {
               state = schedule(state, grade, now);
               seen.push([state.reps, state.interval, Math.round(state.ease * 100), state.lapses, state.due - now]);
             }
             return seen;
           }"""
    )
    day = DAY_MS
    assert steps == [
        [1, 1, 250, 0, day],  # good on a new card: tomorrow
        [2, 3, 250, 0, 3 * day],  # good again: three days
        [3, 7.5, 250, 0, 7.5 * day],  # then the interval times the ease
        [4, 25.84, 265, 0, 25.84 * day],  # easy: a bonus, and the ease rises
        [5, 31.01, 250, 0, 31.01 * day],  # hard: a little longer, the ease falls
        [0, 0, 230, 1, 60_000],  # again: back to the start in a minute, one lapse
        [0, 0, 230, 1, 600_000],  # hard while relearning: ten minutes
        [1, 1, 230, 1, day],  # good: tomorrow again
    ]

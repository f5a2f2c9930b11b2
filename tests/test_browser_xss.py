"""Injection attempts in the real browser: entries (from files and through the write API) and every query parameter
carry payloads that would set `window.__xss`; no page may run one, hold an element or attribute made from one, or
even need the Content-Security-Policy to stop one. Then the real glossary's pages must not trip the CSP at all."""

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit
from xml.etree import ElementTree

import httpx2 as httpx
import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.conftest import ARTIFACTS, new_database
from tests.server import running_server

pytestmark = pytest.mark.browser

TOKEN = "xss-tester-secret"

# Each would set window.__xss if the browser ever treated it as markup or as a URL to run.
IMG = '<img src=x onerror="window.__xss=1">'
SCRIPT = "<script>window.__xss=1</script>"
SVG = '"><svg onload="window.__xss=1">'
QUOTE = "' onmouseover='window.__xss=1' x='"
JS_URL = "javascript:window.__xss=1"
CLOSE_SCRIPT = "</script><script>window.__xss=1</script>"
TEMPLATE = "{{ 7*7 }} ${7*7}"  # template injection: must stay text, never become 49
# One string that breaks out of either attribute quote, of a <script> block and of text: for query parameters.
POLYGLOT = "'\"><img src=x onerror=\"window.__xss=1\"></script><script>window.__xss=1</script>{{ 7*7 }}"
PAYLOADS = [IMG, SCRIPT, SVG, QUOTE, JS_URL, CLOSE_SCRIPT, TEMPLATE]

# Markdown bodies: raw HTML (block and inline), javascript:/data: links in every Markdown form, image tricks,
# formulas whose LaTeX carries markup or links, and a table (cells and alignment).
BODY = f"""XSS probe body. {IMG} inline {SCRIPT} and <a href="{JS_URL}">raw-html-link</a>.

<div onmouseover="window.__xss=1">raw block</div>

[md-js-link]({JS_URL}) [md-entity-link](jav&#x09;ascript:window.__xss=1) [md-ref-link][evil]
[md-data-link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==) <{JS_URL}>
![md-image](x" onerror="window.__xss=1) ![md-js-image]({JS_URL}) [![nested](x)]({JS_URL})
[safe-link](https://example.com/?q=%22%3E%3Cscript%3E "title{QUOTE}")

[evil]: {JS_URL}

Formulas: $\\href{{{JS_URL}}}{{x}}$, $\\text{{{IMG}}}$, $x</math>{IMG}$, $\\mathrm{{{SCRIPT}}}$,
$\\operatorname{{{SVG}}}$, $\\color{{red}}{{x}}$.

$$\\style{{background:url({JS_URL})}}{{y}}$$

| {IMG} | b |
|:--|--:|
| {SCRIPT} | {SVG} |

```html
{SCRIPT}
```
"""


def _front(slug: str, **fields) -> dict:
    return {
        "slug": slug,
        "en": f"XSS {IMG} {slug} probe",
        "ko": f"엑스에스에스 {SCRIPT} {slug} 탐침",
        "category": "networks",
        "aliases": [f"{slug} {payload}" for payload in (SVG, QUOTE, JS_URL, CLOSE_SCRIPT, TEMPLATE)],
        "tags": ["xss-tag"],
        "references": [
            {
                "authors": [IMG, SCRIPT],
                "title": f"Title {SVG}",
                "year": 2020,
                "venue": f"Venue {QUOTE}",
                "url": 'https://example.com/"onmouseover="window.__xss=1"',
            },
            {"authors": ["A. Author"], "title": f"Second {CLOSE_SCRIPT}", "year": 2021,
             "url": f"https://example.com/?q={SCRIPT}"},
        ],
        "summary": {"ko": f"요약 {IMG} {SCRIPT}", "en": f"Summary {SVG} {QUOTE} {TEMPLATE}"},
        "variants": {"ko": f"변형 {IMG} [변형-링크]({JS_URL})", "en": f"Variants {SCRIPT} <{JS_URL}>"},
        **fields,
    }


def _entry_file(front: dict) -> str:
    front_text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return f"---\n{front_text}---\n<!-- ko -->\n{BODY}\n<!-- en -->\n{BODY}\n"


@pytest.fixture(scope="module")
def xss_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real server over two payload entries (each the other's related term and prerequisite chain)."""
    folder = tmp_path_factory.mktemp("xss-entries")
    (folder / "xss-one.md").write_text(_entry_file(_front("xss-one", related=["xss-two"])), encoding="utf-8")
    two = _front("xss-two", related=["xss-one"], prerequisites=["xss-one"], ambiguous_with=[])
    (folder / "xss-two.md").write_text(_entry_file(two), encoding="utf-8")
    env = {"GLOSSARY_ENTRIES_DIR": str(folder), "GLOSSARY_DEMO_WORKERS": "0", "GLOSSARY_API_TOKENS": f"xss:{TOKEN}"}
    with new_database(request, tmp_path_factory.mktemp("xss-db")) as url, running_server(url, env=env) as server:
        yield server.url


@pytest.fixture(scope="module")
def written_slug(xss_server: str) -> str:
    """A third payload term created through the write API, then edited once (so its history has a diff)."""
    document = {k: v for k, v in _front("xss-api", related=["xss-one"]).items()}
    document["definition"] = {"ko": BODY, "en": BODY}
    auth = {"authorization": f"Bearer {TOKEN}"}
    created = httpx.post(f"{xss_server}/api/terms", json=document, headers=auth, timeout=30)
    assert created.status_code == 201, created.text
    patch = {"summary": {"ko": f"고친 요약 {SVG}", "en": f"Edited {IMG}"}}
    edited = httpx.patch(
        f"{xss_server}/api/terms/xss-api", json=patch, headers={**auth, "if-match": created.headers["etag"]}, timeout=30
    )
    assert edited.status_code == 200, edited.text
    return "xss-api"


# Runs in the page: every trace a payload could leave in the DOM.
DOM_PROBLEMS = """() => {
  const problems = [];
  const unsafeUrl = /^\\s*(javascript|vbscript|data):/i;
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`${el.tagName} has ${name}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(name)
          && unsafeUrl.test(attr.value) && !(el.tagName === 'LINK' && attr.value === 'data:,'))
        problems.push(`${el.tagName} ${name}=${attr.value}`);
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (s.src) {
      if (new URL(s.src).origin !== location.origin || !new URL(s.src).pathname.startsWith('/static/'))
        problems.push(`foreign script ${s.src}`);
      if (s.textContent.trim()) problems.push('script with both src and text');
    } else if (['application/json', 'application/ld+json'].includes(s.type)) {
      try { JSON.parse(s.textContent); }
      catch (e) { problems.push(`data script is not JSON: ${s.textContent.slice(0, 80)}`); }
    } else problems.push(`inline script: ${s.textContent.slice(0, 80)}`);
  }
  for (const el of document.querySelectorAll('iframe, frame, object, embed, base, meta[http-equiv]'))
    problems.push(`unexpected ${el.tagName}`);
  for (const form of document.forms)
    if (new URL(form.action, location.href).origin !== location.origin) problems.push(`form to ${form.action}`);
  for (const img of document.querySelectorAll('img'))
    if (/\\/x$/.test(img.src)) problems.push(`payload image ${img.outerHTML}`);
  return problems;
}"""

RECORD_VIOLATIONS = """document.addEventListener('securitypolicyviolation', (e) =>
  (window.__violations = window.__violations || [])
    .push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""


@pytest.fixture(scope="module")
def xss_context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    context.add_init_script(RECORD_VIOLATIONS)
    yield context
    context.close()


@pytest.fixture
def xss_page(xss_context: BrowserContext) -> Iterator[Page]:
    page = xss_context.new_page()
    page.errors = []  # uncaught exceptions in our scripts: a payload that breaks a page counts too
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    page.close()


def _provoke(page: Page) -> None:
    """Fire what a payload might wait for: hover and focus everywhere, then give onerror/onload a moment."""
    page.evaluate(
        """() => { for (const el of document.querySelectorAll('body *')) {
             el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
             el.dispatchEvent(new FocusEvent('focus'));
           } }"""
    )
    page.wait_for_timeout(150)


def assert_inert(page: Page, where: str) -> None:
    _provoke(page)
    assert page.evaluate("window.__xss") is None, f"a payload ran on {where}"
    assert page.evaluate(DOM_PROBLEMS) == [], where
    assert page.evaluate("window.__violations || []") == [], f"{where}: a payload reached the CSP"
    assert page.errors == [], f"{where}: {page.errors}"


def visit(page: Page, url: str) -> int:
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    return response.status


def test_term_pages_show_every_payload_as_text(xss_page: Page, xss_server: str, written_slug: str):
    for slug in ("xss-one", "xss-two", written_slug):
        for lang in ("ko", "en"):
            where = f"/terms/{slug}?lang={lang}"
            assert visit(xss_page, xss_server + where) == 200
            assert_inert(xss_page, where)
            # The names and aliases read exactly as written: escaped, not parsed.
            expect(xss_page.locator("h1 .name-en")).to_have_text(f"XSS {IMG} {slug} probe")
            expect(xss_page.locator("h1 .name-ko")).to_have_text(f"엑스에스에스 {SCRIPT} {slug} 탐침")
            aliases = xss_page.locator(".aliases .alias").all_text_contents()
            assert f"{slug} {QUOTE}" in aliases and f"{slug} {TEMPLATE}" in aliases
            assert "49" not in xss_page.locator("main").inner_text()
            # Markdown links with unsafe targets stay text; every link left in a body resolves to http(s).
            protocols = xss_page.locator(".prose a").evaluate_all("links => links.map(a => new URL(a.href).protocol)")
            assert protocols and set(protocols) <= {"http:", "https:"}, protocols
            for label in ("md-js-link", "md-ref-link", "md-data-link", "raw-html-link"):
                assert xss_page.locator(".prose a", has_text=label).count() == 0, label
            # The raw HTML is shown as text, and the reference's quote-breaking URL stays one attribute.
            assert IMG in xss_page.locator(".prose").first.inner_text()
            reference = xss_page.locator(".reference a").first
            assert reference.get_attribute("href") == 'https://example.com/"onmouseover="window.__xss=1"'
            xss_page.locator(".prose a", has_text="safe-link").first.hover()
            assert xss_page.evaluate("window.__xss") is None
    xss_page.screenshot(path=ARTIFACTS / "xss-term.png", full_page=False)


def test_clicking_the_entity_obfuscated_javascript_link_stays_on_the_site(xss_page: Page, xss_server: str):
    # `jav&#x09;ascript:` survives Markdown as `jav%09ascript:…`: a relative path, not a scheme. Clicking it
    # must only open a page of ours.
    visit(xss_page, f"{xss_server}/terms/xss-one")
    xss_page.locator(".prose a", has_text="md-entity-link").first.click()
    xss_page.wait_for_load_state("networkidle")
    assert xss_page.url.startswith(xss_server + "/") and xss_page.evaluate("window.__xss") is None
    assert_inert(xss_page, xss_page.url)


def test_history_page_of_an_edited_payload_term_is_inert(xss_page: Page, xss_server: str, written_slug: str):
    assert visit(xss_page, f"{xss_server}/terms/{written_slug}/history") == 200
    assert_inert(xss_page, "history")
    assert "49" not in xss_page.locator("main").inner_text()


@pytest.mark.parametrize("query", [*PAYLOADS, POLYGLOT, "xss probe", "엑스에스에스", "xss-one"])
def test_search_page_escapes_the_query_and_the_results(xss_page: Page, xss_server: str, query: str):
    assert visit(xss_page, f"{xss_server}/search?{urlencode({'q': query})}") in (200, 422)
    assert_inert(xss_page, f"/search?q={query}")
    expect(xss_page.locator("h1 q")).to_have_text(query.strip())  # the query reads as typed, not parsed
    expect(xss_page.locator("#site-search")).to_have_value(query.strip())


def test_search_results_list_payload_terms_as_text(xss_page: Page, xss_server: str):
    visit(xss_page, f"{xss_server}/search?q=xss+probe")
    names = xss_page.locator(".search-results a").all_text_contents()
    assert len(names) == 3 and all(SCRIPT in name and IMG in name for name in names), names


def test_suggestions_while_typing_render_payload_names_as_text(xss_page: Page, xss_server: str):
    visit(xss_page, xss_server + "/tags")  # the header's search box (the home page has its own)
    xss_page.locator("#site-search").press_sequentially("xss", delay=50)
    options = xss_page.locator("#site-search-suggestions [role=option]")
    expect(options.first).to_be_visible(timeout=10_000)
    assert any(IMG in text or SCRIPT in text for text in options.all_text_contents())
    assert_inert(xss_page, "suggestions")


def _site_pages(base_url: str) -> list[str]:
    """Every page the sitemap lists (both languages), plus the pages it leaves out."""
    root = ElementTree.fromstring(httpx.get(f"{base_url}/sitemap.xml", timeout=30).content)
    pages = {urlsplit(loc.text).path + (f"?{urlsplit(loc.text).query}" if urlsplit(loc.text).query else "")
             for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    return sorted(pages | {"/", "/search", "/tags", "/index/ko", "/index/en", "/demos", "/docs"})


def test_every_listed_page_is_inert_with_payload_entries(xss_page: Page, xss_server: str, written_slug: str):
    for path in _site_pages(xss_server):
        if path.startswith("/demos/"):
            continue  # demo pages hold no entry text; they get query payloads below
        visit(xss_page, xss_server + path)
        assert_inert(xss_page, path)
        assert "49" not in xss_page.locator("body").inner_text(), path


PARAMETERS = ["q", "lang", "limit", "offset", "tag", "category", "params", "from", "to", "page", "steps", "url"]


@pytest.mark.parametrize("payload", [POLYGLOT, JS_URL])
def test_every_query_parameter_of_every_page_is_inert(xss_page: Page, xss_server: str, payload: str):
    paths = {re.sub(r"\?.*", "", path) for path in _site_pages(xss_server)}
    in_path = quote(payload, safe="")
    paths |= {"/terms/xss-one/history", "/demos/xor", f"/terms/{in_path}", f"/tags/{in_path}"}
    failures = {}
    for path in sorted(paths):  # every page is tried, so one failure does not hide another
        url = f"{xss_server}{path}?{urlencode({name: payload for name in PARAMETERS})}"
        try:
            assert visit(xss_page, url) < 500, "server error"
            assert_inert(xss_page, url)
        except AssertionError as error:
            failures[path] = str(error).splitlines()[0]
            xss_page.errors.clear()
    assert failures == {}


def test_a_payload_language_cookie_is_ignored(xss_context: BrowserContext, xss_page: Page, xss_server: str):
    xss_context.add_cookies([{"name": "lang", "value": quote(SVG), "url": xss_server}])
    try:
        visit(xss_page, f"{xss_server}/terms/xss-one")
        assert_inert(xss_page, "cookie")
        expect(xss_page.locator("html")).to_have_attribute("lang", "ko")
    finally:
        xss_context.clear_cookies()


def test_api_docs_ignore_a_payload_url_and_fragment(xss_page: Page, xss_server: str):
    visit(xss_page, f"{xss_server}/docs?{urlencode({'url': JS_URL, 'configUrl': JS_URL})}#/{quote(IMG)}")
    expect(xss_page.locator(".opblock").first).to_be_visible(timeout=20_000)
    assert_inert(xss_page, "/docs")


# The real glossary: no page, script or vendored library needs what the CSP forbids.


def test_no_page_of_the_real_glossary_trips_the_csp(browser: Browser, base_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)
    shapes: dict[str, str] = {}  # one page of each kind: /terms/a and /terms/b are the same template
    for path in _site_pages(base_url):
        shape = re.sub(r"/[^/?]+(\?|$)", r"/*\1", path) if path.count("/") > 1 else path
        if path.startswith("/demos/"):
            shape = path  # every demo page has its own template and script
        shapes.setdefault(shape, path)
    extra = ["/terms/sigmoid-function", "/terms/bfloat16", "/terms/adam/history", "/search?q=시그모이드", "/nowhere"]
    try:
        for path in [*shapes.values(), *extra]:
            page.goto(base_url + path)  # "load": demo pages keep streaming, so the network never goes idle
            page.wait_for_timeout(300)  # violations are reported asynchronously
            assert page.evaluate("window.__violations || []") == [], path
        # Swagger UI with an operation open and run: its response panel and highlighting need no inline style.
        page.goto(base_url + "/docs")
        page.locator(".opblock-summary-path", has_text="/api/search").first.click()
        page.locator("button.try-out__btn").first.click()
        page.locator("input[placeholder='q']").first.fill("퍼셉트론")
        page.locator("button.execute").first.click()
        expect(page.locator(".live-responses-table tr.response .response-col_status").first).to_have_text("200")
        assert page.evaluate("window.__violations || []") == [], "/docs"
        assert console == []
        page.screenshot(path=ARTIFACTS / "api-docs.png", full_page=False)
    finally:
        context.close()

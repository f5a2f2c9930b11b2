"""Weight and caching: hashed static URLs cached for a year, plain ones revalidated, compressed responses, the
JavaScript budget per page, and the stylesheet's two dark-theme blocks kept equal."""

import gzip
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from app.static_files import IMMUTABLE, STATIC_DIR, VERSION_PATTERN, static_version, tree_version
from benchmarks.page_weight import DEMO_PAGES, FIXED_PAGES, JS_BUDGET_BYTES, measure_page, module_imports

HASHED = re.compile(r"^/static/(?P<version>[0-9a-f]{12})/(?P<path>.+)$")


def _asset_urls(client, path: str) -> list[str]:
    soup = BeautifulSoup(client.get(path).text, "html.parser")
    return [tag["href"] for tag in soup.select('link[rel="stylesheet"]')] + [tag["src"] for tag in soup.select("script[src]")]


def test_base_template_links_its_css_and_js_by_content_hash(glossary_client):
    urls = _asset_urls(glossary_client, "/")
    paths = {HASHED.match(url)["path"] for url in urls if HASHED.match(url)}
    assert {"style.css", "js/theme.js", "js/search-suggest.js"} <= paths, urls
    assert {HASHED.match(url)["version"] for url in urls if HASHED.match(url)} == {static_version()}


def test_hashed_static_file_is_immutable_for_a_year(glossary_client):
    response = glossary_client.get(f"/static/{static_version()}/style.css")
    assert response.status_code == 200
    assert response.headers["cache-control"] == IMMUTABLE == "public, max-age=31536000, immutable"
    assert response.text == (STATIC_DIR / "style.css").read_text()


def test_plain_static_url_still_works_and_is_revalidated_with_its_etag(glossary_client):
    response = glossary_client.get("/static/js/plot.js")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"
    again = glossary_client.get("/static/js/plot.js", headers={"if-none-match": response.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["cache-control"] == "no-cache"


def test_an_old_version_still_serves_the_file_but_not_as_immutable(glossary_client):
    old = "0" * 12 if static_version() != "0" * 12 else "1" * 12
    response = glossary_client.get(f"/static/{old}/js/theme.js")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path", ["/static/{v}/../app/main.py", "/static/{v}/nothing-here.js", "/static/{v}/"])
def test_versioned_urls_never_leave_the_static_folder(glossary_client, path):
    assert glossary_client.get(path.format(v=static_version())).status_code == 404


def test_relative_module_imports_stay_under_the_hashed_folder(glossary_client):
    # demo-live.js imports "./plot.js": loaded from a hashed URL, its import must be hashed (immutable) too.
    url = f"/static/{static_version()}/js/demo-live.js"
    source = glossary_client.get(url).text
    assert module_imports(source, url) == [f"/static/{static_version()}/js/plot.js"]
    assert glossary_client.get(module_imports(source, url)[0]).headers["cache-control"] == IMMUTABLE


def test_tree_version_changes_with_any_file_content_or_name(tmp_path: Path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.js").write_text("export const a = 1;\n")
    first = tree_version(tmp_path)
    assert VERSION_PATTERN.fullmatch(first)
    assert tree_version(tmp_path) == first  # stable
    (tmp_path / "js" / "a.js").write_text("export const a = 2;\n")
    changed = tree_version(tmp_path)
    assert changed != first
    (tmp_path / "js" / "a.js").rename(tmp_path / "js" / "b.js")
    assert tree_version(tmp_path) not in {first, changed}


@pytest.mark.parametrize("path", ["/", "/terms/softmax-function", "/api/terms?limit=50", f"/static/{{v}}/style.css"])
def test_html_json_and_css_leave_gzip_compressed(glossary_client, path):
    response = glossary_client.get(path.format(v=static_version()), headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in response.headers["vary"].lower()
    # what crossed the wire is real gzip, a fraction of the page
    with glossary_client.stream("GET", path.format(v=static_version()), headers={"accept-encoding": "gzip"}) as raw:
        wire = b"".join(raw.iter_raw())
    assert gzip.decompress(wire) == response.content
    assert len(wire) < len(response.content) / 2


def test_small_responses_and_clients_without_gzip_are_sent_plain(glossary_client):
    assert "content-encoding" not in glossary_client.get("/healthz", headers={"accept-encoding": "gzip"}).headers
    assert "content-encoding" not in glossary_client.get("/", headers={"accept-encoding": "identity"}).headers


ALL_PAGES = FIXED_PAGES + [("path", "/path")] + DEMO_PAGES


@pytest.mark.parametrize(("name", "path"), ALL_PAGES, ids=[name for name, _ in ALL_PAGES])
def test_no_page_ships_more_than_150_kb_of_javascript_beyond_its_demo(glossary_client, name, path):
    if name == "path" and glossary_client.get(path).status_code == 404:
        pytest.skip("no learning path page (/path) in this build")
    weight = measure_page(glossary_client, name, path)
    assert weight.page_js <= JS_BUDGET_BYTES, f"{name}: {weight.page_js} bytes of compressed JS: {weight.js_files}"
    assert any(url.endswith("/js/theme.js") for url in weight.js_files)  # the crawl found the page's scripts
    assert weight.html > 0 and weight.css > 0
    if not name.startswith("demo "):
        assert weight.demo_js == 0  # only demo pages load demo code


def test_page_weight_follows_a_demo_pages_module_imports(glossary_client):
    xor = measure_page(glossary_client, "demo xor", "/demos/xor")
    names = {url.rsplit("/", 1)[-1] for url in xor.js_files}
    assert {"demo-xor.js", "plot.js", "sse.js", "theme.js", "search-suggest.js"} <= names, names
    # what the demo needs: its script and what it imports; the rest (theme, search, ...) is every page's
    demo_files = {"demo-xor.js", "plot.js", "sse.js"}
    assert 0 < xor.demo_js < xor.js
    assert xor.demo_js == sum(size for url, size in xor.js_files.items() if url.rsplit("/", 1)[-1] in demo_files)


def test_the_two_dark_theme_blocks_in_the_stylesheet_are_equal():
    css = (STATIC_DIR / "style.css").read_text()
    system = re.search(r':root:not\(\[data-theme="light"\]\)\s*\{(.*?)\}', css, re.S)[1]
    chosen = re.search(r':root\[data-theme="dark"\]\s*\{(.*?)\}', css, re.S)[1]

    def declarations(block: str) -> dict[str, str]:
        return dict(re.findall(r"([\w-]+)\s*:\s*([^;]+);", block))

    assert declarations(system) == declarations(chosen)
    assert len(declarations(system)) >= 10

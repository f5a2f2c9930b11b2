"""Page weight: the bytes each kind of page costs on the wire (gzip as served), JavaScript against a 150 KB budget.

For each page the HTML is fetched, its stylesheets and scripts are read from the markup, and every module script's
imports (static and dynamic) are followed. JavaScript reached only from a demo page's own script (demo-*.js and
what it imports) is what that demo needs; the budget applies to the rest. The baseline in the same run is the
HTML alone: what a page would cost with no CSS or JS at all.
"""

import re
import tempfile
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx2 as httpx
from bs4 import BeautifulSoup

from demos.catalog import CATALOG

JS_BUDGET_BYTES = 150 * 1024  # compressed JavaScript a page may load beyond what its demo needs

# `import x from "m"`, `import {a,\n b} from "m"`, `export * from "m"`, `import "m"`, `import("m")`
MODULE_IMPORT = re.compile(
    r"""(?:\bimport|\bexport)\s[^;'"]*?\bfrom\s*["']([^"']+)["']"""
    r"""|\bimport\s*["']([^"']+)["']"""
    r"""|\bimport\(\s*["']([^"']+)["']\s*\)""",
)


@dataclass
class PageWeight:
    name: str
    path: str
    html: int = 0  # bytes on the wire, as served (gzip where the server compresses)
    css: int = 0
    js: int = 0
    demo_js: int = 0  # the part of `js` reached only from the page's demo script
    js_files: dict[str, int] = field(default_factory=dict)

    @property
    def page_js(self) -> int:
        """JavaScript beyond what the page's demo needs: the figure the budget is about."""
        return self.js - self.demo_js

    @property
    def total(self) -> int:
        return self.html + self.css + self.js


def wire_bytes(client: httpx.Client, url: str) -> tuple[int, bytes]:
    """(bytes as transferred with Accept-Encoding: gzip, decoded body) of a GET that must answer 200."""
    with client.stream("GET", url, headers={"accept-encoding": "gzip"}) as response:
        raw = b"".join(response.iter_raw())
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")
        encoding = response.headers.get("content-encoding")
    body = httpx.Response(200, content=raw, headers={"content-encoding": encoding} if encoding else {}).read()
    return len(raw), body


def module_imports(source: str, module_url: str) -> list[str]:
    """Absolute paths of the modules `source` imports, resolved against its own URL (relative imports included)."""
    found = (next(group for group in match.groups() if group) for match in MODULE_IMPORT.finditer(source))
    return [urlsplit(urljoin(module_url, specifier)).path for specifier in found]


def _script_graph(client: httpx.Client, roots: list[str], modules: dict[str, tuple[int, list[str]]]) -> set[str]:
    """Every script reachable from `roots` by imports; `modules` caches path → (wire bytes, imported paths)."""
    seen: set[str] = set()
    queue = list(roots)
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        if url not in modules:
            size, body = wire_bytes(client, url)
            modules[url] = (size, module_imports(body.decode(), url))
        queue.extend(modules[url][1])
    return seen


def measure_page(client: httpx.Client, name: str, path: str) -> PageWeight:
    weight = PageWeight(name=name, path=path)
    weight.html, body = wire_bytes(client, path)
    soup = BeautifulSoup(body, "html.parser")
    for link in soup.select('link[rel~="stylesheet"][href]'):
        weight.css += wire_bytes(client, urljoin(path, link["href"]))[0]
    scripts = [urlsplit(urljoin(path, s["src"])).path for s in soup.select("script[src]")]
    scripts += [urlsplit(urljoin(path, s["href"])).path for s in soup.select('link[rel~="modulepreload"][href]')]
    is_demo = [url.rsplit("/", 1)[-1].startswith("demo-") for url in scripts]
    modules: dict[str, tuple[int, list[str]]] = {}
    every = _script_graph(client, scripts, modules)
    shared = _script_graph(client, [url for url, demo in zip(scripts, is_demo) if not demo], modules)
    weight.js_files = {url: modules[url][0] for url in sorted(every)}
    weight.js = sum(weight.js_files.values())
    weight.demo_js = sum(size for url, size in weight.js_files.items() if url not in shared)
    return weight


# One page of each kind; the learning path (/path) and every demo page are added by page_kinds.
FIXED_PAGES = [
    ("home", "/"),
    ("term", "/terms/softmax-function"),
    ("search", "/search?q=%EC%A0%95%EA%B7%9C%ED%99%94"),  # 정규화: a query with many results
    ("index", "/index/ko"),
    ("demos", "/demos"),
]
DEMO_PAGES = [(f"demo {demo_id}", f"/demos/{demo_id}") for demo_id in CATALOG]


def page_kinds(client: httpx.Client) -> list[tuple[str, str]]:
    """(name, path) of every page kind measured; the learning path only where it exists."""
    path_page = [("path", "/path")] if client.get("/path").status_code == 200 else []
    return FIXED_PAGES + path_page + DEMO_PAGES


def measure_all(client: httpx.Client) -> list[PageWeight]:
    weights = []
    for name, path in page_kinds(client):
        try:
            weights.append(measure_page(client, name, path))
        except RuntimeError as error:  # a page that does not render is reported, the rest still measured
            print(f"{name}: not measured ({error})")
    return weights


def _kb(size: int) -> str:
    return f"{size / 1024:7.1f}"


def report(weights: list[PageWeight]) -> None:
    print(f"KB on the wire (gzip as served); JS budget {JS_BUDGET_BYTES // 1024} KB beyond what a demo needs")
    print(f"{'page':<26}{'HTML':>8}{'CSS':>8}{'JS':>8}{'demo JS':>9}{'page JS':>9}{'total':>8}  budget   x baseline")
    for w in weights:
        verdict = "ok" if w.page_js <= JS_BUDGET_BYTES else "OVER"
        ratio = w.total / w.html
        print(
            f"{w.name:<26}{_kb(w.html)} {_kb(w.css)} {_kb(w.js)} {_kb(w.demo_js)}  {_kb(w.page_js)} {_kb(w.total)}"
            f"  {verdict:<6} {ratio:6.1f}"
        )
    print("baseline = the page's HTML alone; 'x baseline' = total / HTML")


def main() -> None:
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.settings import Settings
    from glossary.db import ENTRIES_DIR

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/glossary.db", entries_dir=ENTRIES_DIR, demo_workers=0)
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            report(measure_all(client))


if __name__ == "__main__":
    main()

"""Security headers on every response, the request body limit, per-client rate limits and the query length limit,
through the real app (app.security, app.rate_limit)."""

import json
import select
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from app.main import create_app
from app.rate_limit import TokenBucket
from app.security import CONTENT_SECURITY_POLICY
from app.settings import Settings
from glossary.markdown import render_markdown
from tests.conftest import entry_text, make_client
from tests.server import running_server

HTML = {"accept": "text/html"}
JSON = {"content-type": "application/json"}
LIMIT = 4096  # a small body limit for these tests (the setting's lowest is 1024)


@pytest.fixture(scope="module")
def tiny_entries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One entry: enough for these tests, and quick to load for every app they build."""
    folder = tmp_path_factory.mktemp("entries")
    (folder / "adam.md").write_text(entry_text("adam", "Adam", "아담"), encoding="utf-8")
    return folder


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


# Headers


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/", HTML, 200),
        ("/terms/adam", HTML, 200),
        ("/api/terms/adam", {}, 200),
        ("/api/search?q=%ED%8D%BC%EC%85%89", {}, 200),
        ("/static/style.css", {}, 200),
        ("/docs", HTML, 200),
        ("/openapi.json", {}, 200),
        ("/terms/no-such-term", HTML, 404),
        ("/api/nothing", {}, 404),
        ("/api/search?q=" + "x" * 300, {}, 422),
        ("/healthz", {}, 200),
    ],
)
def test_every_response_carries_the_security_headers(glossary_client, path, headers, status):
    response = glossary_client.get(path, headers=headers)
    assert response.status_code == status
    csp = csp_directives(response.headers["content-security-policy"])
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["x-frame-options"] == "DENY"


def test_policy_allows_no_inline_script_or_style_anywhere():
    for name, values in csp_directives(CONTENT_SECURITY_POLICY).items():
        assert "'unsafe-inline'" not in values and "'unsafe-eval'" not in values, name
        assert "*" not in values and "https:" not in values, name


def test_an_unexpected_error_answers_500_json_with_the_headers(database_url, tiny_entries):
    app = create_app(Settings(database_url=database_url, entries_dir=tiny_entries, demo_workers=0))

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/broken-on-purpose", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/broken-on-purpose")
    assert response.status_code == 500
    assert response.json()["error"] == "internal error"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_api_docs_page_has_no_inline_script(glossary_client):
    soup = BeautifulSoup(glossary_client.get("/docs", headers=HTML).text, "html.parser")
    scripts = soup.select("script")
    sources = [s["src"] for s in scripts]
    assert len(sources) == 2 and sources[0].startswith("/static/") and sources[1].startswith("/static/")
    assert sources[0].endswith("/vendor/swagger-ui/swagger-ui-bundle.js") and sources[1].endswith("/js/api-docs.js")
    assert all(not s.get_text(strip=True) for s in scripts)
    assert soup.select_one("#swagger-ui")["data-openapi-url"] == "/openapi.json"
    assert not soup.select("[style]") and not soup.select("style")


def test_aligned_markdown_table_uses_classes_not_style_attributes():
    soup = BeautifulSoup(render_markdown("| a | b | c |\n|:--|--:|:-:|\n| 1 | 2 | 3 |"), "html.parser")
    assert [td.get("class") for td in soup.select("td")] == [["align-left"], ["align-right"], ["align-center"]]
    assert not soup.select("[style]")


# Body size limit


@pytest.fixture(scope="module")
def small_body_client(tmp_path_factory: pytest.TempPathFactory, tiny_entries: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('body')}/glossary.db"
    with make_client(url, tiny_entries, demo_workers=0, max_body_bytes=LIMIT) as client:
        yield client


def _chunks(total: int, size: int = 1000) -> Iterator[bytes]:
    for start in range(0, total, size):
        yield b" " * min(size, total - start)


def test_body_over_the_limit_with_content_length_gets_413_json(small_body_client):
    response = small_body_client.post("/api/demos/xor/run", content=b" " * (LIMIT + 1), headers=JSON)
    assert response.status_code == 413
    body = response.json()
    assert body["error"] == "payload too large"
    assert str(LIMIT) in body["message"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_chunked_body_over_the_limit_gets_413_while_it_is_read(small_body_client):
    request = small_body_client.build_request(
        "POST", "/api/demos/xor/run", content=_chunks(LIMIT * 50), headers=JSON
    )
    assert "content-length" not in request.headers and request.headers["transfer-encoding"] == "chunked"
    response = small_body_client.send(request)
    assert response.status_code == 413
    assert response.json()["error"] == "payload too large"


def test_real_server_refuses_an_endless_chunked_body_early(database_url, tiny_entries):
    # Over a real socket: the 413 must come while the client is still sending a 64 MiB body, not after it.
    # (What the client has "sent" includes what loopback's socket buffers hold, a few MiB, not read by the server.)
    env = {"GLOSSARY_ENTRIES_DIR": str(tiny_entries), "GLOSSARY_DEMO_WORKERS": "0"}
    env["GLOSSARY_MAX_BODY_BYTES"] = str(LIMIT)
    with running_server(database_url, env=env) as server:
        host, port = server.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(
                f"POST /api/demos/xor/run HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n".encode()
            )
            chunk, sent, answer = b"400\r\n" + b" " * 1024 + b"\r\n", 0, b""
            while sent < 64 * 1024 * 1024:
                try:
                    sock.sendall(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    break  # the server answered and closed
                sent += 1024
                if select.select([sock], [], [], 0)[0]:
                    break
            sock.settimeout(10)
            while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), answer[:200]
    assert json.loads(body)["error"] == "payload too large"
    assert sent < 16 * 1024 * 1024, f"the client could send {sent} bytes before the refusal"


def test_body_at_the_limit_reaches_the_endpoint(small_body_client):
    body = b'{"steps": 10}' + b" " * (LIMIT - 13)
    response = small_body_client.post("/api/demos/xor/run", content=body, headers=JSON)
    # Past the size check: the demo endpoint itself answers (demos are off in this app, and not rate limited yet).
    assert response.status_code == 503
    chunked = small_body_client.post("/api/demos/xor/run", content=_chunks(LIMIT), headers=JSON)
    assert chunked.status_code != 413


def test_import_accepts_sixteen_times_the_limit(small_body_client):
    over_normal = small_body_client.post("/api/import", content=b" " * (LIMIT * 2))
    assert over_normal.status_code != 413  # whatever the endpoint answers, the size limit let it through
    over_import = small_body_client.post("/api/import", content=b" " * (LIMIT * 16 + 1))
    assert over_import.status_code == 413


# Rate limits


def test_token_bucket_spends_a_burst_then_refills_at_the_rate():
    now = [100.0]
    bucket = TokenBucket(rate_per_minute=3, clock=lambda: now[0])
    assert [bucket.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take("a") == pytest.approx(20.0)  # one token every 60/3 s
    assert bucket.take("b") == 0.0  # another client has its own bucket
    now[0] += 19.0
    assert bucket.take("a") == pytest.approx(1.0)
    now[0] += 1.0
    assert bucket.take("a") == 0.0
    now[0] += 3600
    assert [bucket.take("a") for _ in range(4)][-1] > 0  # refills up to the burst, never beyond


def test_token_bucket_forgets_the_least_recent_client_past_its_size():
    bucket = TokenBucket(rate_per_minute=1, max_clients=2, clock=lambda: 0.0)
    bucket.take("a"), bucket.take("b"), bucket.take("a"), bucket.take("c")  # "b" is now the least recent
    assert bucket.take("a") > 0 and bucket.take("b") == 0.0


def test_token_bucket_is_exact_under_threads():
    bucket = TokenBucket(rate_per_minute=500, clock=lambda: 0.0)
    granted = []

    def spend() -> None:
        granted.append(sum(bucket.take("same client") == 0.0 for _ in range(100)))

    threads = [threading.Thread(target=spend) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(granted) == 500


@pytest.fixture
def limited_client(database_url: str, tiny_entries: Path) -> Iterator[TestClient]:
    with make_client(
        database_url, tiny_entries, demo_workers=0, demo_rate_per_minute=3, write_rate_per_minute=2,
        api_tokens="alice:alice-secret,bob-secret",
    ) as client:
        yield client


@pytest.mark.parametrize("method, path", [("POST", "/api/demos/xor/run"), ("GET", "/api/demos/xor/stream")])
def test_demo_runs_past_the_rate_get_429_with_retry_after(limited_client, method, path):
    body = {} if method == "POST" else None
    statuses = [limited_client.request(method, path, json=body).status_code for _ in range(3)]
    assert statuses == [503, 503, 503]  # demos are off here: the limit is checked first, and these pass it
    response = limited_client.request(method, path, json=body)
    assert response.status_code == 429
    assert response.json()["error"] == "rate limited"
    assert "3 a minute" in response.json()["message"]
    assert 1 <= int(response.headers["retry-after"]) <= 20


def test_demo_limit_is_per_client(limited_client):
    for _ in range(3):
        limited_client.post("/api/demos/xor/run", json={})
    assert limited_client.post("/api/demos/xor/run", json={}).status_code == 429
    alice = {"authorization": "Bearer alice-secret"}
    statuses = [limited_client.post("/api/demos/xor/run", json={}, headers=alice).status_code for _ in range(3)]
    assert statuses == [503] * 3
    assert limited_client.post("/api/demos/xor/run", json={}, headers=alice).status_code == 429
    bob = {"authorization": "Bearer bob-secret"}  # a bare secret is a client of its own too
    assert limited_client.post("/api/demos/xor/run", json={}, headers=bob).status_code == 503
    # A token the server does not know buys no fresh bucket: it counts as the address, already spent.
    stranger = {"authorization": "Bearer made-up"}
    assert limited_client.post("/api/demos/xor/run", json={}, headers=stranger).status_code == 429


def test_pages_and_reads_are_not_rate_limited(limited_client):
    assert {limited_client.get("/api/search", params={"q": "adam"}).status_code for _ in range(10)} == {200}


def test_writes_past_the_rate_get_429_per_client(limited_client):
    alice = {"authorization": "Bearer alice-secret"}
    # Invalid writes count too: the limit is checked before the token and the body.
    statuses = [limited_client.post("/api/terms", json={}, headers=alice).status_code for _ in range(2)]
    assert statuses == [422, 422]
    response = limited_client.delete("/api/terms/adam", headers={**alice, "if-match": "*"})
    assert response.status_code == 429
    assert response.json()["error"] == "rate limited" and "2 a minute" in response.json()["message"]
    assert 1 <= int(response.headers["retry-after"]) <= 30
    # Bob (another token) and anonymous clients (the address) have their own buckets.
    bob = {"authorization": "Bearer bob-secret"}
    assert limited_client.post("/api/terms", json={}, headers=bob).status_code == 422
    assert limited_client.post("/api/terms", json={}).status_code == 401


# Query length


@pytest.mark.parametrize("path", ["/api/search", "/api/suggest", "/search"])
def test_overlong_query_answers_422_json_with_the_reason(glossary_client, path):
    response = glossary_client.get(path, params={"q": "가" * 201})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid request"
    assert "at most 200" in body["message"]
    assert body["detail"][0]["loc"] == ["query", "q"]

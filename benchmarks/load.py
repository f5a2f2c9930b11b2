"""Load on loopback: term pages and /api/search at concurrency 64, with the demo workers idle, then saturated.

`python -m benchmarks.load [--seconds 20] [--concurrency 64] [--workers 1]`. A real server (`python -m app`, one
app worker by default, two demo workers) on a free port; a closed-loop generator in this process keeps
`concurrency` keep-alive connections each sending its next request as soon as the last answer is in, for a fixed
time per phase, half term pages and half searches (Korean and English, real queries). Baseline in the same run:
the same load with the demo workers idle; then four clients keep both workers busy with heavy XOR sweeps (two
running, two queued) while the same load runs again. Reported: requests/s, p50/p99 per kind, errors (anything but
200, or a broken connection).

The generator is a minimal HTTP/1.1 client on asyncio streams (no parsing beyond status line, headers and body),
so it takes as little CPU as it can; still, on a 2-core machine it competes with the server and the demo workers
for the same cores: the figures are what this machine sustains with everything on it, not the server's ceiling.
"""

import argparse
import asyncio
import itertools
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx2 as httpx

from tests.server import running_server

SLUGS = [
    "perceptron", "adam", "batch-normalization", "overfitting", "softmax-function", "learning-rate", "dropout",
    "backpropagation", "gradient-descent", "sigmoid-function", "relu", "momentum", "cross-entropy-error", "transformer",
]
QUERIES = [
    "퍼셉트론", "경사 하강법", "ㅂㅊ ㅈㄱㅎ", "과적합", "소프트멕스", "배치정ㄱ", "모멘텀이란", "qoclwjdrbghk", "학습률",
    "adam", "gradient descent", "optimzer", "what is an epoch", "dropout", "sigmiod", "batch norm",
]
SATURATING_CLIENTS = 4  # 2 demo workers + 2 queued runs
SATURATING_RUN = {"mode": "sweep", "nets": 256, "steps": 2000, "snapshot_every": 2000}
WARM_UP_S = 2.0


@dataclass
class Phase:
    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: {"page": [], "search": []})
    errors: dict[str, int] = field(default_factory=lambda: {"page": 0, "search": 0})


async def _read_response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response whole; return its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    return status


async def _connection(
    host: str, port: int, requests: list[tuple[str, str]], offset: int, stop_at: float, record: Phase | None
) -> None:
    """One closed-loop client: next request when the last answer is in; measured when `record` is given."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for kind, path in itertools.islice(itertools.cycle(requests), offset, None):
            started = time.perf_counter()
            if started >= stop_at:
                return
            # gzip accepted, as a browser does: compressing is part of the server's work (the body is not unpacked).
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\n\r\n".encode())
            try:
                status = await _read_response(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                if record is not None:
                    record.errors[kind] += 1
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
                continue
            elapsed_ms = (time.perf_counter() - started) * 1000
            if record is not None and time.perf_counter() <= stop_at:
                record.latencies_ms[kind].append(elapsed_ms)
                if status != 200:
                    record.errors[kind] += 1
    finally:
        writer.close()


async def _load(base_url: str, concurrency: int, seconds: float) -> Phase:
    host, port = base_url.removeprefix("http://").split(":")
    pages = [("page", f"/terms/{slug}") for slug in SLUGS]
    searches = [("search", f"/api/search?q={quote(query)}") for query in QUERIES]
    requests = [item for pair in zip(itertools.cycle(pages), searches) for item in pair]  # alternate the kinds
    warm_until = time.perf_counter() + WARM_UP_S
    await asyncio.gather(*(_connection(host, int(port), requests, i, warm_until, None) for i in range(concurrency)))
    phase = Phase()
    stop_at = time.perf_counter() + seconds
    await asyncio.gather(*(_connection(host, int(port), requests, i * 3, stop_at, phase) for i in range(concurrency)))
    return phase


def _saturate(base_url: str, stop: threading.Event, statuses: list[int]) -> None:
    with httpx.Client(base_url=base_url, timeout=120) as client:
        while not stop.is_set():
            status = client.post("/api/demos/xor/run", json=SATURATING_RUN).status_code
            statuses.append(status)
            if status == 429:
                time.sleep(0.05)


def _wait_for_workers(base_url: str, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while not httpx.get(f"{base_url}/healthz", timeout=10).json()["demos"].startswith("2/2"):
        if time.monotonic() > deadline:
            raise TimeoutError("demo workers did not warm up")
        time.sleep(0.2)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def _report(name: str, phase: Phase, seconds: float, baseline: Phase | None) -> None:
    total = sum(len(values) for values in phase.latencies_ms.values())
    errors = sum(phase.errors.values())
    ratio = ""
    if baseline is not None:
        base_total = sum(len(values) for values in baseline.latencies_ms.values())
        ratio = f"  ({total / base_total:4.2f}× the idle rate)"
    print(f"{name:<24} {total / seconds:7.0f} req/s{ratio}   errors {errors}")
    for kind, label in (("page", "term pages"), ("search", "/api/search")):
        values = phase.latencies_ms[kind]
        line = (f"  {label:<12} {len(values) / seconds:7.0f} req/s   p50 {statistics.median(values):7.1f} ms"
                f"   p99 {_percentile(values, 0.99):7.1f} ms   errors {phase.errors[kind]}")
        if baseline is not None:
            line += f"   (p99 {_percentile(values, 0.99) / _percentile(baseline.latencies_ms[kind], 0.99):4.2f}× idle)"
        print(line)


def main(seconds: float = 20.0, concurrency: int = 64, workers: int = 1) -> None:
    # Demo runs from the saturating clients would hit the per-client demo rate limit (they share one address).
    env = {"GLOSSARY_DEMO_WORKERS": "2", "GLOSSARY_DEMO_RATE_PER_MINUTE": "100000"}
    database = tempfile.TemporaryDirectory()
    with database as folder, running_server(f"sqlite:///{folder}/load.db", workers=workers, env=env) as server:
        _wait_for_workers(server.url)
        idle = asyncio.run(_load(server.url, concurrency, seconds))

        stop, statuses = threading.Event(), []
        saturators = [
            threading.Thread(target=_saturate, args=(server.url, stop, statuses)) for _ in range(SATURATING_CLIENTS)
        ]
        for thread in saturators:
            thread.start()
        time.sleep(1.0)  # both workers busy, the queue full
        busy = asyncio.run(_load(server.url, concurrency, seconds))
        stop.set()
        for thread in saturators:
            thread.join()

    print(f"concurrency {concurrency}, {seconds:g} s per phase after {WARM_UP_S:g} s warm-up; {workers} app "
          f"worker(s), 2 demo workers; the load generator runs on the same cores")
    _report("demo workers idle", idle, seconds, None)
    _report("demo workers saturated", busy, seconds, idle)
    print(f"  saturating demo runs: {statuses.count(200)} completed, {statuses.count(429)} got 429 (queue full), "
          f"{len(statuses) - statuses.count(200) - statuses.count(429)} other")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured time per phase")
    parser.add_argument("--concurrency", type=int, default=64, help="connections, each closed-loop")
    parser.add_argument("--workers", type=int, default=1, help="app worker processes (python -m app --workers)")
    arguments = parser.parse_args()
    main(arguments.seconds, arguments.concurrency, arguments.workers)

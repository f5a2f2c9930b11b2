"""Every demo run with its defaults over HTTP on a real server, warm: the catalogue's ≤ 1 s promise.

For each demo: the median wall time of POST /api/demos/{id}/run with {} (after one warm-up run), the kernel's
own elapsed_ms from the same responses (the baseline: the ratio is what HTTP and the worker hop add), and the
ratio to the 1 s target.
"""

import statistics
import tempfile
import time

import httpx2 as httpx

from benchmarks.demo_http import _wait_for_workers
from demos.catalog import CATALOG
from tests.server import running_server

RUNS = 5
TARGET_MS = 1000.0


def main() -> None:
    env = {"GLOSSARY_DEMO_RATE_PER_MINUTE": "100000"}
    with tempfile.TemporaryDirectory() as folder, running_server(f"sqlite:///{folder}/bench.db", env=env) as server:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            _wait_for_workers(client)
            print(f"{'demo':<22}{'HTTP ms':>10}{'kernel ms':>11}{'HTTP/kernel':>13}{'of 1 s':>9}")
            worst = 0.0
            for demo_id in CATALOG:
                assert client.post(f"/api/demos/{demo_id}/run", json={}).status_code == 200  # warm
                wall, kernel = [], []
                for _ in range(RUNS):
                    started = time.perf_counter()
                    response = client.post(f"/api/demos/{demo_id}/run", json={})
                    wall.append((time.perf_counter() - started) * 1000)
                    kernel.append(response.json()["elapsed_ms"])
                http_ms, kernel_ms = statistics.median(wall), statistics.median(kernel)
                worst = max(worst, http_ms)
                print(f"{demo_id:<22}{http_ms:>10.1f}{kernel_ms:>11.1f}{http_ms / kernel_ms:>12.2f}x"
                      f"{http_ms / TARGET_MS:>9.2f}")
            print(f"slowest default run: {worst:.1f} ms = {worst / TARGET_MS:.2f} of the 1 s target "
                  f"({len(CATALOG)} demos, median of {RUNS})")


if __name__ == "__main__":
    main()

"""A real server process (`python -m app`) on a free loopback port, for browser and start-up tests."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


@contextmanager
def running_server(
    database_url: str, timeout_s: float = 120.0, workers: int = 1, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """Start the server against `database_url`, wait for /healthz, yield its URL and pid, stop it.

    `env` adds settings for this server only, e.g. {"GLOSSARY_ENTRIES_DIR": str(folder)}.
    """
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1", **(env or {})}
    # The log goes to a file, not a pipe: nobody reads a pipe while the server runs, and once its 64 KiB buffer
    # is full (a few logged tracebacks) the server blocks on its next log line and stops answering.
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "--port", str(port), "--workers", str(workers), "--log-level", "warning"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"server exited with {process.returncode}:\n{log.read()}")
            try:
                if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"no /healthz 200 within {timeout_s} s")
            time.sleep(0.05)
        yield Server(url=base_url, pid=process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a graceful stop can outlast a busy machine's patience
            process.kill()
            process.wait(timeout=10)
        log.close()

"""Per-client rate limits for writes and demo runs: one token bucket per client, refilled continuously.

A client is its bearer token when that token is one the server knows (GLOSSARY_API_TOKENS or the admin token), else
its address: an unknown token must not buy a fresh bucket, or a flood could rotate made-up tokens. Behind a reverse
proxy the address is the one uvicorn takes from X-Forwarded-For for trusted proxies (--forwarded-allow-ips).
"""

import hashlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from app.auth import bearer_token, editor_tokens
from app.settings import Settings

MAX_CLIENTS = 10_000  # buckets kept; the least recently seen client is forgotten first (it starts full again)


class RateLimited(Exception):
    """A client has used its bucket; answered 429 with Retry-After (see app.errors)."""

    def __init__(self, what: str, rate_per_minute: int, retry_after_s: int) -> None:
        super().__init__(
            f"too many {what} from this client: at most {rate_per_minute} a minute; try again in {retry_after_s} s"
        )
        self.retry_after_s = retry_after_s


class TokenBucket:
    """`rate_per_minute` tokens a minute for each client, and a burst of as many; safe to share between threads."""

    def __init__(
        self, rate_per_minute: int, max_clients: int = MAX_CLIENTS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate_per_minute = rate_per_minute
        self.capacity = float(rate_per_minute)
        self.per_second = rate_per_minute / 60
        self.max_clients = max_clients
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # client -> (tokens, when counted)
        self._lock = threading.Lock()  # sync routes and dependencies run in a thread pool

    def take(self, client: str) -> float:
        """Spend one of `client`'s tokens and return 0.0, or return the seconds until one is there (none spent)."""
        with self._lock:
            now = self.clock()
            tokens, then = self._buckets.pop(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - then) * self.per_second)
            wait = 0.0
            if tokens >= 1:
                tokens -= 1
            else:
                wait = (1 - tokens) / self.per_second
            self._buckets[client] = (tokens, now)  # re-inserted last: the most recently seen
            if len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            return wait


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def known_token_digests(settings: Settings) -> frozenset[str]:
    """Digests of the secrets in GLOSSARY_API_TOKENS (`name:secret` or a bare secret) and the admin token."""
    known = [*editor_tokens(settings), settings.admin_token or ""]
    return frozenset(_digest(secret) for secret in known if secret)


@dataclass
class RateLimits:
    """The app's buckets (app.state.rate_limits), made from its settings."""

    write: TokenBucket
    demo: TokenBucket
    token_digests: frozenset[str]

    @classmethod
    def from_settings(cls, settings: Settings) -> "RateLimits":
        return cls(
            write=TokenBucket(settings.write_rate_per_minute),
            demo=TokenBucket(settings.demo_rate_per_minute),
            token_digests=known_token_digests(settings),
        )

    def client(self, request: Request) -> str:
        token = bearer_token(request.headers.get("authorization"))
        if token is not None:
            digest = _digest(token.strip())
            if digest in self.token_digests:
                return f"token:{digest[:16]}"
        return f"address:{request.client.host if request.client else 'unknown'}"

    def check(self, bucket: TokenBucket, what: str, request: Request) -> None:
        wait = bucket.take(self.client(request))
        if wait > 0:
            raise RateLimited(what, bucket.rate_per_minute, max(1, math.ceil(wait)))


def write_rate_limit(request: Request) -> None:
    """Dependency for every write endpoint: GLOSSARY_WRITE_RATE_PER_MINUTE per client, then 429."""
    limits: RateLimits = request.app.state.rate_limits
    limits.check(limits.write, "writes", request)


def demo_rate_limit(request: Request) -> None:
    """Dependency for starting a demo run: GLOSSARY_DEMO_RATE_PER_MINUTE per client, then 429."""
    limits: RateLimits = request.app.state.rate_limits
    limits.check(limits.demo, "demo runs", request)

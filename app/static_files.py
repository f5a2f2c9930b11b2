"""Static files with content-hashed URLs: `/static/<version>/js/x.js` is cached for a year, `/static/js/x.js`
is revalidated on every use.

<version> is one hash of the whole static tree, not one per file, so a module's relative imports
(`import ... from "./plot.js"`) resolve under the same hashed folder and are immutable too. Any change to any
static file gives every URL a new version: a deploy never serves a stale script from a browser's cache. The hash
is taken once per process (restart the server after editing static files, as a deploy does).
"""

import hashlib
import re
from functools import cache
from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STATIC_PREFIX = "/static"
VERSION_LENGTH = 12  # hex digits: 48 bits, far beyond any number of deploys
VERSION_PATTERN = re.compile(rf"[0-9a-f]{{{VERSION_LENGTH}}}")

IMMUTABLE = "public, max-age=31536000, immutable"  # a year: the URL changes whenever the content does
REVALIDATE = "no-cache"  # keep a copy, but ask (ETag / If-None-Match) before each use


def tree_version(directory: Path) -> str:
    """A hash of every file's relative path and bytes under `directory`, in a stable order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:VERSION_LENGTH]


@cache
def static_version() -> str:
    return tree_version(STATIC_DIR)


def static_url(path: str) -> str:
    """The long-cached URL of a file under static/, e.g. static_url("js/theme.js") → /static/3f2a…/js/theme.js."""
    return f"{STATIC_PREFIX}/{static_version()}/{path.lstrip('/')}"


class VersionedStaticFiles(StaticFiles):
    """StaticFiles that also answers under a version folder and sets Cache-Control on every file response."""

    def __init__(self, directory: Path, version: str) -> None:
        super().__init__(directory=directory)
        self.version = version

    async def get_response(self, path: str, scope: Scope) -> Response:
        head, _, rest = path.partition("/")
        if rest and VERSION_PATTERN.fullmatch(head):
            response = await super().get_response(rest, scope)
            # An old version (a page from before a deploy) still gets the file, but only the current one is
            # known to match its URL forever.
            cache_control = IMMUTABLE if head == self.version else REVALIDATE
        else:
            response = await super().get_response(path, scope)
            cache_control = REVALIDATE
        response.headers["cache-control"] = cache_control
        return response

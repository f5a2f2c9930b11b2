"""Bearer tokens: reading the Authorization header, and the editors' tokens from GLOSSARY_API_TOKENS."""

import hashlib

from app.settings import Settings


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header; None for no header or another scheme."""
    scheme, _, token = (authorization or "").partition(" ")
    return token if scheme.lower() == "bearer" and token else None


def editor_tokens(settings: Settings) -> dict[str, str]:
    """Each editing secret with the editor's name for the history: `name:secret`, or a bare secret recorded
    as `token:<hash prefix>`."""
    tokens: dict[str, str] = {}
    for configured in (settings.api_tokens or "").split(","):
        name, separator, secret = configured.strip().partition(":")
        if not separator:
            secret, name = name, f"token:{hashlib.sha256(name.encode()).hexdigest()[:8]}"
        if secret:
            tokens[secret] = name
    return tokens

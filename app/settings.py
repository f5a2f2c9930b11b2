"""Settings, read from the environment. Each one is documented in the README's configuration table."""

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from glossary.db import DEFAULT_DATA_DIR, ENTRIES_DIR, default_database_url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GLOSSARY_", populate_by_name=True)

    database_url: str | None = Field(
        None,
        validation_alias=AliasChoices("DATABASE_URL", "GLOSSARY_DATABASE_URL"),
        description="SQLAlchemy URL of the database; default a SQLite file in the data directory.",
    )
    data_dir: Path = Field(DEFAULT_DATA_DIR, description="Where the default SQLite database lives.")
    public_url: str | None = Field(
        None,
        pattern=r"^https?://[^/?#]+(/[^?#]*)?$",
        description="The site's public address (https://host[/prefix]) for canonical links, the sitemap, OpenGraph "
        "and links in exports; unset: the address each request came to.",
    )
    entries_dir: Path = Field(ENTRIES_DIR, description="The folder of entry files loaded at start-up.")
    load_on_start: bool = Field(
        True,
        description="Migrate the schema and load the entry files at start-up; python -m app does this in a child "
        "process first, then serves with it off. Off: the database must have been prepared by python -m glossary load.",
    )
    max_page_size: int = Field(
        200, ge=1, description="Most terms one /api/terms page returns: bounds the work of a single request."
    )
    max_query_length: int = Field(
        200, ge=1, description="Longest search query accepted: longer than any term name; bounds scoring work."
    )

    search_refresh_s: float = Field(
        1.0, ge=0, le=3600, description="How often search looks for changed entries: the bound on a stale result."
    )
    admin_token: str | None = Field(
        None, description="Bearer token for /api/admin/* (the zero-result queries); unset: admin endpoints are off."
    )
    api_tokens: str | None = Field(
        None,
        description="Comma-separated bearer tokens that may edit terms (name:secret names the editor in the history; "
        "a bare secret is recorded by a hash prefix). Unset: every write answers 403.",
    )
    write_rate_per_minute: int = Field(
        60, ge=1, le=100_000, description="Writes one client may make per minute (burst = the same); then 429."
    )
    demo_rate_per_minute: int = Field(
        120, ge=1, le=100_000, description="Demo runs one client may start per minute (burst = the same); then 429."
    )
    max_body_bytes: int = Field(
        1_048_576, ge=1024, description="Largest request body accepted (the import endpoint: 16x this); then 413."
    )
    demo_workers: int = Field(
        2, ge=0, le=16, description="Worker processes for live demos (0 turns demos off); one per core is right."
    )
    demo_queue: int = Field(
        4, ge=0, le=256, description="Demo runs that may wait for a worker; past that a run gets 429 and Retry-After."
    )
    demo_time_budget_s: float = Field(
        20.0, gt=0, le=300, description="Longest a demo run may take; it stops at its next progress point after."
    )
    demo_device: Literal["auto", "cpu", "cuda"] = Field(
        "auto", description="Where demos run when a request does not say: auto = CUDA when available, else CPU."
    )

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or default_database_url(self.data_dir)

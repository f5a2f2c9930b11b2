"""Engine creation from a SQLAlchemy URL; SQLite needs its folder and foreign keys switched on."""

import os
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import create_engine

from glossary import models  # noqa: F401  (registers the tables on SQLModel.metadata)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
ENTRIES_DIR = Path(__file__).resolve().parent / "entries"


def default_database_url(data_dir: Path) -> str:
    """The embedded default: a SQLite file in the data directory."""
    return f"sqlite:///{data_dir.resolve() / 'glossary.db'}"


def database_url_from_environment() -> str:
    """The same rule as the server's settings: DATABASE_URL, else glossary.db in GLOSSARY_DATA_DIR (or data/)."""
    data_dir = Path(os.environ.get("GLOSSARY_DATA_DIR") or DEFAULT_DATA_DIR)
    return os.environ.get("DATABASE_URL") or default_database_url(data_dir)


SQLITE_BUSY_TIMEOUT_S = 15.0


def make_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    # The server answers requests from a thread pool; each SQLAlchemy session still holds one connection.
    # timeout: how long a writer waits for another's lock (SQLite's busy timeout) before "database is locked".
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL: readers never wait for the writer and a crash mid-write leaves the last committed state.
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] not in ("wal", "memory"):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def create_schema(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration; rows are kept."""
    from glossary.migrate import upgrade_database  # Alembic loads only where the schema is touched

    upgrade_database(engine)

"""Settings: one object, read from the environment (prefix ACIP_) and `.env`, validated once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SUPPORTED_SCHEMES = ("sqlite", "postgresql")


class Settings(BaseSettings):
    """Every setting of the service. Each is documented in `.env.example`."""

    model_config = SettingsConfigDict(
        env_prefix="ACIP_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = Field(
        default="sqlite:///./data/acip.db",
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Minimum level of log records."
    )
    log_format: Literal["plain", "json"] = Field(
        default="plain", description="plain for people, json for log collectors."
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        description='Origins allowed by CORS, as a JSON list: ["https://dash.example.org"].',
    )
    max_document_bytes: int = Field(
        default=2_000_000, gt=0, description="Largest article file ingest accepts, in bytes."
    )
    query_timeout_ms: int = Field(
        default=5_000, gt=0, description="Time budget of one API database query, in ms."
    )
    query_threads: int = Field(
        default=3, ge=0, description="Threads each API worker runs its long SQLite queries "
        "on (full text): SQLite works without holding Python's GIL, so such a query no "
        "longer holds up the requests behind it. 0 runs them on the event loop like the "
        "other SQLite queries. PostgreSQL queries always run in the worker's thread pool.")
    db_pool_size: int = Field(
        default=10, ge=1, description="PostgreSQL connections each API worker keeps open.")
    db_max_overflow: int = Field(
        default=10, ge=0, description="PostgreSQL connections a worker may open beyond "
        "db_pool_size under a burst (closed when given back). A deployment needs "
        "workers x (db_pool_size + db_max_overflow) below the server's max_connections.")

    crawl_user_agent: str = Field(
        default="acip/0.1",
        description="Product token of the User-Agent sent to web sites (and matched against "
                    "robots.txt groups).",
    )
    crawl_contact: str = Field(
        default="",
        description="How a site owner reaches whoever runs the crawl (an e-mail address or a "
                    "URL), sent in the User-Agent; set it before crawling others' sites.",
    )
    crawl_delay_s: float = Field(
        default=1.0, ge=0,
        description="Seconds between two requests to the same host (a larger robots.txt "
                    "Crawl-delay wins).",
    )
    fetch_timeout_s: float = Field(
        default=20.0, gt=0, description="Seconds to connect, and between bytes, per request."
    )
    fetch_retries: int = Field(
        default=2, ge=0, description="Retries after a 429 or 5xx answer, with backoff."
    )
    fetch_max_wait_s: float = Field(
        default=60.0, ge=0,
        description="Longest wait before a retry (Retry-After or backoff); a site asking for "
                    "more fails the URL instead.",
    )
    auth_max_failures: int = Field(
        default=10, ge=1,
        description="Failed API-key attempts one client may make within "
                    "auth_failure_window_s before it is refused (429 with Retry-After).",
    )
    auth_failure_window_s: float = Field(
        default=60.0, gt=0,
        description="Sliding window of auth_max_failures, in seconds.",
    )

    @property
    def user_agent(self) -> str:
        """The User-Agent header: product token, contact, what it is."""
        contact = f"+{self.crawl_contact}; " if self.crawl_contact else ""
        return f"{self.crawl_user_agent} ({contact}open data on the WCO A-CIP Programme)"

    @field_validator("database_url")
    @classmethod
    def _normalise_database_url(cls, value: str) -> str:
        return normalise_database_url(value)


class ConfigError(ValueError):
    """A setting that cannot work; its message is meant for the person at the terminal."""


def normalise_database_url(url: str) -> str:
    """Accept the common spellings of a URL and return the one SQLAlchemy should use."""
    url = url.strip()
    scheme = url.split("://", 1)[0] if "://" in url else ""
    base = scheme.split("+", 1)[0]
    if base == "postgres":
        base = "postgresql"
    if base not in SUPPORTED_SCHEMES:
        raise ConfigError(
            f"unsupported database URL scheme {scheme or url!r}: use sqlite:///path/to/acip.db "
            "or postgresql+psycopg://user@host:5432/dbname"
        )
    rest = url.split("://", 1)[1]
    if base == "postgresql":
        return f"postgresql+psycopg://{rest}"
    return f"sqlite://{rest}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for in-memory or non-SQLite URLs)."""
    if not url.startswith("sqlite://"):
        return None
    path = url.removeprefix("sqlite://").removeprefix("/")
    if not path or path == ":memory:":
        return None
    return Path(path.split("?", 1)[0])


@lru_cache
def get_settings() -> Settings:
    return Settings()

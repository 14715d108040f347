"""Settings: URL normalisation, validation and documentation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core.config import ConfigError, Settings, normalise_database_url, sqlite_path

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///./data/acip.db", "sqlite:///./data/acip.db"),
        ("sqlite:////abs/acip.db", "sqlite:////abs/acip.db"),
        ("postgresql://u@h:5432/d", "postgresql+psycopg://u@h:5432/d"),
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg2://u@h/d", "postgresql+psycopg://u@h/d"),
        ("  postgresql+psycopg://u@h/d ", "postgresql+psycopg://u@h/d"),
    ],
)
def test_database_url_is_normalised(given: str, expected: str) -> None:
    assert normalise_database_url(given) == expected


@pytest.mark.parametrize("url", ["mysql://root@localhost/acip", "acip.db", "redis://x"])
def test_unknown_database_scheme_is_rejected_with_the_supported_forms(url: str) -> None:
    with pytest.raises(ConfigError, match="sqlite:///.*postgresql\\+psycopg://"):
        normalise_database_url(url)


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///./data/acip.db", Path("./data/acip.db")),
        ("sqlite:////tmp/a.db", Path("/tmp/a.db")),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("postgresql+psycopg://u@h/d", None),
    ],
)
def test_sqlite_path_of_url(url: str, path: Path | None) -> None:
    assert sqlite_path(url) == path


def test_settings_read_the_acip_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACIP_DATABASE_URL", "postgres://x@y/z")
    monkeypatch.setenv("ACIP_CORS_ORIGINS", '["https://dash.example.org"]')
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://x@y/z"
    assert settings.cors_origins == ["https://dash.example.org"]


def test_every_setting_is_documented_in_env_example_and_readme() -> None:
    example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    for name in Settings.model_fields:
        variable = f"ACIP_{name.upper()}"
        assert re.search(rf"^#?\s*{variable}=", example, re.M), f"{variable} not in .env.example"
        assert variable in readme, f"{variable} not in README.md"

"""Alembic environment: the engine comes from the caller (app.db.migrate) or the settings."""

from __future__ import annotations

from alembic import context

from app.db.fulltext import include_name
from app.models import Base

target_metadata = Base.metadata


def run_migrations() -> None:
    engine = context.config.attributes.get("engine")
    if engine is None:
        from app.core.config import get_settings
        from app.db.session import make_engine

        engine = make_engine(get_settings().database_url)
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_name=include_name,
        )
        context.run_migrations()


run_migrations()

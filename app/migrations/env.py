"""Alembic environment. mlscope passes its own connection (`config.attributes["connection"]`);
the `alembic` command line gets one from `sqlalchemy.url` or MLSCOPE_DB_URL instead."""

from __future__ import annotations

import os

from alembic import context

from app.store_schema import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: Alembic's batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # the `alembic` command line, for writing new revisions
    from app.store_db import make_engine, parse_url

    url = config.get_main_option("sqlalchemy.url") or os.environ.get("MLSCOPE_DB_URL")
    if not url:
        raise SystemExit("set MLSCOPE_DB_URL (or sqlalchemy.url in alembic.ini)")
    engine = make_engine(parse_url(url))
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()

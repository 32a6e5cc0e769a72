"""Opening the store's database: the engine, schema migrations on start, and database errors
turned into one clear line with the password redacted.

SQLite (the default) and PostgreSQL (`postgresql+psycopg://`, `pip install mlscope[postgres]`)
are migrated the same way, by Alembic's `command.upgrade` over the revisions shipped in
`app/migrations/`. A database made by mlscope 0.1 (tables created without Alembic) is
recognised and stamped at the baseline revision first, so it upgrades in place.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from app.errors import ConfigError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"  # the schema mlscope 0.1 created with create_all, before Alembic
# Any constant: serialises migrations when several replicas start at once on PostgreSQL.
_PG_MIGRATION_LOCK = 0x6D6C73636F7065
CONNECT_TIMEOUT_S = 5
_HINT = "Check MLSCOPE_DB_URL, or unset it to use SQLite under MLSCOPE_HOME."

# user:password@ in anything that looks like a URL, and password=... in query strings or
# libpq "key=value" strings: used where the text cannot be parsed as a URL. The password
# runs to the last "@" before the host, so an unescaped "@" in it is hidden too.
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][\w+.-]*://[^:/@\s]*:)(?P<pw>\S*)@(?=[^@\s]*$|"
                           r"[^@\s/?#]*[/?#])")
_KV_PASSWORD = re.compile(r"(?P<head>\b(?:password|passwd|pwd)\s*=\s*)(?P<pw>'[^']*'|[^\s&;]+)",
                          re.IGNORECASE)


def redact_text(value: str, secrets: tuple[str, ...] = ()) -> str:
    """`value` with every URL password, `password=` value and given secret replaced by ***."""
    value = _URL_PASSWORD.sub(r"\g<head>***@", value)
    value = _KV_PASSWORD.sub(r"\g<head>***", value)
    for secret in secrets:
        if secret and len(secret) >= 3:
            value = value.replace(secret, "***")
    return value


def _password_of(url: str) -> str | None:
    try:
        return make_url(url).password
    except Exception:
        return None


def redact_url(url: str) -> str:
    """A database URL (as configured, parsable or not) safe to show: the password hidden.

    Redacted as text, not re-rendered by SQLAlchemy: a password with an unescaped "@" parses
    as part of the host, and rendering would show that part.
    """
    return redact_text(url)


def parse_url(url: str) -> URL:
    """The SQLAlchemy URL, with plain `postgresql://` / `postgres://` meaning psycopg 3 (the
    driver `mlscope[postgres]` installs). Raises ConfigError on an unparsable string."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError, TypeError):
        raise ConfigError(f"MLSCOPE_DB_URL={redact_url(url)!r} is not a valid database URL "
                          "(expected e.g. postgresql+psycopg://USER:PASSWORD@HOST:5432/DB or "
                          "sqlite:///PATH). " + _HINT) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _driver_reason(exc: BaseException) -> str:
    """The driver's own first line, e.g. 'connection refused', without SQLAlchemy's wrapping."""
    orig = getattr(exc, "orig", None) or exc
    lines = [ln.strip() for ln in str(orig).splitlines() if ln.strip()]
    for line in lines:  # libpq puts the decisive part after FATAL:
        if "FATAL:" in line:
            return line.split("FATAL:", 1)[1].strip()
    return lines[0] if lines else exc.__class__.__name__


def describe_error(exc: BaseException, url: str) -> str:
    """One line for a failure to open or use the database at `url` (the configured text);
    never the password."""
    shown = redact_url(url)
    # The driver's words might quote the password: scrub it there (only there, since a
    # password such as "postgres" would also match the URL's scheme).
    reason = redact_text(_driver_reason(exc), (_password_of(url) or "",))
    low = reason.lower()
    if isinstance(exc, NoSuchModuleError):
        what = "names a database driver SQLAlchemy does not know"
    elif isinstance(exc, ImportError) or "no module named" in low:
        what = ("needs a driver that is not installed (for PostgreSQL: "
                "pip install 'mlscope[postgres]')")
    elif "password authentication failed" in low or "authentication failed" in low:
        what = "rejected the user name or password"
    elif any(s in low for s in ("connection refused", "could not connect", "timeout expired",
                                "timed out", "could not translate host name",
                                "name or service not known", "no route to host",
                                "network is unreachable", "server closed the connection")):
        what = f"cannot be reached ({reason})"
    elif "does not exist" in low:
        what = f"is not usable: {reason}"
    elif "unable to open database file" in low or "readonly database" in low:
        what = f"cannot be opened or written ({reason})"
    else:
        what = f"failed ({exc.__class__.__name__}: {reason})"
    return redact_text(f"The database at {shown} {what}. {_HINT}")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Cascading deletes need foreign keys switched on in every SQLite connection; a busy
    # timeout lets two processes (CLI and UI) share one file without "database is locked".
    dbapi_conn.execute("PRAGMA foreign_keys=ON")
    dbapi_conn.execute("PRAGMA busy_timeout=5000")


def make_engine(url: URL, *, application_name: str = "mlscope", **pool: Any) -> Engine:
    """An engine for `url`; SQLite gets its directory created and per-connection pragmas."""
    kwargs: dict[str, Any] = dict(pool)
    backend = url.get_backend_name()
    if backend == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # Streamlit serves each browser session on its own thread.
        kwargs["connect_args"] = {"check_same_thread": False}
    elif backend == "postgresql":
        kwargs["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_S,
                                  "application_name": application_name}
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _alembic_config(connection: Connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


@contextlib.contextmanager
def _migration_lock(conn: Connection, url: URL) -> Iterator[None]:
    """One migrator at a time: a PostgreSQL advisory lock, or a lock file beside SQLite's."""
    if url.get_backend_name() == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        yield
        return
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        try:
            import fcntl
        except ImportError:  # not on Windows
            yield
            return
        with open(f"{url.database}.migrate-lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return
    yield


def migrate(engine: Engine, url: URL, revision: str = "head", *, shown: str = "") -> None:
    """Bring the schema to `revision`, adopting a database made before migrations existed."""
    from alembic import command
    from alembic.util import CommandError

    with engine.begin() as conn, _migration_lock(conn, url):
        cfg = _alembic_config(conn)
        tables = set(inspect(conn).get_table_names())
        if "conversations" in tables and "alembic_version" not in tables:
            log.info("adopting a database made without migrations (stamping %s)", BASELINE)
            command.stamp(cfg, BASELINE)
        try:
            command.upgrade(cfg, revision)
        except CommandError as exc:
            raise ConfigError(
                f"The database{f' at {shown}' if shown else ''} has "
                f"a schema this mlscope does not know ({exc}); it was probably upgraded by a "
                "newer release. Upgrade mlscope, or point MLSCOPE_DB_URL elsewhere.") from None


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def open_engine(url_text: str, **pool: Any) -> tuple[Engine, URL]:
    """Parse, connect, migrate. Any failure is a ConfigError with one redacted line."""
    url = parse_url(url_text)
    try:
        engine = make_engine(url, **pool)
    except (SQLAlchemyError, ImportError) as exc:
        raise ConfigError(describe_error(exc, url_text)) from None
    try:
        migrate(engine, url, shown=redact_url(url_text))
    except ConfigError:
        engine.dispose()
        raise
    except (SQLAlchemyError, ImportError, OSError) as exc:
        engine.dispose()
        raise ConfigError(describe_error(exc, url_text)) from None
    return engine, url

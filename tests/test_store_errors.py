"""A bad database configuration is one clear line, and never shows the password: an invalid
MLSCOPE_DB_URL, an unreachable server and a wrong password, against a real PostgreSQL."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from app.errors import ConfigError
from app.store import Store
from app.store_db import redact_text, redact_url

from conftest import free_port, run_cli

SECRET = "Pw-4wTq9-xyzzy"


@pytest.mark.parametrize("value", [
    f"postgresql+psycopg://mlscope:{SECRET}@db.internal:5432/mlscope",
    f"postgresql://mlscope:{SECRET}@db.internal:notaport/mlscope",  # unparsable
    f"postgresql+psycopg://mlscope@db.internal/mlscope?password={SECRET}",
    f"host=db.internal user=mlscope password={SECRET} dbname=mlscope",  # libpq, not a URL
    f"postgres://:{SECRET}@/mlscope",
    f"postgresql+psycopg://mlscope:{SECRET}@x/y@db.internal:5432/mlscope",  # unescaped @ and /
])
def test_redaction_hides_the_password_in_any_form(value: str) -> None:
    assert SECRET not in redact_url(value)
    assert SECRET not in redact_text(f"could not use {value}: boom")
    assert "***" in redact_url(value)


def test_redaction_keeps_what_helps() -> None:
    shown = redact_url(f"postgresql+psycopg://mlscope:{SECRET}@db.internal:5432/mlscope")
    assert shown == "postgresql+psycopg://mlscope:***@db.internal:5432/mlscope"
    assert redact_url("sqlite:////tmp/x/mlscope.db") == "sqlite:////tmp/x/mlscope.db"
    assert redact_url("postgresql://postgres:postgres@127.0.0.1/postgres") == \
        "postgresql://postgres:***@127.0.0.1/postgres"


def test_unparsable_url_is_one_line_without_the_password() -> None:
    with pytest.raises(ConfigError) as caught:
        Store(f"postgresql://mlscope:{SECRET}@db.internal:notaport/mlscope")
    message = str(caught.value)
    assert SECRET not in message and "\n" not in message
    assert "not a valid database URL" in message and "mlscope:***@db.internal" in message


def _bad_urls(pg_server) -> dict[str, tuple[str, str, str]]:
    """name -> (MLSCOPE_DB_URL, the password in it, what the message must say)."""
    real_db = pg_server.create_database()
    pw = pg_server.password
    return {
        # The real server and its real password, in a string SQLAlchemy cannot parse.
        "invalid": (real_db.replace(f":{pg_server.port}/", f":{pg_server.port}x/"), pw,
                    "not a valid database URL"),
        "invalid-option": (real_db + "?sslmode=sometimes", pw, "failed"),
        "unreachable": (f"postgresql+psycopg://postgres:{pw}@127.0.0.1:{free_port()}/x", pw,
                        "cannot be reached"),
        "wrong-password": (pg_server.url(real_db.rsplit("/", 1)[1], password=SECRET), SECRET,
                           "rejected the user name or password"),
    }


@pytest.mark.postgres
def test_bad_database_urls_are_clear_and_redacted(pg_server, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    for name, (url, password, expected) in _bad_urls(pg_server).items():
        with pytest.raises(ConfigError) as caught:
            Store(url)
        message = str(caught.value)
        assert expected in message, (name, message)
        assert password not in message and "\n" not in message, (name, message)
        assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert not any(pg_server.password in r.getMessage() or SECRET in r.getMessage()
                   for r in caplog.records)


@pytest.mark.postgres
def test_cli_reports_bad_databases_in_one_line(pg_server, cli_env: dict) -> None:
    for name, (url, password, expected) in _bad_urls(pg_server).items():
        env = {**cli_env, "MLSCOPE_DB_URL": url}
        for args in (["feedback", "export"], ["ui", "--port", str(free_port())]):
            result = run_cli(args, env, timeout=60)
            lines = result.stderr.strip().splitlines()
            assert result.returncode == 2, (name, args, result.stderr)
            assert len(lines) == 1 and lines[0].startswith("error: "), (name, args, lines)
            assert expected in lines[0], (name, lines)
            assert password not in result.stderr + result.stdout, (name, args)
        doctor = run_cli(["doctor"], env, timeout=120)
        assert password not in doctor.stdout + doctor.stderr, name
        assert "Traceback" not in doctor.stdout + doctor.stderr


@pytest.mark.postgres
def test_ui_shows_a_bad_database_as_an_error(pg_server, home: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from app.config import get_settings

    url, password, expected = _bad_urls(pg_server)["wrong-password"]
    monkeypatch.setenv("MLSCOPE_HOME", str(home))
    monkeypatch.setenv("MLSCOPE_DB_URL", url)
    get_settings.cache_clear()
    try:
        at = AppTest.from_file(str(PROJECT_ROOT / "app" / "ui" / "main.py"),
                               default_timeout=120).run()
    finally:
        get_settings.cache_clear()
        os.environ.pop("MLSCOPE_DB_URL", None)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and expected in errors[0] and password not in errors[0]

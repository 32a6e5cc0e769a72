"""The CLI's edge: an unforeseen error is one redacted line for the user, and the whole
traceback, redacted too, lands in MLSCOPE_HOME/mlscope.log."""

from __future__ import annotations

import pytest
import typer
from rich.console import Console

from app.cli_edge import run_cli
from app.config import Settings
from app.errors import InputError

KEY = "sk-test-edge-0123456789"


def _app(exc: Exception) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def boom() -> None:
        raise exc

    @app.command()
    def other() -> None:  # two commands, so typer keeps the command name
        pass

    return app


def _run(exc: Exception, tmp_path, monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.setattr("sys.argv", ["mlscope", "boom"])
    settings = Settings(home=tmp_path, openai_api_key=KEY, _env_file=None)
    with pytest.raises(SystemExit) as stop:
        run_cli(_app(exc), Console(stderr=True, width=400), lambda: settings)
    return stop.value.code, capsys.readouterr().err


def test_unexpected_error_is_one_redacted_line_and_a_logged_traceback(tmp_path, monkeypatch,
                                                                     capsys) -> None:
    boom = RuntimeError(f"upstream said no to key {KEY} at postgresql://app:pw-hunter2@db/x")
    code, err = _run(boom, tmp_path, monkeypatch, capsys)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 1 and len(lines) == 1 and lines[0].startswith("error: unexpected RuntimeError")
    assert KEY not in err and "pw-hunter2" not in err and "Traceback" not in err
    log = (tmp_path / "mlscope.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "RuntimeError" in log
    assert KEY not in log and "pw-hunter2" not in log


def test_an_app_error_keeps_its_message_and_exit_code(tmp_path, monkeypatch, capsys) -> None:
    code, err = _run(InputError("notes.txt: file not found."), tmp_path, monkeypatch, capsys)
    assert code == InputError.exit_code and err.strip() == "error: notes.txt: file not found."
    assert not (tmp_path / "mlscope.log").exists()

"""The command line's edge: how errors reach the user (one line, an exit code, no
traceback) and where unexpected ones are logged (redacted)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

import typer
from rich.console import Console

from app.config import Settings
from app.errors import AppError


def run_cli(app: typer.Typer, err: Console, settings: Callable[[], Settings]) -> None:
    """Run `app`: an AppError is one line and its exit code, a usage error click's message,
    anything unforeseen one redacted line with the traceback logged under MLSCOPE_HOME."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        # Without standalone mode click returns a raised Exit's code instead of exiting.
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except AppError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("aborted", markup=False)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # click usage errors and anything unforeseen
        # Imported on failure only: SQLAlchemy is a noticeable part of the CLI's cold start.
        import click
        from sqlalchemy.exc import SQLAlchemyError

        from app.store_db import describe_error

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(2)
        if isinstance(exc, SQLAlchemyError):  # a database error no store method wrapped
            err.print(f"error: {describe_error(exc, settings().database_url)}", markup=False,
                      highlight=False)
            sys.exit(2)
        _report_unexpected(exc, err, settings())
        sys.exit(1)


def _report_unexpected(exc: BaseException, err: Console, settings: Settings) -> None:
    """One redacted line for the user; the traceback goes to MLSCOPE_HOME/mlscope.log."""
    from app.redaction import redact_secrets

    log_path = settings.home / "mlscope.log"
    try:
        settings.home.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_path, encoding="utf-8")
        handler.setFormatter(_RedactingFormatter(settings))
        logger = logging.getLogger("mlscope.unexpected")
        logger.addHandler(handler)
        logger.error("unexpected error", exc_info=exc)
        handler.close()
        where = f" (details in {log_path})"
    except OSError:
        where = ""
    err.print(redact_secrets(f"error: unexpected {exc.__class__.__name__}: {exc}{where}",
                             settings), markup=False, highlight=False)


class _RedactingFormatter(logging.Formatter):
    def __init__(self, settings: Settings) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.settings = settings

    def format(self, record: logging.LogRecord) -> str:
        from app.redaction import redact_secrets

        return redact_secrets(super().format(record), self.settings)

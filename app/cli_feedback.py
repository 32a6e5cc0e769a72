"""`mlscope feedback`: work with the thumbs-up/down feedback users left."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from app.config import get_settings

err = Console(stderr=True, soft_wrap=True)

feedback_app = typer.Typer(no_args_is_help=True, help="Work with thumbs-up/down feedback.")


@feedback_app.command("export")
def feedback_export(out_file: Annotated[Path | None, typer.Option(
        "--out", help="Write the YAML here (default: stdout).")] = None) -> None:
    """Write thumbs-down items as candidate eval scenarios (DESIGN.md YAML) to review."""
    from app.feedback_export import export_yaml
    from app.store import get_store

    text, counts = export_yaml(get_store(get_settings()).feedback(rating=-1))
    if out_file:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(text, encoding="utf-8")
        err.print(f"wrote {out_file}", highlight=False)
    else:
        sys.stdout.write(text)
    err.print(f"{counts['scenarios']} scenario(s), {counts['questions']} question(s) to review"
              + (f"; {counts['skipped']} skipped (no retrieved cards)" if counts["skipped"]
                 else ""), highlight=False)

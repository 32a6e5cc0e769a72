"""`mlscope docs`: add, list and remove the user's own documents (the UI's limits apply)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from app.config import get_settings
from app.errors import AppError, InputError

docs_app = typer.Typer(no_args_is_help=True,
                       help="Your own documents: retrieved and cited by name in answers.")
out = Console()
err = Console(stderr=True, soft_wrap=True)


def _runtime():
    from app.runtime import get_runtime

    return get_runtime(get_settings())


@docs_app.command("add")
def add(files: Annotated[list[Path], typer.Argument(help="Markdown or text files (≤ 1 MB).")]
        ) -> None:
    """Add (or replace, by file name) documents; answers cite them by name."""
    from app.documents import add_document, decode_upload

    rt = _runtime()
    failed = 0
    for path in files:
        try:
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                raise InputError(f"{path}: file not found.") from None
            except OSError as exc:
                raise InputError(f"{path}: cannot read it ({exc.__class__.__name__}).") from None
            doc = add_document(rt, path.name, decode_upload(path.name, data))
        except AppError as exc:
            failed += 1
            err.print(f"error: {exc}", markup=False, highlight=False)
            continue
        err.print(f"added {doc.name} ({doc.chunks} chunks, {doc.chars:,} characters)",
                  markup=False, highlight=False)
    if failed:
        raise typer.Exit(2)


@docs_app.command("list")
def list_(as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
          = False) -> None:
    """List your documents."""
    from app.documents import list_documents

    docs = list_documents(_runtime())
    if as_json:
        payload = {"documents": [{"id": d.card_id, "name": d.name, "chunks": d.chunks,
                                  "chars": d.chars} for d in docs]}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return
    if not docs:
        err.print("No documents yet: `mlscope docs add FILE…` adds one.", highlight=False)
    for d in docs:
        out.print(f"{d.name}\t{d.chunks} chunks\t{d.chars:,} characters", markup=False,
                  highlight=False)


@docs_app.command("remove")
def remove(name: Annotated[str, typer.Argument(help="The document's name (see `docs list`).")]
           ) -> None:
    """Remove a document: answers stop citing it."""
    from app.documents import find_document, remove_document

    rt = _runtime()
    doc = find_document(rt, name)
    remove_document(rt, doc.id)
    err.print(f"removed {doc.name}", markup=False, highlight=False)

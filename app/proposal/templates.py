"""The proposal templates (app/proposal/templates.yaml), loaded once, and the small helpers
that fill them: placeholders, and citations kept only for cards that exist."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PATH = Path(__file__).parent / "templates.yaml"
CITATION = re.compile(r"\s?\[([a-z0-9][a-z0-9-]*)\]")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@lru_cache(maxsize=1)
def templates() -> dict[str, Any]:
    return yaml.safe_load(PATH.read_text(encoding="utf-8"))


def get(path: str) -> Any:
    """A node of the templates by dotted path ("plan.phase.fix")."""
    node: Any = templates()
    for part in path.split("."):
        node = node[part]
    return node


def fill(template: str, **values: object) -> str:
    """`{name}` placeholders filled in one pass (a value is never expanded again)."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


def phase_prefix(key: str, lang: str) -> str:
    """The stable start of a plan phase title (before its week numbers): what checks find."""
    title = get(f"plan.phase.{key}")[lang]
    return re.split(r"\s*[({（]", title, maxsplit=1)[0].strip()


def heading(key: str, lang: str) -> str:
    return get(f"headings.{key}")[lang]

"""Prompts live as files in prompts/*.md: YAML front matter declares their variables and the
clauses they must keep; the body uses `{{name}}` placeholders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from app.config import PROJECT_ROOT
from app.errors import ConfigError

PROMPTS_DIR = PROJECT_ROOT / "prompts"
_FRONT = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
_VAR = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    variables: tuple[str, ...]
    required_clauses: tuple[str, ...]
    template: str

    def render(self, **values: object) -> str:
        """The prompt with every declared variable filled; missing or extra ones raise."""
        missing = set(self.variables) - set(values)
        extra = set(values) - set(self.variables)
        if missing or extra:
            raise ValueError(f"prompt {self.name!r}: missing {sorted(missing)}, "
                             f"unexpected {sorted(extra)}")
        # One pass, so a value that itself contains `{{x}}` is never expanded again.
        return _VAR.sub(lambda m: str(values[m.group(1)]), self.template)


def load_prompt(name: str, directory: Path | None = None) -> Prompt:
    """Load prompts/<name>.md and check it declares what it uses and keeps its clauses."""
    return _load(name, directory or PROMPTS_DIR)


@lru_cache(maxsize=64)
def _load(name: str, directory: Path) -> Prompt:
    path = directory / f"{name}.md"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError:
        raise ConfigError(f"{path}: prompt file not found; reinstall mlscope.") from None
    match = _FRONT.match(raw)
    if not match:
        raise ConfigError(f"{path}: missing the `---` front matter.")
    meta = yaml.safe_load(match.group(1)) or {}
    body = match.group(2).strip() + "\n"
    variables = tuple(meta.get("variables") or ())
    used = set(_VAR.findall(body))
    if used != set(variables):
        raise ConfigError(f"{path}: declared variables {sorted(variables)} but the text uses "
                          f"{sorted(used)}.")
    clauses = tuple(meta.get("required_clauses") or ())
    lost = [c for c in clauses if c not in body]
    if lost:
        raise ConfigError(f"{path}: required clause(s) missing: {lost}.")
    return Prompt(name=name, version=str(meta.get("version", "1")), variables=variables,
                  required_clauses=clauses, template=body)


def prompt_names(directory: Path | None = None) -> list[str]:
    return sorted(p.stem for p in (directory or PROMPTS_DIR).glob("*.md"))

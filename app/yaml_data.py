"""YAML reading for the knowledge, rubric and scenario files."""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's loader parses the ~100 card front matters about 10x faster than the pure-Python
# one (most of the knowledge load in a cold `mlscope ask`); same safe subset of YAML.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """`yaml.safe_load`, with libyaml when it is installed."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader)

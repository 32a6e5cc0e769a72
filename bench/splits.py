"""The held-out splits used to choose the extractor model (stated once, used by every bench).

- Statement banks: a statement is held out when sha1(text) mod 5 == 0 (20 %), in every bank.
- blind_r1.yaml: within each (language, expected verdict) group, scenarios sorted by sha1(id)
  alternate between `tune` and `heldout` (26 + 26). Only `tune` is read while tuning.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict


def _h(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def statement_heldout(text: str) -> bool:
    return int(_h(text)[:8], 16) % 5 == 0


def blind_split(scenarios: list) -> tuple[list, list]:
    """(tune, heldout) for blind_r1's scenarios (objects with id, lang, expected.verdict)."""
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for s in scenarios:
        groups[(s.lang, s.expected.verdict)].append(s)
    tune, held = [], []
    for key in sorted(groups):
        for n, s in enumerate(sorted(groups[key], key=lambda s: _h(s.id))):
            (tune if n % 2 == 0 else held).append(s)
    return tune, held

"""Thumbs-down feedback as candidate eval items, in DESIGN.md's scenario YAML format.

Expected values are what mlscope answered (a starting point), so every item carries a
`# review:` comment; the output loads with `app.evaluation.scenarios.load_file`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import yaml

from app.rubric import VERDICTS
from app.text import detect_language

_ONE_LINE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")

HEADER = """\
# mlscope feedback export: thumbs-down items as CANDIDATE eval scenarios.
# Review every item before moving it into eval/scenarios/: the expected values are what
# mlscope answered (a starting point to correct), not the truth.
"""


def _comment(text: str) -> str:
    return _ONE_LINE.sub(" ", text).strip()[:300]


def _item_yaml(item: dict[str, Any], note: str) -> str:
    body = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, width=100)
    indented = "".join("  " + line for line in body.splitlines(keepends=True))
    return f"  # review: {_comment(note)}\n{indented}"


def export_yaml(feedback: Iterable[dict[str, Any]]) -> tuple[str, dict[str, int]]:
    """(YAML text, counts) for thumbs-down feedback rows from `Store.feedback(rating=-1)`."""
    scenarios: list[str] = []
    questions: list[str] = []
    skipped = 0
    for fb in feedback:
        if fb["rating"] >= 0 or not fb["question"].strip():
            continue
        lang = fb["language"] if fb["language"] in ("en", "ja") else detect_language(
            fb["question"])
        note = (f"feedback #{fb['id']} ({fb['kind']}, mode {fb['mode'] or '?'}, reason "
                f"{fb['reason'] or 'none given'}){': ' + fb['comment'] if fb['comment'] else ''}")
        if fb["kind"] in ("assessment", "proposal") and fb.get("verdict") in VERDICTS:
            scenarios.append(_item_yaml({
                "id": f"feedback-{fb['id']}", "lang": lang, "problem": fb["question"],
                "expected": {"verdict": fb["verdict"]},
            }, note + f" — expected.verdict is the verdict mlscope gave ({fb['verdict']}); "
                      "correct it and add unmet/met criteria"))
        else:
            cards = [c for c in fb["card_ids"] if not c.startswith("user-")][:5]
            if not cards:
                skipped += 1
                continue
            questions.append(_item_yaml({
                "id": f"feedback-{fb['id']}", "lang": lang, "question": fb["question"],
                "expected_cards": cards,
            }, note + " — expected_cards are the cards retrieved; keep only the relevant ones"))
    parts = [HEADER]
    parts.append("scenarios:\n" + "".join(scenarios) if scenarios else "scenarios: []\n")
    parts.append("questions:\n" + "".join(questions) if questions else "questions: []\n")
    return "".join(parts), {"scenarios": len(scenarios), "questions": len(questions),
                            "skipped": skipped}

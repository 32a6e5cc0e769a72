"""The recommended approach of an assessment: `rules`, `off_the_shelf`, `fine_tune` or
`custom_model`, with reasons drawn from the user's text and the trade-offs that matter for it
(quality ceiling, cost per prediction, latency, data leaving the company, lock-in,
maintenance). Cues, reasons and trade-offs are data: app/data/approach.yaml.

The order of the decision follows the build-vs-buy ladder: no model when the verdict says a
rule or process fix will do; an existing model when the task is reading or writing
language; fine-tuning only when prompting has measurably fallen short; otherwise a small
model of your own trained on your own records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from app.quotes import quote_of, quote_span
from app.text import is_metadata

DATA = Path(__file__).parent / "data" / "approach.yaml"
ApproachKind = Literal["rules", "off_the_shelf", "fine_tune", "custom_model"]
MAX_REASONS = 3


class Approach(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: ApproachKind
    reasons: list[str]
    cards: list[str] = []
    label: str = ""
    short: str = ""  # the label inside a sentence

    def as_dict(self) -> dict:
        return {"kind": self.kind, "reasons": self.reasons}


@lru_cache(maxsize=1)
def _data() -> dict:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    # ASCII word boundaries: "ChatGPTみたいな" has none under Unicode rules (both sides are \w).
    data["_compiled"] = {group: [(c["w"], re.compile(c["re"], re.IGNORECASE | re.ASCII))
                                 for c in cues]
                         for group, cues in data["cues"].items()}
    return data


def _score(group: str, text: str) -> tuple[int, re.Match | None]:
    """Total weight of a cue group in `text`, and its strongest (first) match."""
    total, best, best_w = 0, None, 0
    for weight, pattern in _data()["_compiled"][group]:
        m = pattern.search(text)
        if m:
            total += weight
            if weight > best_w:
                best, best_w = m, weight
    return total, best


def _cue_quote(text: str, m: re.Match | None) -> str | None:
    quote = quote_span(text, m.start(), m.end(), limit=80) if m else None
    return None if quote is None or is_metadata(quote) else quote  # not a ticket's "Labels:"


def _fill(template: dict[str, str], lang: str, quote: str | None) -> str | None:
    if "{quote}" in template[lang] and not quote:
        return None
    return template[lang].replace("{quote}", quote or "")


def recommend(problem: str, lang: str, verdict: str,
              findings: Mapping[str, tuple[str, str]], not_ml_gates: tuple[str, ...]
              ) -> Approach:
    """The approach for `problem`. `findings` maps criterion id → (status, evidence)."""
    data = _data()
    reasons_data = data["reasons"]
    language, lang_match = _score("language", problem)
    records, rec_match = _score("records", problem)
    tune, tune_match = _score("fine_tune", problem)
    rules, rules_match = _score("rules", problem)
    # A strong cue that the answer is already determined (a lookup, a formula, a built-in
    # feature) points to rules even when the assessment could not settle it yet.
    rules_cue = (verdict != "ml_fit" and rules >= data["rules_min"]
                 and rules > records and rules >= language)
    reasons: list[str] = []
    if verdict == "not_ml" or rules_cue:
        kind: ApproachKind = "rules"
        for cid in not_ml_gates:
            status, evidence = findings.get(cid, ("unknown", ""))
            if status == "unmet" and cid in reasons_data["rules"]:
                text = _fill(reasons_data["rules"][cid], lang, quote_of(problem, evidence, 100))
                if text:
                    reasons.append(text)
        if not reasons and rules_match:
            reasons.append(_fill(reasons_data["rules"]["cue"], lang,
                                 _cue_quote(problem, rules_match)) or "")
        if not reasons or not reasons[0]:
            reasons = [reasons_data["rules"]["default"][lang]]
    elif language > records or (language and _score("llm_named", problem)[0]):
        if tune >= 3:
            kind = "fine_tune"
            reason = _fill(reasons_data["fine_tune"]["cue"], lang, _cue_quote(problem, tune_match))
        else:
            kind = "off_the_shelf"
            named, named_match = _score("llm_named", problem)
            only_named = named and language == named
            reason = _fill(reasons_data["off_the_shelf"]["named" if only_named else "cue"], lang,
                           _cue_quote(problem, named_match if only_named else lang_match))
        reasons.append(reason or reasons_data[kind]["default"][lang])
        if kind == "off_the_shelf" and tune:
            reasons.append(reasons_data["off_the_shelf"]["fine_tune_early"][lang])
    elif (product := _score("product", problem))[0] >= 2:
        kind = "off_the_shelf"  # buy before build: a product on offer is trialled first
        reasons.append(_fill(reasons_data["product"]["cue"], lang,
                             _cue_quote(problem, product[1])) or
                       reasons_data["off_the_shelf"]["default"][lang])
    else:
        kind = "custom_model"
        reason = _fill(reasons_data["custom_model"]["cue"], lang, _cue_quote(problem, rec_match))
        reasons.append(reason or reasons_data["custom_model"]["default"][lang])
    for trade in data["tradeoffs"][kind]:
        when = trade.get("when")
        if when and not _score(when, problem)[0]:
            continue
        reasons.append(trade[lang])
    info = data["kinds"][kind]
    return Approach(kind=kind, reasons=reasons[:MAX_REASONS], cards=list(info["cards"]),
                    label=info["label"][lang], short=info["short"][lang])


def label(kind: str, lang: str) -> str:
    return _data()["kinds"][kind]["label"][lang]

"""The LLM criteria filler: the model fills every criterion's status and evidence through structured
output; `app.assess` still computes the verdict with its deterministic rules.

Validation: statuses outside the allowed set fail the whole output (the schema forbids them);
evidence that is not a substring of the user's text is blanked, and a status left without
evidence becomes `unknown` (with a notice). Any failure falls back to
the offline extractor, with a notice.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Literal

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, ConfigDict, Field, create_model

from app.backends import CriteriaFiller, FilledCriteria
from app.extraction import Finding
from app.prompts import load_prompt
from app.providers import ChatProvider
from app.rubric import KNOWN, Rubric
from app.runtime import Runtime

log = logging.getLogger(__name__)

LLM_CONFIDENCE = 0.8
# More unsupported statuses than this and the whole output is treated as invalid.
MAX_UNSUPPORTED_SHARE = 0.5


class UngroundedOutput(ValueError):
    """The model's statuses are mostly not backed by the user's words."""


class Judgement(BaseModel):
    model_config = ConfigDict(extra="ignore")

    status: Literal["met", "partial", "unmet", "unknown", "n/a"]
    evidence: str = Field(default="", description="exact substring of the problem text, or ''")


@lru_cache(maxsize=4)
def judgement_schema(ids: tuple[str, ...]) -> type[BaseModel]:
    """One field per criterion id, so every criterion gets exactly one judgement."""
    fields = {cid: (Judgement, ...) for cid in ids}
    return create_model("ScopingJudgement", __config__=ConfigDict(extra="ignore"), **fields)


def criteria_text(rubric: Rubric) -> str:
    lines = []
    for c in rubric.criteria.values():
        cid = c.id
        # The question alone keeps the prompt small enough for a 2k-context local model.
        lines.append(f"- {cid}: {c.question['en']}")
    return "\n".join(lines)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def grounded_evidence(evidence: str, problem: str) -> str:
    """The evidence if the user really wrote it (whitespace-insensitive), else ''."""
    ev = _normal(evidence).strip("\"'“”「」 ")
    return ev if ev and ev in _normal(problem) else ""


def llm_findings(problem: str, rt: Runtime, provider: ChatProvider, model
                 ) -> tuple[dict[str, Finding], int]:
    """Statuses from the LLM and how many were unsupported; raises on failure/invalid output.

    A status the user's own words do not back (no quotable evidence) becomes `unknown`:
    the verdict must rest on what the user said, not on what the model assumed. `n/a` must
    be allowed by the rubric for that criterion.
    """
    rubric = rt.knowledge.rubric
    system = load_prompt("assess_system").render(criteria=criteria_text(rubric))
    user = load_prompt("assess_user").render(problem=problem)
    structured = provider.structured(model, judgement_schema(rubric.ids))
    result = structured.invoke([SystemMessage(system), HumanMessage(user)])
    if result is None:
        raise ValueError("no structured output")
    out: dict[str, Finding] = {}
    unsupported = 0
    for cid, criterion in rubric.criteria.items():
        j: Judgement = getattr(result, cid)
        if j.status == "n/a" and criterion.not_applicable is None:
            raise ValueError(f"{cid} cannot be n/a")
        evidence = grounded_evidence(j.evidence, problem) if j.status in KNOWN else ""
        if j.status in KNOWN and not evidence:
            unsupported += 1
            out[cid] = Finding("unknown", "", LLM_CONFIDENCE)
        else:
            out[cid] = Finding(j.status, evidence, LLM_CONFIDENCE)
    if unsupported > MAX_UNSUPPORTED_SHARE * len(rubric.ids):
        raise UngroundedOutput(f"{unsupported} of {len(rubric.ids)}")
    return out, unsupported


UNSUPPORTED = {
    "en": "{n} of the LLM's statuses had no supporting quote from your text, so they are "
          "marked unknown.",
    "ja": "LLMの判定のうち{n}件は入力文に根拠となる記述がなかったため「不明」にしました。",
}
OFFLINE_USED = {"en": "Used the offline extractor for this assessment.",
                "ja": "この評価にはオフラインの抽出器を使いました。"}


class LLMFiller:
    """Fills the criteria with the chat model; any failure uses the fallback, with a notice."""

    def __init__(self, rt: Runtime, provider: ChatProvider, fallback: CriteriaFiller) -> None:
        self.rt = rt
        self.provider = provider
        self.fallback = fallback
        self.model = provider.chat_model(rt.settings, streaming=False, max_tokens=1500)

    def fill(self, problem: str, lang: str) -> FilledCriteria:
        try:
            findings, unsupported = llm_findings(problem, self.rt, self.provider, self.model)
        except Exception as exc:  # endpoint errors and invalid output alike fall back
            reason = self._reason(exc)
            log.warning("LLM assessment failed, using the offline extractor: %s", reason)
            offline = self.fallback.fill(problem, lang)
            return FilledCriteria(mode=offline.mode, findings=offline.findings,
                                  notices=(*offline.notices, f"{reason} {OFFLINE_USED[lang]}"))
        notes = (UNSUPPORTED[lang].format(n=unsupported),) if unsupported else ()
        return FilledCriteria(mode="llm", findings=findings, notices=notes)

    def _reason(self, exc: Exception) -> str:
        if isinstance(exc, UngroundedOutput):
            return (f"The LLM's assessment was not grounded in your text ({exc} statuses had "
                    "no supporting quote).")
        if not self.provider.is_endpoint_error(exc) and isinstance(
                exc, ValueError | KeyError | TypeError):
            return ("The LLM returned an invalid structured assessment (bad JSON, or statuses "
                    "outside the rubric's).")
        return self.provider.describe_error(exc, self.rt.settings)

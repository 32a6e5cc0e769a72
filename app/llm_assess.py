"""LLM assessment: the model fills the 18 criterion statuses and evidence through structured
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

from app.backends import describe_llm_error, make_chat_model
from app.extraction import Finding, extract_statuses
from app.knowledge import CRITERIA_IDS, Knowledge
from app.prompts import load_prompt
from app.runtime import Runtime

log = logging.getLogger(__name__)

LLM_CONFIDENCE = 0.8
# More unsupported statuses than this and the whole output is treated as invalid.
MAX_UNSUPPORTED_SHARE = 0.5


class UngroundedOutput(ValueError):
    """The model's statuses are mostly not backed by the user's words."""


class Judgement(BaseModel):
    model_config = ConfigDict(extra="ignore")

    status: Literal["met", "partial", "unmet", "unknown"]
    evidence: str = Field(default="", description="exact substring of the problem text, or ''")


@lru_cache(maxsize=1)
def judgement_schema() -> type[BaseModel]:
    """One field per criterion id, so every criterion gets exactly one judgement."""
    fields = {cid: (Judgement, ...) for cid in CRITERIA_IDS}
    return create_model("ScopingJudgement", __config__=ConfigDict(extra="ignore"), **fields)


def criteria_text(knowledge: Knowledge) -> str:
    lines = []
    for cid in CRITERIA_IDS:
        c = knowledge.criteria[cid]
        # The question alone keeps the prompt small enough for a 2k-context local model.
        lines.append(f"- {cid}: {c.question['en']}")
    return "\n".join(lines)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def grounded_evidence(evidence: str, problem: str) -> str:
    """The evidence if the user really wrote it (whitespace-insensitive), else ''."""
    ev = _normal(evidence).strip("\"'“”「」 ")
    return ev if ev and ev in _normal(problem) else ""


def llm_findings(problem: str, rt: Runtime) -> tuple[dict[str, Finding], int]:
    """Statuses from the LLM and how many were unsupported; raises on failure/invalid output.

    A status the user's own words do not back (no quotable evidence) becomes `unknown`:
    the verdict must rest on what the user said, not on what the model assumed.
    """
    model = make_chat_model(rt.settings, streaming=False, max_tokens=1500)
    system = load_prompt("assess_system").render(criteria=criteria_text(rt.knowledge))
    user = load_prompt("assess_user").render(problem=problem)
    structured = model.with_structured_output(judgement_schema(), method="function_calling")
    result = structured.invoke([SystemMessage(system), HumanMessage(user)])
    if result is None:
        raise ValueError("no structured output")
    out: dict[str, Finding] = {}
    unsupported = 0
    for cid in CRITERIA_IDS:
        j: Judgement = getattr(result, cid)
        evidence = grounded_evidence(j.evidence, problem) if j.status != "unknown" else ""
        if j.status != "unknown" and not evidence:
            unsupported += 1
            out[cid] = Finding("unknown", "", LLM_CONFIDENCE)
        else:
            out[cid] = Finding(j.status, evidence, LLM_CONFIDENCE)
    if unsupported > MAX_UNSUPPORTED_SHARE * len(CRITERIA_IDS):
        raise UngroundedOutput(f"{unsupported} of {len(CRITERIA_IDS)}")
    return out, unsupported


UNSUPPORTED = {
    "en": "{n} of the LLM's statuses had no supporting quote from your text, so they are "
          "marked unknown.",
    "ja": "LLMの判定のうち{n}件は入力文に根拠となる記述がなかったため「不明」にしました。",
}


def extract_findings(problem: str, lang: str, rt: Runtime
                     ) -> tuple[dict[str, Finding], str, list[str]]:
    """(findings, mode, notices): the LLM's when it works, else the offline extractor's."""
    settings = rt.settings
    if settings.llm_enabled:
        try:
            findings, unsupported = llm_findings(problem, rt)
            notes = [UNSUPPORTED[lang].format(n=unsupported)] if unsupported else []
            return findings, "llm", notes
        except Exception as exc:  # endpoint errors and invalid output alike fall back
            reason = _reason(exc, settings)
            log.warning("LLM assessment failed, using the offline extractor: %s", reason)
            offline = extract_statuses(problem, lang, rt.embeddings, settings.home / "cache")
            note = (f"{reason} Used the offline extractor for this assessment." if lang == "en"
                    else f"{reason} この評価にはオフラインの抽出器を使いました。")
            return offline, "offline", [note]
    offline = extract_statuses(problem, lang, rt.embeddings, settings.home / "cache")
    return offline, "offline", []


def _reason(exc: Exception, settings) -> str:
    from pydantic import ValidationError

    if isinstance(exc, UngroundedOutput):
        return (f"The LLM's assessment was not grounded in your text ({exc} statuses had no "
                "supporting quote).")
    bad_output = isinstance(exc, ValidationError | ValueError | KeyError | TypeError)
    if bad_output and exc.__class__.__module__.split(".")[0] not in ("openai", "httpx"):
        return ("The LLM returned an invalid structured assessment (bad JSON, or statuses "
                "outside met/partial/unmet/unknown).")
    return describe_llm_error(exc, settings)

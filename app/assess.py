"""Scope a business problem: 18 criterion statuses, section scores, a deterministic verdict.

The statuses come from the offline extractor (or, in LLM mode, the LLM through structured
output); everything after that — scores, verdict, follow-ups, next steps — is computed
here by the rubric rules of DESIGN.md, so the verdict is deterministic given the statuses.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict

from app.config import Settings
from app.errors import InputError
from app.extraction import Finding, extract_statuses
from app.knowledge import CRITERIA_IDS, SECTIONS, Knowledge
from app.llm_assess import extract_findings
from app.runtime import Runtime, get_runtime
from app.text import clean_input, detect_language

log = logging.getLogger(__name__)

Status = Literal["met", "partial", "unmet", "unknown"]
Verdict = Literal["ml_fit", "not_yet", "not_ml", "needs_info"]
SCORE = {"met": 1.0, "partial": 0.5, "unmet": 0.0, "unknown": 0.0}
NOT_ML_GATES = ("ml_needed", "impact")
NOT_YET_GATES = ("data_logged", "labels", "serving_data", "action", "success_metric",
                 "data_rights", "error_cost")
DECIDING = NOT_ML_GATES + NOT_YET_GATES
NEEDS_INFO_UNKNOWN = 4

VERDICT_LABEL = {
    "en": {"ml_fit": "ML fits", "not_yet": "Not yet", "not_ml": "Not an ML problem",
           "needs_info": "Need more information"},
    "ja": {"ml_fit": "MLに向いている", "not_yet": "まだ早い（先に整えることがある）",
           "not_ml": "MLは不要", "needs_info": "情報が足りない"},
}
STATUS_LABEL = {
    "en": {"met": "met", "partial": "partly", "unmet": "not met", "unknown": "unknown"},
    "ja": {"met": "満たす", "partial": "一部", "unmet": "満たさない", "unknown": "不明"},
}
SECTION_LABEL = {
    "en": {"value": "Value", "data": "Data", "risk": "Risk", "operations": "Operations"},
    "ja": {"value": "価値", "data": "データ", "risk": "リスク", "operations": "運用"},
}


class CriterionResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    section: str
    status: Status
    evidence: str
    cards: list[str]
    question: str  # the criterion, phrased as a question in the user's language
    why: str  # what unmet looks like (from the rubric)
    fix: str  # what to do when it is not met
    source: str = "text"  # "text" | "answer" | "llm"


class Assessment(BaseModel):
    model_config = ConfigDict(frozen=True)

    problem: str
    verdict: Verdict
    explanation: str
    readiness: float
    sections: dict[str, float]
    criteria: list[CriterionResult]
    follow_up_questions: list[str]
    next_steps: list[str]
    mode: str
    language: str
    notices: list[str] = []
    latency_ms: float = 0.0

    def criterion(self, cid: str) -> CriterionResult:
        return next(c for c in self.criteria if c.id == cid)

    @property
    def cited_cards(self) -> list[str]:
        seen: dict[str, None] = {}
        for c in self.criteria:
            if c.status != "met":
                for card in c.cards:
                    seen.setdefault(card, None)
        return list(seen)

    def as_dict(self) -> dict:
        """The DESIGN.md JSON shape."""
        out = {
            "verdict": self.verdict,
            "readiness": self.readiness,
            "sections": self.sections,
            "criteria": [{"id": c.id, "status": c.status, "evidence": c.evidence,
                          "cards": c.cards} for c in self.criteria],
            "follow_up_questions": self.follow_up_questions,
            "next_steps": self.next_steps,
            "mode": self.mode,
            "language": self.language,
            "explanation": self.explanation,
        }
        if self.notices:
            out["notice"] = " ".join(self.notices)
        return out


def decide_verdict(statuses: Mapping[str, str]) -> Verdict:
    """DESIGN.md's rules, in order: not_ml, not_yet, needs_info, ml_fit."""
    if any(statuses[c] == "unmet" for c in NOT_ML_GATES):
        return "not_ml"
    if any(statuses[c] == "unmet" for c in NOT_YET_GATES):
        return "not_yet"
    if sum(statuses[c] == "unknown" for c in DECIDING) >= NEEDS_INFO_UNKNOWN:
        return "needs_info"
    return "ml_fit"


def section_scores(statuses: Mapping[str, str], knowledge: Knowledge) -> dict[str, float]:
    out = {}
    for section in SECTIONS:
        ids = [c.id for c in knowledge.criteria.values() if c.section == section]
        out[section] = round(sum(SCORE[statuses[i]] for i in ids) / len(ids), 3)
    return out


# -- answers to follow-up questions ---------------------------------------------------------
_ANSWER_WORDS = {
    "met": r"met|yes|y|true|done|we do|はい|ある|あります|できている|満たす|満たしている",
    "partial": r"partial|partly|partially|somewhat|some|一部|部分的|少し|ある程度",
    "unmet": r"unmet|no|n|false|not met|none|いいえ|ない|ありません|できていない|満たさない",
    "unknown": r"unknown|don'?t know|not sure|\?|わからない|分からない|不明|未定",
}


def parse_answer_status(value: str) -> str | None:
    """A quick reply ("yes", "partly", "わからない") as a status, else None (free text)."""
    value = value.strip().lower()
    for status, words in _ANSWER_WORDS.items():
        if re.fullmatch(rf"(?:{words})[.!。！]?", value):
            return status
    return None


def _apply_answers(findings: dict[str, Finding], answers: Mapping[str, str], lang: str,
                   rt: Runtime) -> dict[str, tuple[Finding, str]]:
    out = {cid: (f, "text") for cid, f in findings.items()}
    for cid, raw in answers.items():
        if cid not in CRITERIA_IDS:
            raise InputError(f"Unknown criterion id in answers: {cid!r}. "
                             f"Use one of: {', '.join(CRITERIA_IDS)}.")
        text = clean_input(str(raw)).text
        if not text:
            continue
        status = parse_answer_status(text)
        if status is not None:
            out[cid] = (Finding(status, text if status != "unknown" else "", 1.0), "answer")
            continue
        found = extract_statuses(text, detect_language(text), rt.embeddings,
                                 rt.settings.home / "cache")
        own = found[cid]
        if own.status != "unknown":
            out[cid] = (own, "answer")
        # A free-text answer may settle other unknown criteria as well.
        for other, finding in found.items():
            if other != cid and finding.status != "unknown" and out[other][0].status == "unknown":
                out[other] = (finding, "answer")
    return out


# -- the assessment --------------------------------------------------------------------------
EMPTY_PROBLEM = (
    "Describe the business problem: what decision or task, who does it today, what data is "
    "recorded, and what would change. / 業務課題を書いてください（どんな判断や作業か、今は誰が"
    "どうしているか、どんなデータが記録されているか、何を変えたいか）。"
)


def assess(problem_text: str, answers: Mapping[str, str] | None = None, *,
           settings: Settings, runtime: Runtime | None = None) -> Assessment:
    """Assess a free-text problem (plus optional answers to follow-up questions)."""
    start = time.perf_counter()
    cleaned = clean_input(problem_text)
    if not cleaned.text:
        raise InputError(EMPTY_PROBLEM)
    lang = detect_language(cleaned.text)
    rt = runtime or get_runtime(settings)
    # LLM mode: the model fills the statuses; any failure falls back to the offline extractor.
    findings, mode, llm_notices = extract_findings(cleaned.text, lang, rt)
    notices = list(cleaned.notices(lang)) + llm_notices
    decided = _apply_answers(findings, answers or {}, lang, rt)
    return build_assessment(cleaned.text, lang, decided, rt.knowledge, mode=mode,
                            notices=notices, started=start)


def build_assessment(problem: str, lang: str, decided: Mapping[str, tuple[Finding, str]],
                     knowledge: Knowledge, *, mode: str, notices: list[str],
                     started: float) -> Assessment:
    """Everything after the statuses: deterministic given them."""
    statuses = {cid: decided[cid][0].status for cid in CRITERIA_IDS}
    verdict = decide_verdict(statuses)
    sections = section_scores(statuses, knowledge)
    criteria = []
    for cid in CRITERIA_IDS:
        finding, source = decided[cid]
        rub = knowledge.criteria[cid]
        criteria.append(CriterionResult(
            id=cid, section=rub.section, status=finding.status,
            evidence=finding.evidence if finding.status != "unknown" else "",
            cards=list(rub.cards[:2]), question=rub.question[lang], why=rub.unmet[lang],
            fix=rub.fix[lang], source=source,
        ))
    # Deciding criteria first: their answers can change the verdict.
    order = list(DECIDING) + [c for c in CRITERIA_IDS if c not in DECIDING]
    follow_ups = [knowledge.criteria[c].follow_up[lang] for c in order
                  if statuses[c] == "unknown"]
    return Assessment(
        problem=problem,
        verdict=verdict,
        explanation=explain(verdict, statuses, knowledge, lang),
        readiness=min(sections.values()),
        sections=sections,
        criteria=criteria,
        follow_up_questions=follow_ups,
        next_steps=next_steps(verdict, statuses, knowledge, lang),
        mode=mode,
        language=lang,
        notices=notices,
        latency_ms=round((time.perf_counter() - started) * 1000, 1),
    )


def _names(ids: list[str], knowledge: Knowledge, lang: str) -> str:
    sep = "、" if lang == "ja" else "; "
    return sep.join(knowledge.criteria[c].question[lang] for c in ids)


def explain(verdict: str, statuses: Mapping[str, str], knowledge: Knowledge, lang: str) -> str:
    unmet = [c for c in CRITERIA_IDS if statuses[c] == "unmet"]
    unknown = [c for c in DECIDING if statuses[c] == "unknown"]
    if lang == "ja":
        if verdict == "not_ml":
            return ("機械学習を使う前に、ルール・計算式・業務やUIの見直しで解決できるか、"
                    "または価値がML構築と運用のコストに見合わない可能性が高いです。")
        if verdict == "not_yet":
            gates = [c for c in NOT_YET_GATES if c in unmet]
            return (f"方向性はありえますが、先に整えるべき前提が欠けています（{len(gates)}件）。"
                    "データ・正解ラベル・使い道・評価方法などを整えてから再評価してください。")
        if verdict == "needs_info":
            return (f"判断に必要な情報が足りません（重要な{len(unknown)}項目が不明）。"
                    "下の質問に答えると再評価できます。")
        return ("機械学習が効きそうな条件がそろっています。ベースラインと比べる小さなMVPから始め、"
                "人が確認する運用で効果を検証してください。")
    if verdict == "not_ml":
        return ("This looks solvable without machine learning (a rule, formula, lookup, or a "
                "process/UI change), or its value does not cover ML's build and running cost.")
    if verdict == "not_yet":
        gates = [c for c in NOT_YET_GATES if c in unmet]
        return (f"ML may fit later, but {len(gates)} prerequisite(s) are missing. Fix the data, "
                "labels, decision or measurement gaps below first, then reassess.")
    if verdict == "needs_info":
        return (f"Not enough information to judge: {len(unknown)} of the deciding criteria are "
                "unknown. Answer the follow-up questions below to get a verdict.")
    return ("The conditions for ML are in place. Start with a small MVP measured against the "
            "current baseline, with people reviewing the predictions.")


_MVP_STEPS = {
    "en": [
        "Measure today's process or a simple heuristic as the baseline the model must beat.",
        "Run the model in shadow mode on live cases first and compare it with the baseline.",
        "Launch with a human in the loop: people review, correct and override suggestions, "
        "and every correction is logged as new training data.",
        "Verify the business effect with an A/B test or a pilot before scaling up.",
    ],
    "ja": [
        "現在の業務や単純なルールをベースラインとして測り、モデルが超えるべき基準にする。",
        "まずシャドーモードで実際の案件に対して予測し、ベースラインと比較する。",
        "人が確認・修正・却下できる形（Human-in-the-Loop）で導入し、修正はすべて学習データとして記録する。",
        "規模を広げる前に、ABテストやパイロットで業務上の効果を検証する。",
    ],
}
_NOT_ML_STEP = {
    "en": "Ship the rule, lookup, formula or process/UI change; log its outcomes, and revisit "
          "ML only if the rules grow unmanageable or the volume grows.",
    "ja": "ルール・マスタ参照・計算式、または業務やUIの改善を先に導入し、その結果を記録する。"
          "ルールが複雑になりすぎたり件数が増えたりしたときに、改めてMLを検討する。",
}
_NEEDS_INFO_STEP = {
    "en": "Answer the follow-up questions (with the people who own the data and the process), "
          "then run the assessment again.",
    "ja": "データや業務の担当者と一緒に下の質問に答え、もう一度評価する。",
}


def next_steps(verdict: str, statuses: Mapping[str, str], knowledge: Knowledge,
               lang: str) -> list[str]:
    """Ordered next steps: the fix for what blocks first, then the path forward."""
    fix = {cid: knowledge.criteria[cid].fix[lang] for cid in CRITERIA_IDS}
    unmet = [c for c in CRITERIA_IDS if statuses[c] == "unmet"]
    steps: list[str] = []
    if verdict == "not_ml":
        steps += [fix[c] for c in NOT_ML_GATES if statuses[c] == "unmet"]
        steps.append(_NOT_ML_STEP[lang])
    elif verdict == "not_yet":
        steps += [fix[c] for c in NOT_YET_GATES if statuses[c] == "unmet"]
        steps += [fix[c] for c in unmet if c not in NOT_YET_GATES]
    elif verdict == "needs_info":
        steps.append(_NEEDS_INFO_STEP[lang])
        steps += [fix[c] for c in unmet]
    else:
        steps += _MVP_STEPS[lang]
        steps += [fix[c] for c in CRITERIA_IDS if statuses[c] in ("unmet", "partial")]
    return list(dict.fromkeys(steps))


def render_markdown(a: Assessment, knowledge: Knowledge) -> str:
    """The assessment as the user reads it (CLI text; the UI shows the same content)."""
    lang = a.language
    ja = lang == "ja"
    lines = [f"## {'判定' if ja else 'Verdict'}: {VERDICT_LABEL[lang][a.verdict]}", "",
             a.explanation, "",
             f"**{'準備度' if ja else 'Readiness'}**: {a.readiness:.2f} · " + " · ".join(
                 f"{SECTION_LABEL[lang][s]} {v:.2f}" for s, v in a.sections.items())]
    not_met = [c for c in a.criteria if c.status in ("unmet", "partial")]
    if not_met:
        lines += ["", f"### {'課題（満たしていない項目）' if ja else 'Red flags'}"]
        for c in not_met:
            card = c.cards[0]
            title = knowledge.cards[card].title_in(lang) if card in knowledge.cards else card
            lines.append(f"- **{c.question}** — {STATUS_LABEL[lang][c.status]}")
            if c.evidence:
                lines.append(f"  - {'根拠' if ja else 'Evidence'}: “{c.evidence}”")
            lines.append(f"  - {'なぜ重要か' if ja else 'Why it matters'}: {c.why} "
                         f"({title} [{card}])")
            lines.append(f"  - {'対応' if ja else 'What to do'}: {c.fix}")
    met = [c for c in a.criteria if c.status == "met"]
    if met:
        lines += ["", f"### {'満たしている項目' if ja else 'In place'}"]
        lines += [f"- {c.question}" + (f" — “{c.evidence}”" if c.evidence else "") for c in met]
    if a.follow_up_questions:
        lines += ["", f"### {'確認したいこと' if ja else 'Follow-up questions'}"]
        lines += [f"{n}. {q}" for n, q in enumerate(a.follow_up_questions, 1)]
    lines += ["", f"### {'次のステップ' if ja else 'Next steps'}"]
    lines += [f"{n}. {s}" for n, s in enumerate(a.next_steps, 1)]
    return "\n".join(lines)

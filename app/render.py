"""What an assessment says in words: the explanation, the next steps and the Markdown a user
reads (CLI and chat). Labels come from the rubric; the prose is bilingual."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from app.knowledge import Knowledge

if TYPE_CHECKING:
    from app.assess import Assessment

_SEP = {"en": "; ", "ja": "、"}
_EXPLAIN = {
    "en": {
        "not_ml": "This looks solvable without machine learning, or its value does not cover "
                  "ML's build and running cost. Decided by: {deciding}.",
        "not_yet": "ML may fit later, but first fix: {deciding}. Then reassess.",
        "needs_info": "Not enough information to judge yet: {n} of the deciding criteria are "
                      "unknown ({deciding}). Answer the follow-up questions below.",
        "promising": " Already shown: {shown}.",
        "ml_fit": "The conditions for ML are in place ({deciding}). Start with a small MVP "
                  "measured against the current baseline, with people reviewing predictions.",
        "people": "a decision about people with nobody reviewing it",
    },
    "ja": {
        "not_ml": "機械学習を使わずに解決できるか、価値がML構築と運用のコストに見合わない可能性が"
                  "高いです。判断の決め手：{deciding}。",
        "not_yet": "方向性はありえますが、先に整えるべき前提があります：{deciding}。"
                   "整えてから再評価してください。",
        "needs_info": "判断に必要な情報がまだ足りません（重要な{n}項目が不明：{deciding}）。"
                      "下の質問に答えると判定できます。",
        "promising": "すでに分かっていること：{shown}。",
        "ml_fit": "機械学習が効きそうな条件がそろっています（{deciding}）。ベースラインと比べる"
                  "小さなMVPから始め、人が確認する運用で効果を検証してください。",
        "people": "人に関する判断を誰も確認しない",
    },
}


def _labels(ids: list[str], knowledge: Knowledge, lang: str) -> str:
    return _SEP[lang].join(knowledge.criteria[c].label[lang] for c in ids)


def explain(verdict: str, statuses: Mapping[str, str], knowledge: Knowledge, lang: str) -> str:
    """One paragraph naming the criteria that decided the verdict."""
    rubric = knowledge.rubric
    text = _EXPLAIN[lang]
    deciding = rubric.deciding(verdict, statuses)
    names = _labels(deciding, knowledge, lang)
    if verdict == "not_yet" and rubric.people_unreviewed(statuses):
        gates = [c for c in deciding if c != rubric.review_criterion]
        names = _SEP[lang].join(filter(None, [_labels(gates, knowledge, lang), text["people"]]))
    out = text[verdict].format(deciding=names, n=len(deciding))
    if verdict == "needs_info":
        shown = [c for c in rubric.ids if statuses[c] == "met"]
        if shown:
            out += text["promising"].format(shown=_labels(shown, knowledge, lang))
    return out


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
        "規模を広げる前に、A/Bテストやパイロットで業務上の効果を検証する。",
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
    rubric = knowledge.rubric
    fix = {cid: c.fix[lang] for cid, c in rubric.criteria.items()}
    unmet = [c for c in rubric.ids if statuses[c] == "unmet"]
    steps: list[str] = []
    if verdict in ("not_ml", "not_yet"):
        steps += [fix[c] for c in rubric.deciding(verdict, statuses)]
        if verdict == "not_ml":
            steps.append(_NOT_ML_STEP[lang])
        else:
            steps += [fix[c] for c in unmet]
    elif verdict == "needs_info":
        steps.append(_NEEDS_INFO_STEP[lang])
        steps += [fix[c] for c in unmet]
    else:
        steps += _MVP_STEPS[lang]
        steps += [fix[c] for c in rubric.ids if statuses[c] in ("unmet", "partial")]
    return list(dict.fromkeys(steps))


def readiness_text(a: Assessment, lang: str) -> str:
    """Readiness with its coverage, and never a bare 0.00 when the truth is "not known yet"."""
    known, applicable = a.coverage
    if lang == "ja":
        cov = f"{applicable}項目中{known}項目が判明"
        return (f"{a.readiness:.2f}（{cov}）" if a.readiness is not None
                else f"まだ判定できません（{cov}）")
    cov = f"{known} of {applicable} known"
    return (f"{a.readiness:.2f} ({cov})" if a.readiness is not None
            else f"not known yet ({cov})")


_CHANGE = {
    "en": {"title": "What your answers changed", "verdict": "verdict", "readiness": "readiness",
           "also": "also"},
    "ja": {"title": "回答で変わったこと", "verdict": "判定", "readiness": "準備度",
           "also": "あわせて"},
}


def _score(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def change_lines(a: Assessment, knowledge: Knowledge) -> list[str]:
    """One line per answer: the criterion's status, the verdict and readiness, before → after."""
    rubric = knowledge.rubric
    lang = a.language
    t = _CHANGE[lang]
    st = {s: labels[lang] for s, labels in rubric.status_labels.items()}
    out = []
    for c in a.changes:
        label = rubric.criteria[c.criterion].label[lang]
        parts = [f"{label}: {st[c.status[0]]} → {st[c.status[1]]}"]
        if c.also:
            parts.append(t["also"] + " " + _SEP[lang].join(
                f"{rubric.criteria[cid].label[lang]} {st[b]} → {st[x]}" for cid, b, x in c.also))
        v0, v1 = (rubric.verdict_labels[v][lang] for v in c.verdict)
        parts.append(f"{t['verdict']}: {v0} → {v1}" if v0 != v1 else f"{t['verdict']}: {v1}")
        r0, r1 = (_score(r) for r in c.readiness)
        parts.append(f"{t['readiness']}: {r0} → {r1}" if r0 != r1 else f"{t['readiness']}: {r1}")
        out.append(" · ".join(parts))
    return out


def render_markdown(a: Assessment, knowledge: Knowledge) -> str:
    """The assessment as the user reads it (CLI text and chat)."""
    rubric = knowledge.rubric
    lang = a.language
    ja = lang == "ja"
    status_label = {s: labels[lang] for s, labels in rubric.status_labels.items()}
    sections = " · ".join(
        f"{rubric.sections[s][lang]} {'—' if v is None else f'{v:.2f}'}"
        for s, v in a.sections.items())
    lines = [f"## {'判定' if ja else 'Verdict'}: {rubric.verdict_labels[a.verdict][lang]}", "",
             a.explanation, "",
             f"**{'準備度' if ja else 'Readiness'}**: {readiness_text(a, lang)} · {sections}"]
    not_met = [c for c in a.criteria if c.status in ("unmet", "partial")]
    if not_met:
        lines += ["", f"### {'課題（満たしていない項目）' if ja else 'Red flags'}"]
        for c in not_met:
            card = c.cards[0]
            title = knowledge.cards[card].title_in(lang) if card in knowledge.cards else card
            lines.append(f"- **{rubric.criteria[c.id].label[lang]}** — {status_label[c.status]}")
            if c.evidence:
                lines.append(f"  - {'根拠' if ja else 'Evidence'}: “{c.evidence}”")
            lines.append(f"  - {'なぜ重要か' if ja else 'Why it matters'}: {c.why} "
                         f"({title} [{card}])")
            lines.append(f"  - {'対応' if ja else 'What to do'}: {c.fix}")
    met = [c for c in a.criteria if c.status == "met"]
    if met:
        lines += ["", f"### {'満たしている項目' if ja else 'In place'}"]
        lines += [f"- {rubric.criteria[c.id].label[lang]}"
                  + (f" — “{c.evidence}”" if c.evidence else "") for c in met]
    if a.changes:
        lines += ["", f"### {_CHANGE[lang]['title']}"]
        lines += [f"{n}. {line}" for n, line in enumerate(change_lines(a, knowledge), 1)]
    if a.follow_up_questions:
        lines += ["", f"### {'確認したいこと' if ja else 'Follow-up questions'}"]
        lines += [f"{n}. {q}" for n, q in enumerate(a.follow_up_questions, 1)]
    lines += ["", f"### {'次のステップ' if ja else 'Next steps'}"]
    lines += [f"{n}. {s}" for n, s in enumerate(a.next_steps, 1)]
    return "\n".join(lines)

"""Assess page: verdict, readiness, section chart, criteria table, and a guided interview
whose answers re-score the assessment through `assess(problem, answers=...)`."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from app.assess import Assessment, assess
from app.interview import REPLY_WORDS, Question
from app.render import change_lines, readiness_text
from app.ui import widgets
from app.ui.state import Context

VERDICT_COLOUR = {"ml_fit": "green", "not_yet": "orange", "needs_info": "blue",
                  "not_ml": "red"}
STATUS_ICON = {"met": "✅", "partial": "🟡", "unmet": "❌", "unknown": "❔", "n/a": "➖"}
SHOWN_QUESTIONS = 3
# Labels of this view that the shared i18n table does not hold.
_TEXT = {
    "en": {"right": "Yes, that's right", "is": "No: {status}",
           "changed": "What your answer changed",
           "reply": {"met": "Yes", "partial": "Partly", "unmet": "No", "unknown": "Don't know",
                     "n/a": "Does not apply"},
           "number": "Your answer (numbers welcome)", "read_as": "I read"},
    "ja": {"right": "はい、合っています", "is": "いいえ：{status}", "changed": "回答で変わったこと",
           "reply": {"met": "はい", "partial": "一部", "unmet": "いいえ", "unknown": "わからない",
                     "n/a": "対象外"},
           "number": "回答（数字で）", "read_as": "読み取り"},
}


def _record(ctx: Context) -> dict[str, Any] | None:
    return ctx.store.latest_assessment(ctx.conversation_id) if ctx.conversation_id else None


def _rescore(ctx: Context, rec: dict[str, Any], answers: dict[str, str]) -> None:
    with st.spinner(ctx.t("thinking")):
        result = assess(rec["problem"], answers=answers, backends=ctx.backends)
    ctx.store.save_assessment(rec["conversation_id"], rec["problem"], answers,
                              result.model_dump(), record_id=rec["id"])


def render(ctx: Context) -> None:
    st.header(ctx.t("page_assess"))
    # The problem reader's trained model is ready before the first click (cached by
    # `mlscope index`; trained here, once, under a spinner when it is missing).
    with st.spinner(ctx.t("thinking")):
        ctx.runtime.extractor()
    rec = _record(ctx)
    key = f"problem-{rec['id'] if rec else 'new'}"
    with st.form("assess-form"):
        problem = st.text_area(ctx.t("problem"), value=rec["problem"] if rec else "",
                               height=160, key=key, help=ctx.t("assess_intro"))
        submitted = st.form_submit_button(ctx.t("run_assess"), type="primary")
    if submitted:
        with st.spinner(ctx.t("thinking")):
            result = assess(problem, backends=ctx.backends)
        cid = ctx.ensure_conversation(result.problem)
        ctx.store.save_assessment(cid, result.problem, {}, result.model_dump())
        st.rerun()
    if rec is None:
        st.info(ctx.t("no_assessment"))
        return
    a = Assessment.model_validate(rec["result"])
    _summary(ctx, a)
    _interview(ctx, rec, a)
    _criteria(ctx, a)
    st.subheader(ctx.t("next_steps"))
    st.markdown("\n".join(f"{n}. {widgets.escape_md(s)}" for n, s in
                          enumerate(a.next_steps, 1)))
    widgets.feedback_controls(ctx, f"assessment:{rec['id']}", {
        "kind": "assessment", "question": a.problem, "answer": a.explanation,
        "card_ids": a.cited_cards, "mode": a.mode, "language": a.language,
        "verdict": a.verdict,
    }, ctx.store.feedback_for(rec["conversation_id"]).get(f"assessment:{rec['id']}"))


def _summary(ctx: Context, a: Assessment) -> None:
    lang = a.language
    rubric = ctx.runtime.knowledge.rubric
    label = rubric.verdict_labels[a.verdict][lang]
    st.markdown(f"### {ctx.t('verdict')}: :{VERDICT_COLOUR[a.verdict]}-background[{label}]")
    st.markdown(widgets.escape_md(a.explanation))
    widgets.notices(a.notices)
    left, right = st.columns([1, 3])
    left.metric(ctx.t("readiness"), "—" if a.readiness is None else f"{a.readiness:.2f}")
    left.caption(readiness_text(a, ctx.lang))
    left.caption(f"{ctx.t('mode')}: {widgets.mode_name(ctx, a.mode)}")
    # A fixed 0-1 axis in the rubric's section order (0.6 must not look full), and no bar for
    # a section nothing is known about yet (it is not 0).
    names = [rubric.sections[s][ctx.lang] for s in rubric.sections]
    data = pd.DataFrame({"section": names, "score": [a.sections[s] for s in rubric.sections]})
    chart = alt.Chart(data.dropna()).mark_bar().encode(
        x=alt.X("section:N", sort=names, title=ctx.t("sections")),
        y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 1]), title=ctx.t("readiness")),
    ).properties(height=220)
    right.altair_chart(chart, width="stretch")


def _criteria(ctx: Context, a: Assessment) -> None:
    st.subheader(ctx.t("criteria"))
    cards = ctx.runtime.knowledge.cards
    rubric = ctx.runtime.knowledge.rubric
    rows = []
    for c in a.criteria:
        card = c.cards[0] if c.cards else ""
        rows.append({
            ctx.t("col_section"): rubric.sections[c.section][ctx.lang],
            ctx.t("col_criterion"): c.question,
            ctx.t("col_status"):
                f"{STATUS_ICON[c.status]} {rubric.status_labels[c.status][ctx.lang]}",
            ctx.t("col_evidence"): c.evidence or _not_applicable(rubric, c, ctx.lang),
            ctx.t("col_card"): f"{cards[card].title_in(a.language)} [{card}]"
            if card in cards else card,
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _not_applicable(rubric, c, lang: str) -> str:
    """Why an n/a criterion does not apply (the rubric's words), when the text said nothing."""
    crit = rubric.criteria.get(c.id)
    if c.status == "n/a" and crit is not None and crit.not_applicable:
        return crit.not_applicable[lang]
    return ""


def _interview(ctx: Context, rec: dict[str, Any], a: Assessment) -> None:
    st.subheader(ctx.t("interview"))
    st.caption(ctx.t("interview_help"))
    answers: dict[str, str] = dict(rec.get("answers") or {})
    text = _TEXT[ctx.lang]
    if a.changes:
        # After each answer: what it changed (status, verdict, readiness), newest first.
        lines = change_lines(a, ctx.runtime.knowledge)
        st.info(f"**{text['changed']}**: {widgets.escape_md(lines[-1])}")
        with st.expander(f"{ctx.t('answers_given')} ({len(answers)})"):
            for line in reversed(lines):
                widgets.show_text(line, caption=True)
            if st.button(ctx.t("reset_answers"), key=f"reset-{rec['id']}"):
                _rescore(ctx, rec, {})
                st.rerun()
    if not a.interview:
        st.success(ctx.t("interview_done"))
        return
    for q in a.interview[:SHOWN_QUESTIONS]:
        with st.container(border=True):
            _question(ctx, rec, a, q, answers)
    if len(a.interview) > SHOWN_QUESTIONS:
        st.caption(f"+{len(a.interview) - SHOWN_QUESTIONS}")


def _question(ctx: Context, rec: dict[str, Any], a: Assessment, q: Question,
              answers: dict[str, str]) -> None:
    text = _TEXT[ctx.lang]
    rubric = ctx.runtime.knowledge.rubric
    st.markdown(f"**{widgets.escape_md(q.text)}**")
    if q.kind == "confirm" and q.evidence:
        widgets.show_text(f"{text['read_as']}: “{q.evidence}”", caption=True)
    key = f"{rec['id']}-{q.id}"
    if q.answer == "number":
        # The question asks for numbers: free text only, read by the answer reader.
        with st.form(f"free-{key}", clear_on_submit=True, border=False):
            value = st.text_input(text["number"], key=f"free-{key}")
            if st.form_submit_button(ctx.t("send_answer")) and value.strip():
                _rescore(ctx, rec, {**answers, q.id: value.strip()[:2000]})
                st.rerun()
        return
    cols = st.columns(len(q.replies))
    for n, (col, status) in enumerate(zip(cols, q.replies, strict=True)):
        if q.kind == "confirm" and n == 0:
            label = text["right"]
        elif q.kind == "confirm" and status != "unknown":
            label = text["is"].format(status=rubric.status_labels[status][ctx.lang])
        else:
            label = text["reply"][status]
        if col.button(label, key=f"qr-{key}-{status}", width="stretch"):
            # Stored as the user's word in the assessment's language ("はい", "partly").
            _rescore(ctx, rec, {**answers, q.id: REPLY_WORDS[a.language][status]})
            st.rerun()

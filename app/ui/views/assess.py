"""Assess page: verdict, readiness, section chart, criteria table, and a guided interview
whose answers re-score the assessment through `assess(problem, answers=...)`."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app.assess import Assessment, assess
from app.render import readiness_text
from app.ui import widgets
from app.ui.state import Context

VERDICT_COLOUR = {"ml_fit": "green", "not_yet": "orange", "needs_info": "blue",
                  "not_ml": "red"}
QUICK_REPLIES = ("met", "partial", "unmet", "unknown")
STATUS_ICON = {"met": "✅", "partial": "🟡", "unmet": "❌", "unknown": "❔", "n/a": "➖"}


def _record(ctx: Context) -> dict[str, Any] | None:
    return ctx.store.latest_assessment(ctx.conversation_id) if ctx.conversation_id else None


def _rescore(ctx: Context, rec: dict[str, Any], answers: dict[str, str]) -> None:
    result = assess(rec["problem"], answers=answers, backends=ctx.backends)
    ctx.store.save_assessment(rec["conversation_id"], rec["problem"], answers,
                              result.model_dump(), record_id=rec["id"])


def render(ctx: Context) -> None:
    st.header(ctx.t("page_assess"))
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
    left.caption(f"{ctx.t('mode')}: {a.mode}")
    chart = pd.DataFrame({ctx.t("sections"): [a.sections[s] or 0.0 for s in rubric.sections]},
                         index=[rubric.sections[s][ctx.lang] for s in rubric.sections])
    right.bar_chart(chart, height=220, y_label=ctx.t("sections"))


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
            ctx.t("col_evidence"): c.evidence,
            ctx.t("col_card"): f"{cards[card].title_in(a.language)} [{card}]"
            if card in cards else card,
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _open_questions(ctx: Context, a: Assessment, answers: dict[str, str]) -> list[str]:
    """Unknown criteria not yet answered, in the assessment's follow-up order."""
    return [c for c in a.follow_up_ids if c not in answers]


def _interview(ctx: Context, rec: dict[str, Any], a: Assessment) -> None:
    st.subheader(ctx.t("interview"))
    st.caption(ctx.t("interview_help"))
    answers: dict[str, str] = dict(rec.get("answers") or {})
    rubric = ctx.runtime.knowledge.criteria
    labels = ctx.runtime.knowledge.rubric.status_labels
    if answers:
        with st.expander(f"{ctx.t('answers_given')} ({len(answers)})"):
            for cid, value in answers.items():
                status = a.criterion(cid).status
                widgets.show_text(f"{rubric[cid].question[a.language]} — {value} → "
                                  f"{labels[status][ctx.lang]}", caption=True)
            if st.button(ctx.t("reset_answers"), key=f"reset-{rec['id']}"):
                _rescore(ctx, rec, {})
                st.rerun()
    todo = _open_questions(ctx, a, answers)
    if not todo:
        st.success(ctx.t("interview_done"))
        return
    for cid in todo[:3]:
        with st.container(border=True):
            st.markdown(f"**{widgets.escape_md(rubric[cid].follow_up[a.language])}**")
            cols = st.columns(len(QUICK_REPLIES))
            for col, status in zip(cols, QUICK_REPLIES, strict=True):
                if col.button(ctx.t("qr_" + status), key=f"qr-{rec['id']}-{cid}-{status}",
                              width="stretch"):
                    _rescore(ctx, rec, {**answers, cid: status})
                    st.rerun()
            with st.form(f"free-{rec['id']}-{cid}", clear_on_submit=True, border=False):
                text = st.text_input(ctx.t("free_answer"), key=f"free-{rec['id']}-{cid}")
                if st.form_submit_button(ctx.t("send_answer")) and text.strip():
                    _rescore(ctx, rec, {**answers, cid: text.strip()[:2000]})
                    st.rerun()
    if len(todo) > 3:
        st.caption(f"+{len(todo) - 3}")

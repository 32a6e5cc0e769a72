"""Proposal page: draft from the current assessment, edit in place, download as Markdown or
Word."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app.assess import Assessment
from app.proposal.docx import to_docx
from app.propose import propose
from app.ui import widgets
from app.ui.state import Context

# The Word button's label lives here: this page is the only one that offers it.
DOWNLOAD_DOCX = {"en": "Download Word (.docx)", "ja": "Word（.docx）をダウンロード"}


def _generate(ctx: Context, rec: dict[str, Any]) -> None:
    a = Assessment.model_validate(rec["result"])
    p = propose(rec["problem"], a, backends=ctx.backends)
    ctx.store.save_proposal(rec["conversation_id"], p.markdown, {
        "language": p.language, "mode": p.mode, "verdict": p.verdict,
        "cited_cards": list(p.cited_cards), "assessment_id": rec["id"],
        "notices": list(p.notices)})


def render(ctx: Context) -> None:
    st.header(ctx.t("page_proposal"))
    st.caption(ctx.t("proposal_intro"))
    cid = ctx.conversation_id
    rec = ctx.store.latest_assessment(cid) if cid else None
    prop = ctx.store.latest_proposal(cid) if cid else None
    if rec is None and prop is None:
        st.info(ctx.t("need_assessment"))
        return
    if rec is not None:
        stale = prop is None or prop["meta"].get("assessment_id") != rec["id"]
        label = ctx.t("generate_proposal" if prop is None else "regenerate_proposal")
        if st.button(label, type="primary" if stale else "secondary", key="gen-proposal"):
            _generate(ctx, rec)
            st.rerun()
    if prop is None:
        return
    widgets.notices(prop["meta"].get("notices", []))
    key = f"proposal-{prop['id']}"
    text = st.text_area(ctx.t("edit_proposal"), value=prop["markdown"], height=480, key=key)
    save, download, word, _ = st.columns([1, 1, 1, 2])
    if save.button(ctx.t("save_edits"), key=f"save-{prop['id']}"):
        ctx.store.save_proposal(prop["conversation_id"], text, prop["meta"],
                                record_id=prop["id"])
        st.toast(ctx.t("saved"))
    download.download_button(ctx.t("download"), data=text.encode("utf-8"),
                             file_name="mlscope-proposal.md", mime="text/markdown",
                             key=f"download-{prop['id']}")
    cards = prop["meta"].get("cited_cards", [])
    lang = prop["meta"].get("language", ctx.lang)
    word.download_button(
        DOWNLOAD_DOCX.get(ctx.lang, DOWNLOAD_DOCX["en"]), data=to_docx(text, lang),
        file_name="mlscope-proposal.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key=f"download-docx-{prop['id']}")
    with st.expander(ctx.t("preview"), expanded=False):
        st.markdown(widgets.safe_markdown(text))
    widgets.citations(ctx, [{"id": c} for c in cards], lang, key=key)
    widgets.feedback_controls(ctx, f"proposal:{prop['id']}", {
        "kind": "proposal", "question": rec["problem"] if rec else "", "answer": text,
        "card_ids": cards, "mode": prop["meta"].get("mode", ""), "language": lang,
        "verdict": prop["meta"].get("verdict"),
    }, ctx.store.feedback_for(prop["conversation_id"]).get(f"proposal:{prop['id']}"))

"""Rendering helpers shared by the pages: safe text, citations, feedback controls."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from app.store import FEEDBACK_REASONS
from app.ui.state import Context

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
_IMAGE = re.compile(r"!\[")
_LINK = re.compile(r"\]\(")
_HTML_TAG = re.compile(r"<(?=[/!?a-zA-Z])")


def escape_md(text: str) -> str:
    """Markdown-escape text so it is shown literally (no links, images, HTML, directives)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def show_text(text: str, *, caption: bool = False) -> None:
    """Show user or document text as plain text, keeping its line breaks."""
    body = escape_md(text).replace("\n", "  \n")
    (st.caption if caption else st.markdown)(body)


def safe_markdown(text: str) -> str:
    """Our generated Markdown may quote the user's words: never let them become an image,
    a link or an HTML tag."""
    text = _IMAGE.sub(r"!\\[", text)
    text = _LINK.sub(r"]\\(", text)
    return _HTML_TAG.sub("&lt;", text)


def card_text(ctx: Context, card_id: str, lang: str) -> tuple[str, str] | None:
    """(title, body) of a knowledge card or a user document."""
    card = ctx.runtime.knowledge.cards.get(card_id)
    if card is not None:
        return card.title_in(lang), card.body.get(lang) or card.body.get("en", "")
    if card_id.startswith("user-"):
        from app.documents import document_text

        return document_text(ctx.runtime, card_id)
    return None


def citations(ctx: Context, cites: list[dict[str, str]], lang: str, key: str) -> None:
    """One expander per cited card, its text shown as text."""
    if not cites:
        return
    st.caption(ctx.t("sources"))
    for cite in cites:
        found = card_text(ctx, cite["id"], lang)
        title = found[0] if found else cite.get("title", cite["id"])
        # A document is cited by its name; its internal id means nothing to the user.
        label = title if cite.get("kind") == "document" else f"{title} [{cite['id']}]"
        with st.expander(label):
            if found:
                show_text(found[1])


def grounding_line(ctx: Context, meta: dict[str, Any]) -> None:
    grounding = meta.get("grounding", "none")
    st.caption(f"{ctx.t('grounding')}: {ctx.t('grounding_' + grounding)} · "
               f"{ctx.t('mode')}: {mode_name(ctx, meta.get('mode', ctx.mode))}")


def mode_name(ctx: Context, mode: str) -> str:
    """The mode as the user reads it: 「オフライン」, or the chat model's name."""
    return ctx.t("mode_offline_name") if mode == "offline" else mode


def notices(items: list[str] | tuple[str, ...]) -> None:
    for item in items:
        st.warning(item)


def feedback_controls(ctx: Context, target: str, payload: dict[str, Any],
                      existing: dict[str, Any] | None) -> None:
    """Thumbs up / down, and on thumbs down a reason and a comment. Saved to the store.

    `payload`: kind, question, answer, card_ids, mode, language, verdict.
    """
    cid = ctx.conversation_id
    if cid is None:
        return
    slug = re.sub(r"[^a-z0-9]+", "-", target.lower())
    ask_key = f"why-{slug}"
    up, down, note = st.columns([1, 1, 8])
    if up.button("👍", key=f"up-{slug}", help=ctx.t("helpful")):
        ctx.store.save_feedback(cid, target, rating=1, **payload)
        st.session_state.pop(ask_key, None)
        st.rerun()
    if down.button("👎", key=f"down-{slug}", help=ctx.t("not_helpful")):
        ctx.store.save_feedback(cid, target, rating=-1, **payload)
        st.session_state[ask_key] = True
        st.rerun()
    if existing:
        note.caption(ctx.t("feedback_given_up" if existing["rating"] > 0
                           else "feedback_given_down"))
    if existing and existing["rating"] < 0 and st.session_state.get(ask_key):
        with st.form(key=f"form-{slug}"):
            reason = st.radio(ctx.t("feedback_reason"), FEEDBACK_REASONS, horizontal=True,
                              format_func=lambda r: ctx.t("reason_" + r), key=f"reason-{slug}")
            comment = st.text_input(ctx.t("feedback_comment"), key=f"comment-{slug}")
            if st.form_submit_button(ctx.t("send_feedback")):
                ctx.store.save_feedback(cid, target, rating=-1, reason=reason,
                                        comment=comment[:2000], **payload)
                st.session_state.pop(ask_key, None)
                st.toast(ctx.t("feedback_thanks"))
                st.rerun()

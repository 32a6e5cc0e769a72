"""Chat page: streamed answers with citations, grounding, regenerate and feedback.

A problem description typed here is assessed (app.conversation routes it); the assessment
is saved to the conversation and continues on the Assess page.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app.conversation import Reply, reply
from app.ui import widgets
from app.ui.state import Context, go_to


def _run(ctx: Context, prompt: str, replace_message: int | None = None) -> Reply:
    """Run one turn (routed, answered, persisted by app.conversation), streaming into a
    placeholder."""
    box = st.empty()
    shown: list[str] = []

    def on_token(token: str) -> None:
        shown.append(token)
        box.markdown(widgets.safe_markdown("".join(shown)) + " ▌")

    with st.spinner(ctx.t("thinking")):
        result = reply(prompt, backends=ctx.backends, on_token=on_token, store=ctx.store,
                       conversation_id=ctx.ensure_conversation(prompt),
                       replace_message=replace_message)
    box.markdown(widgets.safe_markdown(result.text))
    return result


def _assistant(ctx: Context, msg: dict[str, Any], feedback: dict[str, Any],
               regenerate: bool) -> bool:
    """Draw one stored assistant message; True when its regenerate button was pressed."""
    meta = msg["meta"]
    lang = meta.get("language", ctx.lang)
    st.markdown(widgets.safe_markdown(msg["content"]))
    widgets.notices(meta.get("notices", []))
    widgets.citations(ctx, meta.get("citations", []), lang, key=str(msg["id"]))
    widgets.grounding_line(ctx, meta)
    route = meta.get("route")
    if route == "assess":
        st.button(ctx.t("open_assess"), key=f"goto-assess-{msg['id']}", on_click=go_to,
                  args=("assess",))
    elif route == "propose" and meta.get("proposal_id"):
        st.button(ctx.t("open_proposal"), key=f"goto-prop-{msg['id']}", on_click=go_to,
                  args=("proposal",))
    target = f"message:{msg['id']}"
    widgets.feedback_controls(ctx, target, {
        "kind": "assessment" if route == "assess" else "answer",
        "question": meta.get("question", ""), "answer": msg["content"],
        "card_ids": meta.get("card_ids", []), "mode": meta.get("mode", ""),
        "language": lang, "verdict": meta.get("verdict"),
    }, feedback.get(target))
    return regenerate and st.button(ctx.t("regenerate"), key=f"regen-{msg['id']}")


def render(ctx: Context) -> None:
    st.header(ctx.t("page_chat"))
    cid = ctx.conversation_id
    messages = ctx.store.messages(cid) if cid else []
    if not messages:
        st.info(ctx.t("chat_intro"))
    feedback = ctx.store.feedback_for(cid) if cid else {}
    last_assistant = max((i for i, m in enumerate(messages) if m["role"] == "assistant"),
                         default=None)
    regen_index = None
    for i, msg in enumerate(messages):
        with st.chat_message(msg["role"]):
            if msg["role"] == "user":
                widgets.show_text(msg["content"])
            elif _assistant(ctx, msg, feedback, regenerate=i == last_assistant):
                regen_index = i
    if regen_index is not None:
        _regenerate(ctx, messages, regen_index)
    prompt = st.chat_input(ctx.t("chat_placeholder"))
    if prompt:
        _send(ctx, prompt)


def _send(ctx: Context, prompt: str) -> None:
    if not prompt.strip():
        st.warning(ctx.t("chat_intro"))
        return
    with st.chat_message("user"):
        widgets.show_text(prompt)
    with st.chat_message("assistant"):
        _run(ctx, prompt)
    st.rerun()


def _regenerate(ctx: Context, messages: list[dict[str, Any]], index: int) -> None:
    msg = messages[index]
    prompt = msg["meta"].get("question") or (
        messages[index - 1]["content"] if index else "")
    with st.chat_message("assistant"):
        _run(ctx, prompt, replace_message=msg["id"])
    st.rerun()

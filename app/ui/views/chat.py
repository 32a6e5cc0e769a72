"""Chat page: streamed answers with citations, grounding, regenerate and feedback.

A problem description typed here is assessed (app.conversation routes it); the assessment
is saved to the conversation and continues on the Assess page.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app.chat import Turn
from app.conversation import Reply, reply
from app.ui import widgets
from app.ui.state import Context, go_to


def _history(messages: list[dict[str, Any]]) -> list[Turn]:
    return [Turn(m["role"], m["content"]) for m in messages]


def _last_problem(ctx: Context, messages: list[dict[str, Any]]) -> str | None:
    for m in reversed(messages):
        if m["role"] == "assistant" and m["meta"].get("problem"):
            return m["meta"]["problem"]
    rec = ctx.store.latest_assessment(ctx.conversation_id) if ctx.conversation_id else None
    return rec["problem"] if rec else None


def _run(ctx: Context, prompt: str, messages: list[dict[str, Any]]) -> tuple[Reply, float]:
    """Run one turn, streaming tokens into a placeholder; returns the reply."""
    import time

    box = st.empty()
    shown: list[str] = []
    first: list[float] = []
    start = time.perf_counter()

    def on_token(token: str) -> None:
        if not first:
            first.append((time.perf_counter() - start) * 1000)
        shown.append(token)
        box.markdown(widgets.safe_markdown("".join(shown)) + " ▌")

    with st.spinner(ctx.t("thinking")):
        result = reply(prompt, _history(messages), settings=ctx.settings, runtime=ctx.runtime,
                       on_token=on_token, last_problem=_last_problem(ctx, messages))
    box.markdown(widgets.safe_markdown(result.text))
    return result, first[0] if first else 0.0


def _meta(ctx: Context, prompt: str, result: Reply, first_token_ms: float) -> dict[str, Any]:
    """What is stored with an assistant message (and what feedback export needs)."""
    meta: dict[str, Any] = {
        "route": result.route, "mode": result.mode, "language": result.language,
        "question": prompt, "notices": list(result.notices),
        "citations": [{"id": c.id, "title": c.title} for c in result.citations],
        "first_token_ms": round(first_token_ms, 1),
    }
    if result.answer is not None:
        meta["grounding"] = result.answer.grounding
        meta["card_ids"] = list(dict.fromkeys(p.card_id for p in result.answer.passages))
    else:
        meta["grounding"] = "cards" if result.citations else "none"
        meta["card_ids"] = [c.id for c in result.citations]
    if result.problem:
        meta["problem"] = result.problem
    cid = ctx.conversation_id
    if result.assessment is not None and cid:
        meta["verdict"] = result.assessment.verdict
        meta["assessment_id"] = ctx.store.save_assessment(
            cid, result.problem or prompt, {}, result.assessment.model_dump())
    if result.proposal is not None and cid:
        p = result.proposal
        meta["proposal_id"] = ctx.store.save_proposal(cid, p.markdown, {
            "language": p.language, "mode": p.mode, "verdict": p.verdict,
            "cited_cards": list(p.cited_cards)})
    return meta


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
        _send(ctx, prompt, messages)


def _send(ctx: Context, prompt: str, messages: list[dict[str, Any]]) -> None:
    from app.text import clean_input, detect_language

    cleaned = clean_input(prompt)
    if not cleaned.text:
        st.warning(ctx.t("chat_intro"))
        return
    cid = ctx.ensure_conversation(cleaned.text)
    with st.chat_message("user"):
        widgets.show_text(cleaned.text)
    ctx.store.add_message(cid, "user", cleaned.text)
    with st.chat_message("assistant"):
        result, first_ms = _run(ctx, cleaned.text, messages)
    meta = _meta(ctx, cleaned.text, result, first_ms)
    # The truncation notice belongs to the original input, which only this layer saw.
    truncated = cleaned.notices(detect_language(cleaned.text))
    meta["notices"] = truncated + [n for n in meta["notices"] if n not in truncated]
    ctx.store.add_message(cid, "assistant", result.text, meta)
    st.rerun()


def _regenerate(ctx: Context, messages: list[dict[str, Any]], index: int) -> None:
    msg = messages[index]
    prompt = msg["meta"].get("question") or (
        messages[index - 1]["content"] if index else "")
    with st.chat_message("assistant"):
        result, first_ms = _run(ctx, prompt, messages[: max(index - 1, 0)])
    ctx.store.update_message(msg["id"], result.text, _meta(ctx, prompt, result, first_ms))
    st.rerun()

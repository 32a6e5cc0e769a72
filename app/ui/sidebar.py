"""The sidebar: mode, language switch, page choice and this browser's conversations."""

from __future__ import annotations

import streamlit as st

from app.ui import widgets
from app.ui.i18n import LANGS
from app.ui.owner import write_cookie
from app.ui.state import PAGES, Context

TITLE_CHARS = 28


def ellipsis(title: str, limit: int = TITLE_CHARS) -> str:
    """`title` on one sidebar line: cut at `limit` characters with "…"."""
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _open(cid: str | None) -> None:
    if cid:
        st.query_params["c"] = cid
    elif "c" in st.query_params:
        del st.query_params["c"]


def render(ctx: Context) -> None:
    with st.sidebar:
        st.markdown("## mlscope")
        mode = widgets.mode_name(ctx, ctx.mode)
        st.badge(f"{ctx.t('mode')}: {mode}",
                 color="green" if ctx.mode == "offline" else "blue",
                 help=ctx.t("mode_offline_help") if ctx.mode == "offline" else None)
        if ctx.user_label is not None:
            st.caption(ctx.t("signed_in_as", name=ctx.user_label))
            st.button(ctx.t("sign_out"), key="sign-out", on_click=st.logout)
        st.radio(ctx.t("ui_language"), list(LANGS), key="lang", horizontal=True,
                 format_func=LANGS.get)
        st.radio(ctx.t("page"), PAGES, key="page", format_func=lambda p: ctx.t("page_" + p))
        st.divider()
        st.markdown(f"**{ctx.t('conversations')}**")
        st.button(ctx.t("new_conversation"), key="new-conv", on_click=_open, args=(None,),
                  icon="➕")
        convs = ctx.store.list_conversations()
        if not convs:
            st.caption(ctx.t("no_conversations"))
        for conv in convs:
            current = conv["id"] == ctx.conversation_id
            title = conv["title"] or ctx.t("untitled")
            # The current conversation is highlighted (primary), not disabled: a greyed-out
            # button reads as "unavailable". Long titles are cut with "…"; the tooltip has all.
            st.button(ellipsis(title), key=f"conv-{conv['id']}", help=title,
                      on_click=_open, args=(conv["id"],),
                      type="primary" if current else "secondary", width="stretch")
        if ctx.conversation_id and st.button(ctx.t("delete_conversation"), key="del-conv",
                                             icon="🗑️"):
            ctx.store.delete_conversation(ctx.conversation_id)
            _open(None)
            st.toast(ctx.t("deleted"))
            st.rerun()
        if ctx.owner_cookie:
            write_cookie(ctx.owner_cookie)

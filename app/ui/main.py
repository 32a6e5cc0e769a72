"""mlscope's Streamlit app (`mlscope ui`). Thin: it only calls the core and renders."""

from __future__ import annotations

import logging

import streamlit as st

st.set_page_config(page_title="mlscope", page_icon="🧭", layout="wide")

from app.ui import sidebar, widgets  # noqa: E402 (set_page_config must come first)
from app.ui.state import build_context, shown_errors  # noqa: E402
from app.ui.views import assess, chat, evaluation, knowledge, proposal  # noqa: E402

log = logging.getLogger("app.ui")
VIEWS = {"chat": chat, "assess": assess, "proposal": proposal, "knowledge": knowledge,
         "eval": evaluation}


def main() -> None:
    with shown_errors(st.session_state.get("lang", "en")):
        ctx = build_context()
        sidebar.render(ctx)
        mode = widgets.mode_name(ctx, ctx.mode)
        st.caption(f"{ctx.t('app_title')} · {ctx.t('mode')}: **{mode}**")
        for note in ctx.notes:
            st.warning(note)
        VIEWS[ctx.page].render(ctx)


main()

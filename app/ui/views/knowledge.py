"""Knowledge page: search and browse the cards in both languages; add your own documents."""

from __future__ import annotations

import streamlit as st

from app.documents import (
    ALLOWED_SUFFIXES,
    MAX_BYTES,
    add_document,
    decode_upload,
    list_documents,
    remove_document,
)
from app.errors import AppError
from app.search import search_knowledge
from app.ui import widgets
from app.ui.i18n import LANGS
from app.ui.state import Context

UPLOAD_CEILING_MB = 200  # transport ceiling only; the stated limit is MAX_BYTES (1 MB)


def render(ctx: Context) -> None:
    st.header(ctx.t("page_knowledge"))
    _search(ctx)
    _browse(ctx)
    _documents(ctx)


def _search(ctx: Context) -> None:
    query = st.text_input(ctx.t("search_cards"), key="kb-search", max_chars=500)
    if not query.strip():
        return
    with st.spinner(ctx.t("searching")):
        _, hits = search_knowledge(query, ctx.runtime)
    st.subheader(ctx.t("results"))
    if not hits:
        st.info(ctx.t("no_results"))
        return
    st.caption(ctx.t("rank_hint"))
    for rank, hit in enumerate(hits, 1):
        with st.expander(f"{rank}. {hit.title} [{hit.source_id}]"):
            widgets.show_text(hit.passage)


def _browse(ctx: Context) -> None:
    st.subheader(ctx.t("browse"))
    cards = ctx.runtime.knowledge.cards
    tags = sorted({tag for c in cards.values() for tag in c.tags})
    left, right = st.columns(2)
    tag = left.selectbox(ctx.t("filter_tag"), ["", *tags], key="kb-tag",
                         format_func=lambda x: x or ctx.t("all_tags"))
    lang = right.radio(ctx.t("card_lang"), list(LANGS), horizontal=True, key="kb-lang",
                       index=list(LANGS).index(ctx.lang), format_func=LANGS.get)
    shown = [c for c in cards.values() if not tag or tag in c.tags]
    st.caption(f"{len(shown)} / {len(cards)}")
    for card in sorted(shown, key=lambda c: c.title_in(lang)):
        with st.expander(f"{card.title_in(lang)} [{card.id}]"):
            st.caption(f"{ctx.t('tags')}: {', '.join(card.tags)} · "
                       f"{ctx.t('card_sources')}: {'; '.join(card.sources)}")
            widgets.show_text(card.body.get(lang, ""))


def _documents(ctx: Context) -> None:
    st.subheader(ctx.t("your_docs"))
    st.caption(ctx.t("upload_help"))
    # No `type=` filter: an unsupported file gets our clear message instead of a silent drop.
    # The server accepts far more than the 1 MB limit so that every oversized file gets the
    # same message from us; Streamlit's own "Limit …MB per file" hint is hidden (one limit).
    st.html("<style>[data-testid='stFileUploaderDropzoneInstructions'] div small"
            "{display:none}</style>")
    files = st.file_uploader(ctx.t("upload_label"), accept_multiple_files=True,
                             key="kb-upload", help=ctx.t("upload_help"),
                             max_upload_size=UPLOAD_CEILING_MB)
    if files and st.button(ctx.t("add_docs"), key="kb-add", type="primary"):
        for f in files:
            _add(ctx, f.name, f.getvalue())
    for doc in list_documents(ctx.runtime):
        name, size, button = st.columns([5, 2, 1])
        name.markdown(widgets.escape_md(doc.name))
        size.caption(f"{doc.chunks} {ctx.t('chunks')} · {ctx.t('chars_count', n=doc.chars)}")
        if button.button(ctx.t("remove"), key=f"rm-{doc.id}"):
            remove_document(ctx.runtime, doc.id)
            st.toast(ctx.t("removed_doc", name=doc.name))
            st.rerun()
    if not list_documents(ctx.runtime):
        st.caption(ctx.t("no_docs"))


def upload_problem(ctx: Context, name: str, data: bytes) -> str | None:
    """What is wrong with an uploaded file, in the UI language (None when it can be added)."""
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        return ctx.t("upload_bad_type", name=name)
    if len(data) > MAX_BYTES:
        return ctx.t("upload_too_big", name=name, size=len(data) / 1e6)
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ctx.t("upload_bad_encoding", name=name)
    return None


def _add(ctx: Context, name: str, data: bytes) -> None:
    problem = upload_problem(ctx, name, data)
    if problem:
        st.error(problem)
        return
    bar = st.progress(0.0, text=ctx.t("embedding", name=name))
    try:
        text = decode_upload(name, data)
        doc = add_document(ctx.runtime, name, text,
                           progress=lambda done, total: bar.progress(
                               done / max(total, 1), text=ctx.t("embedding", name=name)))
    except AppError as exc:
        bar.empty()
        st.error(str(exc))
        return
    bar.empty()
    st.success(ctx.t("added_doc", name=doc.name, chunks=doc.chunks))

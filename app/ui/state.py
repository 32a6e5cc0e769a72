"""Per-request context for the Streamlit pages: settings, the shared runtime, the store as
this session's owner sees it, the UI language and the conversation in the URL."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import streamlit as st

from app.backends import Backends, make_backends
from app.config import Settings, get_settings
from app.errors import AppError
from app.providers import chat_provider_name
from app.runtime import Runtime
from app.store import OwnerStore, Store, get_store
from app.ui.i18n import LANGS, t
from app.ui.owner import owner_cookie, resolve_owner, signed_in_label

log = logging.getLogger(__name__)

PAGES = ("chat", "assess", "proposal", "knowledge", "eval")
_CONVERSATION_ID = re.compile(r"^[0-9a-f]{32}$")


def _settings_key(settings: Settings) -> str:
    return "|".join(str(x) for x in (settings.home.resolve(), settings.chroma_url,
                                     settings.embeddings, settings.database_url,
                                     chat_provider_name(settings), settings.chat_model))


@st.cache_resource(show_spinner=False)
def _backends_for(key: str) -> Backends:
    backends = make_backends(get_settings())
    # Load the embedding model and BM25 in the background so the first answer is quick.
    threading.Thread(target=_warm, args=(backends.runtime,), daemon=True,
                     name="mlscope-warm").start()
    return backends


def _warm(rt: Runtime) -> None:
    try:
        rt.retriever().search("warm up", k=1)
    except Exception:  # the first real request reports the problem to the user
        log.warning("warming the retriever failed", exc_info=True)


@st.cache_resource(show_spinner=False)
def _store_for(url: str) -> Store:
    return get_store(get_settings())


@dataclass
class Context:
    settings: Settings
    backends: Backends
    store: OwnerStore  # every call is checked against this session's owner
    lang: str
    owner: str
    conversation_id: str | None
    page: str
    mode: str
    notes: list[str] = field(default_factory=list)
    user_label: str | None = None  # the signed-in user's name, when sign-in is configured
    owner_cookie: str | None = None  # the per-browser token the sidebar writes to the cookie

    @property
    def runtime(self) -> Runtime:
        return self.backends.runtime

    def t(self, key: str, **fmt: object) -> str:
        return t(key, self.lang, **fmt)

    def ensure_conversation(self, title: str) -> str:
        """The current conversation, created (and put in the URL) on first use."""
        if self.conversation_id is None:
            self.conversation_id = self.store.create_conversation(title[:80])
            st.query_params["c"] = self.conversation_id
        return self.conversation_id


def build_context() -> Context:
    """The context for this run. Stops the run after drawing the sign-in page, if that is
    all a visitor who is not signed in may see."""
    settings = get_settings()
    store = _store_for(settings.database_url)
    qp = st.query_params
    state = st.session_state
    if "lang" not in state:
        state["lang"] = qp.get("l") if qp.get("l") in LANGS else "en"
    if "page" not in state:
        state["page"] = qp.get("p") if qp.get("p") in PAGES else "chat"
    if qp.get("l") != state["lang"]:
        qp["l"] = state["lang"]
    if qp.get("p") != state["page"]:
        qp["p"] = state["page"]
    owner = resolve_owner(state["lang"], store)
    if owner is None:
        st.stop()
    backends = _backends_for(_settings_key(settings))
    ctx = Context(settings=settings, backends=backends, store=store.for_owner(owner),
                  lang=state["lang"], owner=owner, conversation_id=None, page=state["page"],
                  mode=backends.label, user_label=signed_in_label(owner),
                  owner_cookie=owner_cookie())
    cid = qp.get("c")
    if cid:
        # Someone else's conversation reads exactly like one that does not exist.
        if _CONVERSATION_ID.match(cid) and ctx.store.get_conversation(cid):
            ctx.conversation_id = cid
        else:
            del qp["c"]
            ctx.notes.append(ctx.t("not_found"))
    return ctx


def go_to(page: str) -> None:
    """Button callback: switch page (runs before the page radio is drawn)."""
    st.session_state["page"] = page


@contextmanager
def shown_errors(lang: str) -> Iterator[None]:
    """AppError → its message; anything else → logged, and a generic message. No traceback."""
    try:
        yield
    except AppError as exc:
        st.error(str(exc))
    except Exception:
        log.exception("unexpected error in the UI")
        st.error(t("unexpected", lang))

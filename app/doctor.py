"""`mlscope doctor`: check the chat and embedding endpoints, the index and the database, and
say how to fix what does not work. Never prints the API key.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.config import Settings
from app.errors import AppError
from app.providers import chat_provider, embedding_model_id, make_embeddings, redact

log = logging.getLogger(__name__)
PROBE_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def as_dict(self) -> dict:
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


def check_chat(settings: Settings) -> Check:
    try:
        provider = chat_provider(settings)
    except AppError as exc:
        return Check("chat", False, str(exc))
    if provider is None:
        return Check("chat", True, "offline mode (no OPENAI_API_KEY or OPENAI_BASE_URL): "
                                   "answers come from the knowledge cards.")
    where = provider.endpoint(settings)
    probe = settings.model_copy(update={"llm_max_retries": 0})  # the probe does not retry
    try:
        models = provider.list_models(probe, timeout=min(PROBE_TIMEOUT_S,
                                                         settings.llm_timeout_s))
    except Exception as exc:
        return Check("chat", False, provider.describe_error(exc, probe))
    if models and settings.chat_model not in models:
        shown = ", ".join(models[:5]) + (" …" if len(models) > 5 else "")
        # Single-model local servers (llama.cpp) answer under any name; say so, do not fail.
        if len(models) == 1:
            return Check("chat", True, f"{where} serves one model ({shown}); "
                                       f"MLSCOPE_CHAT_MODEL={settings.chat_model!r} maps to it.")
        return Check("chat", False, f"{where} does not serve MLSCOPE_CHAT_MODEL="
                                    f"{settings.chat_model!r}; it serves: {shown}. "
                                    "Set MLSCOPE_CHAT_MODEL to one of them.")
    return Check("chat", True, f"{where} is up and serves {settings.chat_model!r}.")


def check_embeddings(settings: Settings) -> Check:
    try:
        model_id = embedding_model_id(settings)
        vector = make_embeddings(settings).embed_query("mlscope doctor")
    except Exception as exc:
        provider = chat_provider(settings) if settings.embeddings == "openai" else None
        detail = provider.describe_error(exc, settings) if provider else f"{exc}"
        return Check("embeddings", False, redact(f"{settings.embeddings}: {detail} "
                                                 "Or set MLSCOPE_EMBEDDINGS=e5-local.",
                                                 settings))
    return Check("embeddings", True, f"{model_id} works ({len(vector)} dimensions).")


def check_index(settings: Settings) -> Check:
    from app.runtime import get_runtime

    try:
        rt = get_runtime(settings)
        index = rt.card_index()
        coll = index.collection(create=False)
        if coll is None or index.count() == 0:
            return Check("index", False, f"no index for {rt.model_id} under {settings.home}: "
                                         "run `mlscope index`.")
        expected = len(rt.entries())  # chunks plus card summary/question vectors
        meta = coll.metadata or {}
        if meta.get("embedding_model") != rt.model_id:
            return Check("index", False, f"index was built with {meta.get('embedding_model')}, "
                                         f"not {rt.model_id}: run `mlscope index --rebuild`.")
        count = index.count()
        if count != expected:
            return Check("index", False, f"index holds {count} entries, the knowledge has "
                                         f"{expected}: run `mlscope index`.")
    except Exception as exc:
        return Check("index", False, redact(f"cannot open the index ({exc}): run "
                                            "`mlscope index --rebuild`.", settings))
    return Check("index", True, f"{count} entries, embedding model {rt.model_id}.")


def check_database(settings: Settings) -> Check:
    """Reachable, and at which schema revision; a check does not migrate. The store's own
    parsing and error wording (store_db), so doctor and the app describe a failure alike."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from app import store_db

    url_text = settings.database_url
    shown = store_db.redact_url(url_text)
    try:
        engine = store_db.make_engine(store_db.parse_url(url_text))
    except AppError as exc:
        return Check("database", False, str(exc))
    except (SQLAlchemyError, ImportError) as exc:
        return Check("database", False, store_db.describe_error(exc, url_text))
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        revision = store_db.current_revision(engine)
    except (SQLAlchemyError, ImportError, OSError) as exc:
        return Check("database", False, store_db.describe_error(exc, url_text))
    finally:
        engine.dispose()
    schema = (f"schema at migration {revision}" if revision
              else "no schema yet (created on first start)")
    return Check("database", True, f"{shown} is reachable, {schema}.")


def run_checks(settings: Settings) -> list[Check]:
    return [check_chat(settings), check_embeddings(settings), check_index(settings),
            check_database(settings)]

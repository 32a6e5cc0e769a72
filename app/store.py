"""Conversations, messages, assessments, proposals and feedback, each visible only to its owner.

SQLite under `settings.home` by default; PostgreSQL (or any SQLAlchemy URL) through
`MLSCOPE_DB_URL`, for several UI replicas. The schema is migrated on open (`app.store_db`).

An *owner* is an opaque string: `browser_owner(token)` for a random per-browser token,
`oidc_owner(issuer, subject)` for a signed-in user. Every method that reads or writes a
conversation or anything in it takes the owner and checks it: another owner's conversation
reads as missing and a write to it raises `NotFoundError`, exactly as for an id that never
existed. `Store.for_owner(owner)` gives a view with the owner bound, which the UI holds.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.errors import AppError, ConfigError
from app.store_db import describe_error, open_engine, redact_url
from app.store_schema import (
    AssessmentRecord,
    Base,
    Conversation,
    Feedback,
    Message,
    ProposalRecord,
    new_id,
    now,
)

log = logging.getLogger(__name__)

FEEDBACK_REASONS = ("wrong_verdict", "wrong_evidence", "missing_point", "other")
_CHILDREN = (Feedback, ProposalRecord, AssessmentRecord, Message)


class NotFoundError(AppError):
    """The conversation (or a record in it) does not exist for this owner."""

    def __init__(self) -> None:
        super().__init__("That conversation does not exist (it may have been deleted).")


class StoreError(ConfigError):
    """The database failed while in use (server gone, disk full ...); the message is redacted."""

    def __init__(self, message: str, *, conflict: bool = False) -> None:
        super().__init__(message)
        self.conflict = conflict  # a unique index refused the write (a concurrent insert)


def _digest(value: str) -> str:
    raw = hashlib.sha256(value.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def browser_owner(token: str) -> str:
    """The owner for a per-browser token. Only the digest is stored, never the token."""
    return "browser:" + _digest(token)


def oidc_owner(issuer: str, subject: str) -> str:
    """The owner for a signed-in user: stable per identity provider and subject."""
    return "oidc:" + _digest(f"{issuer}\n{subject}")


def _as_dict(row: Base) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


class Store:
    """A small repository over one database; every method opens its own short session."""

    def __init__(self, url: str, **pool: Any) -> None:
        self._url = url  # as configured: what messages name, redacted
        self.engine, _ = open_engine(url, **pool)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def shown_url(self) -> str:
        """The database URL with its password hidden."""
        return redact_url(self._url)

    def __repr__(self) -> str:
        return f"Store({self.shown_url!r})"

    def for_owner(self, owner: str) -> OwnerStore:
        return OwnerStore(self, owner)

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _session(self, write: bool = False) -> Iterator[Session]:
        """A session (in a transaction when `write`); database errors become one line."""
        try:
            with self._sessions() as s:
                if write:
                    with s.begin():
                        yield s
                else:
                    yield s
        except SQLAlchemyError as exc:
            message = describe_error(exc, self._url)
            log.warning("database error: %s", message)
            raise StoreError(message, conflict=isinstance(exc, IntegrityError)) from None

    @staticmethod
    def _owned(s: Session, owner: str, conversation_id: str | None) -> Conversation | None:
        if not owner or not conversation_id:
            return None
        return s.scalars(select(Conversation).where(Conversation.id == conversation_id,
                                                    Conversation.owner == owner)).first()

    def _require(self, s: Session, owner: str, conversation_id: str) -> Conversation:
        conv = self._owned(s, owner, conversation_id)
        if conv is None:
            raise NotFoundError()
        return conv

    def _child(self, s: Session, model: type[Base], owner: str, conversation_id: str,
               record_id: int) -> Any:
        """Record `record_id` of `model`, if it is in this owner's conversation."""
        return s.scalars(select(model).join(Conversation)
                         .where(model.id == record_id, model.conversation_id == conversation_id,
                                Conversation.owner == owner)).first()

    # -- conversations ---------------------------------------------------------------------
    def create_conversation(self, owner: str, title: str = "") -> str:
        if not owner:
            raise ValueError("a conversation needs an owner")
        with self._session(write=True) as s:
            conv = Conversation(id=new_id(), owner=owner, title=title[:200])
            s.add(conv)
            return conv.id

    def get_conversation(self, owner: str, conversation_id: str) -> dict[str, Any] | None:
        with self._session() as s:
            row = self._owned(s, owner, conversation_id)
            return _as_dict(row) if row else None

    def list_conversations(self, owner: str, limit: int = 50) -> list[dict[str, Any]]:
        if not owner:
            return []
        with self._session() as s:
            rows = s.scalars(select(Conversation).where(Conversation.owner == owner)
                             .order_by(Conversation.updated_at.desc()).limit(limit))
            return [_as_dict(r) for r in rows]

    def rename_conversation(self, owner: str, conversation_id: str, title: str) -> None:
        with self._session(write=True) as s:
            self._require(s, owner, conversation_id).title = title[:200]

    def adopt_legacy_owner(self, owner: str, legacy_token: str) -> int:
        """Move the conversations of a 0.1 per-browser token (it was in the URL, `?u=`) to
        `owner`, once: the old token opens nothing afterwards, so a link carrying one can
        never make a browser share its conversations with whoever sent the link."""
        legacy = browser_owner(legacy_token)
        if not owner or owner == legacy:
            return 0
        with self._session(write=True) as s:
            rows = s.scalars(select(Conversation).where(Conversation.owner == legacy)).all()
            for row in rows:
                row.owner = owner
            return len(rows)

    def delete_conversation(self, owner: str, conversation_id: str) -> None:
        with self._session(write=True) as s:
            self._require(s, owner, conversation_id)
            for model in _CHILDREN:
                s.execute(delete(model).where(model.conversation_id == conversation_id))
            s.execute(delete(Conversation).where(Conversation.id == conversation_id,
                                                 Conversation.owner == owner))

    # -- messages --------------------------------------------------------------------------
    def add_message(self, owner: str, conversation_id: str, role: str, content: str,
                    meta: dict[str, Any] | None = None) -> int:
        with self._session(write=True) as s:
            conv = self._require(s, owner, conversation_id)
            msg = Message(conversation_id=conversation_id, role=role, content=content,
                          meta=meta or {})
            s.add(msg)
            conv.updated_at = now()
            s.flush()
            return msg.id

    def update_message(self, owner: str, message_id: int, content: str,
                       meta: dict[str, Any]) -> None:
        if not owner:
            raise NotFoundError()
        with self._session(write=True) as s:
            row = s.scalars(select(Message).join(Conversation)
                            .where(Message.id == message_id, Conversation.owner == owner)).first()
            if row is None:
                raise NotFoundError()
            row.content, row.meta = content, meta

    def messages(self, owner: str, conversation_id: str) -> list[dict[str, Any]]:
        with self._session() as s:
            if self._owned(s, owner, conversation_id) is None:
                return []
            rows = s.scalars(select(Message).where(Message.conversation_id == conversation_id)
                             .order_by(Message.id))
            return [_as_dict(r) for r in rows]

    # -- assessments and proposals ---------------------------------------------------------
    def save_assessment(self, owner: str, conversation_id: str, problem: str,
                        answers: dict[str, str], result: dict[str, Any],
                        record_id: int | None = None) -> int:
        """Insert a new assessment, or replace `record_id` (re-scoring after an answer)."""
        with self._session(write=True) as s:
            conv = self._require(s, owner, conversation_id)
            if record_id is None:
                row = AssessmentRecord(conversation_id=conversation_id, problem=problem)
                s.add(row)
            else:
                row = self._child(s, AssessmentRecord, owner, conversation_id, record_id)
                if row is None:
                    raise NotFoundError()
            row.problem, row.answers, row.result = problem, dict(answers), result
            conv.updated_at = now()
            s.flush()
            return row.id

    def latest_assessment(self, owner: str, conversation_id: str) -> dict[str, Any] | None:
        return self._latest(AssessmentRecord, owner, conversation_id)

    def save_proposal(self, owner: str, conversation_id: str, markdown: str,
                      meta: dict[str, Any], record_id: int | None = None) -> int:
        with self._session(write=True) as s:
            conv = self._require(s, owner, conversation_id)
            if record_id is None:
                row = ProposalRecord(conversation_id=conversation_id, markdown=markdown)
                s.add(row)
            else:
                row = self._child(s, ProposalRecord, owner, conversation_id, record_id)
                if row is None:
                    raise NotFoundError()
            row.markdown, row.meta = markdown, meta
            conv.updated_at = now()
            s.flush()
            return row.id

    def latest_proposal(self, owner: str, conversation_id: str) -> dict[str, Any] | None:
        return self._latest(ProposalRecord, owner, conversation_id)

    def _latest(self, model: type[Base], owner: str, conversation_id: str
                ) -> dict[str, Any] | None:
        if not owner:
            return None
        with self._session() as s:
            row = s.scalars(select(model).join(Conversation)
                            .where(model.conversation_id == conversation_id,
                                   Conversation.owner == owner)
                            .order_by(model.id.desc()).limit(1)).first()
            return _as_dict(row) if row else None

    # -- feedback --------------------------------------------------------------------------
    def save_feedback(self, owner: str, conversation_id: str, target: str, *, kind: str,
                      rating: int, reason: str | None = None, comment: str = "",
                      question: str = "", answer: str = "", card_ids: list[str] | None = None,
                      mode: str = "", language: str = "en", verdict: str | None = None) -> int:
        """One feedback item per target: a second vote replaces the first."""
        if reason is not None and reason not in FEEDBACK_REASONS:
            reason = "other"
        values = dict(kind=kind, rating=rating, reason=reason, comment=comment,
                      question=question, answer=answer, card_ids=list(card_ids or []),
                      mode=mode, language=language, verdict=verdict)
        for attempt in (1, 2):
            try:
                return self._upsert_feedback(owner, conversation_id, target, values)
            except StoreError as exc:
                # Two replicas inserting the same target at once: the unique index refuses
                # the second insert; the retry finds the row and updates it.
                if attempt == 2 or not exc.conflict:
                    raise
        raise AssertionError("unreachable")

    def _upsert_feedback(self, owner: str, conversation_id: str, target: str,
                         values: dict[str, Any]) -> int:
        with self._session(write=True) as s:
            self._require(s, owner, conversation_id)
            row = s.scalars(select(Feedback).where(Feedback.conversation_id == conversation_id,
                                                   Feedback.target == target)).first()
            if row is None:
                row = Feedback(conversation_id=conversation_id, target=target)
                s.add(row)
            for key, value in values.items():
                setattr(row, key, value)
            s.flush()
            return row.id

    def feedback_for(self, owner: str, conversation_id: str) -> dict[str, dict[str, Any]]:
        with self._session() as s:
            if self._owned(s, owner, conversation_id) is None:
                return {}
            rows = s.scalars(select(Feedback).where(Feedback.conversation_id == conversation_id))
            return {r.target: _as_dict(r) for r in rows}

    def feedback(self, rating: int | None = None) -> list[dict[str, Any]]:
        """Every owner's feedback, for the operator's `mlscope feedback export` only: the
        rows carry no owner, and nothing in the UI calls this."""
        with self._session() as s:
            query = select(Feedback).order_by(Feedback.id)
            if rating is not None:
                query = query.where(Feedback.rating == rating)
            return [_as_dict(r) for r in s.scalars(query)]


class OwnerStore:
    """The store as one owner sees it: the same calls, with the owner bound and checked."""

    def __init__(self, store: Store, owner: str) -> None:
        if not owner:
            raise ValueError("an owner is required")
        self.store, self.owner = store, owner

    def create_conversation(self, title: str = "") -> str:
        return self.store.create_conversation(self.owner, title)

    def get_conversation(self, conversation_id: str) -> dict[str, Any] | None:
        return self.store.get_conversation(self.owner, conversation_id)

    def list_conversations(self, limit: int = 50) -> list[dict[str, Any]]:
        return self.store.list_conversations(self.owner, limit)

    def rename_conversation(self, conversation_id: str, title: str) -> None:
        self.store.rename_conversation(self.owner, conversation_id, title)

    def delete_conversation(self, conversation_id: str) -> None:
        self.store.delete_conversation(self.owner, conversation_id)

    def adopt_legacy_owner(self, legacy_token: str) -> int:
        return self.store.adopt_legacy_owner(self.owner, legacy_token)

    def add_message(self, conversation_id: str, role: str, content: str,
                    meta: dict[str, Any] | None = None) -> int:
        return self.store.add_message(self.owner, conversation_id, role, content, meta)

    def update_message(self, message_id: int, content: str, meta: dict[str, Any]) -> None:
        self.store.update_message(self.owner, message_id, content, meta)

    def messages(self, conversation_id: str) -> list[dict[str, Any]]:
        return self.store.messages(self.owner, conversation_id)

    def save_assessment(self, conversation_id: str, problem: str, answers: dict[str, str],
                        result: dict[str, Any], record_id: int | None = None) -> int:
        return self.store.save_assessment(self.owner, conversation_id, problem, answers,
                                          result, record_id)

    def latest_assessment(self, conversation_id: str) -> dict[str, Any] | None:
        return self.store.latest_assessment(self.owner, conversation_id)

    def save_proposal(self, conversation_id: str, markdown: str, meta: dict[str, Any],
                      record_id: int | None = None) -> int:
        return self.store.save_proposal(self.owner, conversation_id, markdown, meta, record_id)

    def latest_proposal(self, conversation_id: str) -> dict[str, Any] | None:
        return self.store.latest_proposal(self.owner, conversation_id)

    def save_feedback(self, conversation_id: str, target: str, **fields: Any) -> int:
        return self.store.save_feedback(self.owner, conversation_id, target, **fields)

    def feedback_for(self, conversation_id: str) -> dict[str, dict[str, Any]]:
        return self.store.feedback_for(self.owner, conversation_id)


_stores: dict[str, Store] = {}
_stores_lock = threading.Lock()


def get_store(settings: Settings) -> Store:
    """One store (and connection pool) per database URL in this process."""
    url = settings.database_url
    with _stores_lock:
        if url not in _stores:
            _stores[url] = Store(url)
        return _stores[url]

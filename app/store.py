"""Conversations, messages, assessments, proposals and feedback (SQLAlchemy 2.x).

SQLite under `settings.home` by default; any SQLAlchemy URL through `MLSCOPE_DB_URL`
(PostgreSQL for several UI replicas). A conversation belongs to an *owner*: an opaque
random token that identifies one browser, so two browsers never list each other's chats.
"""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    event,
    select,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from app.config import Settings
from app.errors import ConfigError

log = logging.getLogger(__name__)

FEEDBACK_REASONS = ("wrong_verdict", "wrong_evidence", "missing_point", "other")


def _now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    pass


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner: Mapped[str] = mapped_column(String(64), index=True, default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # "user" | "assistant"
    content: Mapped[str] = mapped_column(Text)
    # route, mode, language, grounding, citations, card_ids, notices, assessment_id ...
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AssessmentRecord(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    problem: Mapped[str] = mapped_column(Text)
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)  # Assessment.model_dump()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ProposalRecord(Base):
    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    markdown: Mapped[str] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(64))  # "message:<id>" | "assessment:<id>"
    kind: Mapped[str] = mapped_column(String(16))  # "answer" | "assessment" | "proposal"
    rating: Mapped[int] = mapped_column(Integer)  # +1 | -1
    reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    question: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    card_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    mode: Mapped[str] = mapped_column(String(80), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    verdict: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


def _as_dict(row: Base) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


def _sqlite_foreign_keys(dbapi_conn, _record) -> None:
    # Cascading deletes need foreign keys switched on in every SQLite connection.
    dbapi_conn.execute("PRAGMA foreign_keys=ON")


class Store:
    """A small repository over one database; every method opens its own short session."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            parsed = make_url(url)
        except Exception:
            raise ConfigError(f"MLSCOPE_DB_URL={url!r} is not a valid SQLAlchemy URL.") from None
        kwargs: dict[str, Any] = {}
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                from pathlib import Path

                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            # Streamlit serves each browser session on its own thread.
            kwargs["connect_args"] = {"check_same_thread": False}
        try:
            self.engine: Engine = create_engine(url, **kwargs)
            if parsed.get_backend_name() == "sqlite":
                event.listen(self.engine, "connect", _sqlite_foreign_keys)
            Base.metadata.create_all(self.engine)
        except (SQLAlchemyError, ImportError) as exc:
            raise ConfigError(
                f"Cannot open the database ({exc.__class__.__name__}). Check MLSCOPE_DB_URL "
                "or unset it to use SQLite under MLSCOPE_HOME."
            ) from None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Session:
        return self._sessions()

    # -- conversations ---------------------------------------------------------------------
    def create_conversation(self, owner: str, title: str = "") -> str:
        with self.session() as s, s.begin():
            conv = Conversation(id=new_id(), owner=owner, title=title[:200])
            s.add(conv)
            return conv.id

    def get_conversation(self, conversation_id: str) -> dict[str, Any] | None:
        with self.session() as s:
            row = s.get(Conversation, conversation_id)
            return _as_dict(row) if row else None

    def list_conversations(self, owner: str, limit: int = 50) -> list[dict[str, Any]]:
        with self.session() as s:
            rows = s.scalars(select(Conversation).where(Conversation.owner == owner)
                             .order_by(Conversation.updated_at.desc()).limit(limit))
            return [_as_dict(r) for r in rows]

    def rename_conversation(self, conversation_id: str, title: str) -> None:
        with self.session() as s, s.begin():
            row = s.get(Conversation, conversation_id)
            if row:
                row.title = title[:200]

    def delete_conversation(self, conversation_id: str) -> None:
        with self.session() as s, s.begin():
            for model in (Feedback, ProposalRecord, AssessmentRecord, Message):
                s.execute(delete(model).where(model.conversation_id == conversation_id))
            s.execute(delete(Conversation).where(Conversation.id == conversation_id))

    def _touch(self, s: Session, conversation_id: str) -> None:
        row = s.get(Conversation, conversation_id)
        if row:
            row.updated_at = _now()

    # -- messages --------------------------------------------------------------------------
    def add_message(self, conversation_id: str, role: str, content: str,
                    meta: dict[str, Any] | None = None) -> int:
        with self.session() as s, s.begin():
            msg = Message(conversation_id=conversation_id, role=role, content=content,
                          meta=meta or {})
            s.add(msg)
            self._touch(s, conversation_id)
            s.flush()
            return msg.id

    def update_message(self, message_id: int, content: str, meta: dict[str, Any]) -> None:
        with self.session() as s, s.begin():
            row = s.get(Message, message_id)
            if row:
                row.content, row.meta = content, meta

    def messages(self, conversation_id: str) -> list[dict[str, Any]]:
        with self.session() as s:
            rows = s.scalars(select(Message).where(Message.conversation_id == conversation_id)
                             .order_by(Message.id))
            return [_as_dict(r) for r in rows]

    # -- assessments and proposals ---------------------------------------------------------
    def save_assessment(self, conversation_id: str, problem: str, answers: dict[str, str],
                        result: dict[str, Any], record_id: int | None = None) -> int:
        """Insert a new assessment, or replace `record_id` (re-scoring after an answer)."""
        with self.session() as s, s.begin():
            row = s.get(AssessmentRecord, record_id) if record_id else None
            if row is None:
                row = AssessmentRecord(conversation_id=conversation_id, problem=problem)
                s.add(row)
            row.problem, row.answers, row.result = problem, dict(answers), result
            self._touch(s, conversation_id)
            s.flush()
            return row.id

    def latest_assessment(self, conversation_id: str) -> dict[str, Any] | None:
        with self.session() as s:
            row = s.scalars(select(AssessmentRecord)
                            .where(AssessmentRecord.conversation_id == conversation_id)
                            .order_by(AssessmentRecord.id.desc()).limit(1)).first()
            return _as_dict(row) if row else None

    def save_proposal(self, conversation_id: str, markdown: str, meta: dict[str, Any],
                      record_id: int | None = None) -> int:
        with self.session() as s, s.begin():
            row = s.get(ProposalRecord, record_id) if record_id else None
            if row is None:
                row = ProposalRecord(conversation_id=conversation_id, markdown=markdown)
                s.add(row)
            row.markdown, row.meta = markdown, meta
            self._touch(s, conversation_id)
            s.flush()
            return row.id

    def latest_proposal(self, conversation_id: str) -> dict[str, Any] | None:
        with self.session() as s:
            row = s.scalars(select(ProposalRecord)
                            .where(ProposalRecord.conversation_id == conversation_id)
                            .order_by(ProposalRecord.id.desc()).limit(1)).first()
            return _as_dict(row) if row else None

    # -- feedback --------------------------------------------------------------------------
    def save_feedback(self, conversation_id: str, target: str, *, kind: str, rating: int,
                      reason: str | None = None, comment: str = "", question: str = "",
                      answer: str = "", card_ids: list[str] | None = None, mode: str = "",
                      language: str = "en", verdict: str | None = None) -> int:
        """One feedback item per target: a second vote replaces the first."""
        if reason is not None and reason not in FEEDBACK_REASONS:
            reason = "other"
        with self.session() as s, s.begin():
            row = s.scalars(select(Feedback).where(Feedback.conversation_id == conversation_id,
                                                   Feedback.target == target)).first()
            if row is None:
                row = Feedback(conversation_id=conversation_id, target=target)
                s.add(row)
            row.kind, row.rating, row.reason, row.comment = kind, rating, reason, comment
            row.question, row.answer, row.card_ids = question, answer, list(card_ids or [])
            row.mode, row.language, row.verdict = mode, language, verdict
            s.flush()
            return row.id

    def feedback_for(self, conversation_id: str) -> dict[str, dict[str, Any]]:
        with self.session() as s:
            rows = s.scalars(select(Feedback).where(Feedback.conversation_id == conversation_id))
            return {r.target: _as_dict(r) for r in rows}

    def feedback(self, rating: int | None = None) -> list[dict[str, Any]]:
        with self.session() as s:
            query = select(Feedback).order_by(Feedback.id)
            if rating is not None:
                query = query.where(Feedback.rating == rating)
            return [_as_dict(r) for r in s.scalars(query)]


_stores: dict[str, Store] = {}
_stores_lock = threading.Lock()


def get_store(settings: Settings) -> Store:
    """One store (and connection pool) per database URL in this process."""
    url = settings.database_url
    with _stores_lock:
        if url not in _stores:
            _stores[url] = Store(url)
        return _stores[url]

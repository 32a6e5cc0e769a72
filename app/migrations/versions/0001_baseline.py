"""Baseline: the schema mlscope 0.1 created with `create_all`, before migrations existed.

A database made by 0.1 has exactly these tables and no `alembic_version`; it is stamped at
this revision on start and upgraded from here.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def _child(name: str, *columns: sa.Column) -> None:
    """A table that belongs to one conversation (deleted with it)."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(32),
                  sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False),
        *columns,
        sa.Column("created_at", _TS, nullable=False),
    )
    op.create_index(f"ix_{name}_conversation_id", name, ["conversation_id"])


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
    )
    op.create_index("ix_conversations_owner", "conversations", ["owner"])
    _child("assessments",
           sa.Column("problem", sa.Text(), nullable=False),
           sa.Column("answers", sa.JSON(), nullable=False),
           sa.Column("result", sa.JSON(), nullable=False))
    _child("feedback",
           sa.Column("target", sa.String(64), nullable=False),
           sa.Column("kind", sa.String(16), nullable=False),
           sa.Column("rating", sa.Integer(), nullable=False),
           sa.Column("reason", sa.String(32), nullable=True),
           sa.Column("comment", sa.Text(), nullable=False),
           sa.Column("question", sa.Text(), nullable=False),
           sa.Column("answer", sa.Text(), nullable=False),
           sa.Column("card_ids", sa.JSON(), nullable=False),
           sa.Column("mode", sa.String(80), nullable=False),
           sa.Column("language", sa.String(8), nullable=False),
           sa.Column("verdict", sa.String(16), nullable=True))
    _child("messages",
           sa.Column("role", sa.String(16), nullable=False),
           sa.Column("content", sa.Text(), nullable=False),
           sa.Column("meta", sa.JSON(), nullable=False))
    _child("proposals",
           sa.Column("markdown", sa.Text(), nullable=False),
           sa.Column("meta", sa.JSON(), nullable=False))


def downgrade() -> None:
    for name in ("proposals", "messages", "feedback", "assessments", "conversations"):
        op.drop_table(name)

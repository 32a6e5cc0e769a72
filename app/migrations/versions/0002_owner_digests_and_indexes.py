"""Owners stored as digests; conversations listed by (owner, updated_at); one vote per target.

- `conversations.owner` held the raw per-browser token from the URL (`?u=`), a bearer
  secret. It now holds "browser:" + base64url(sha256(token)), as `app.store.browser_owner`
  computes it, so a copy of the database gives nobody a way into a browser's conversations.
- The owner index becomes (owner, updated_at): the sidebar's query, newest first.
- Duplicate feedback rows for one target (a race between two replicas) are reduced to the
  newest, and a unique index keeps it so.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import base64
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _digest(token: str) -> str:
    # Kept here, not imported: a migration must not change when app code does.
    raw = hashlib.sha256(token.encode("utf-8")).digest()
    return "browser:" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def upgrade() -> None:
    conn = op.get_bind()
    conversations = sa.table("conversations", sa.column("owner", sa.String))
    owners = conn.execute(sa.select(conversations.c.owner).distinct()).scalars().all()
    for owner in owners:
        if owner and not owner.startswith(("browser:", "oidc:")):
            conn.execute(conversations.update().where(conversations.c.owner == owner)
                         .values(owner=_digest(owner)))
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_owner")
        batch.create_index("ix_conversations_owner_updated", ["owner", "updated_at"])

    feedback = sa.table("feedback", sa.column("id", sa.Integer),
                        sa.column("conversation_id", sa.String), sa.column("target", sa.String))
    newest = (sa.select(sa.func.max(feedback.c.id))
              .group_by(feedback.c.conversation_id, feedback.c.target))
    conn.execute(feedback.delete().where(feedback.c.id.not_in(newest)))
    with op.batch_alter_table("feedback") as batch:
        batch.create_index("uq_feedback_target", ["conversation_id", "target"], unique=True)


def downgrade() -> None:
    # Owners stay digests: the raw tokens are not recoverable (that is the point).
    with op.batch_alter_table("feedback") as batch:
        batch.drop_index("uq_feedback_target")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_index("ix_conversations_owner_updated")
        batch.create_index("ix_conversations_owner", ["owner"])

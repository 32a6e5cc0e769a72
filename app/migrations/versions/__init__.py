"""Alembic revisions, oldest first: 0001 is the schema mlscope 0.1 made without Alembic."""

"""Alembic migrations for the store, shipped inside the package and applied on start
(`app.store_db.migrate`). New revision: `alembic -c app/migrations/alembic.ini revision -m ...`."""

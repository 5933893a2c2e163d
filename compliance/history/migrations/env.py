"""Alembic environment: run programmatically by compliance.history.store.migrate, which
passes an open connection (already holding the migration lock) in config.attributes."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()

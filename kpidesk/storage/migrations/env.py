"""Alembic environment: kpidesk passes the connection in; SQLite needs batch mode to alter tables."""

from alembic import context

from kpidesk.storage import audit, review_records  # noqa: F401  (register every table)
from kpidesk.storage.records import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()

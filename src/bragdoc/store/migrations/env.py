"""Alembic environment: always called in-process by bragdoc.store.database with a live
connection; there is no alembic.ini and no online/offline distinction."""

from alembic import context

from bragdoc.store.tables import managed_by_models, metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
    include_object=managed_by_models,
)
with context.begin_transaction():
    context.run_migrations()

"""Alembic environment: always run from `forms.schema` on a connection the store hands in."""

from alembic import context

from forms.records import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table instead
    transaction_per_migration=True,  # each step commits on its own, so a failure leaves a known revision
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

"""search documents for the PostgreSQL backend; its text search configuration

The tables exist on every database (the models declare them); on SQLite they
stay unused. On PostgreSQL: the unaccent and pg_trgm extensions, and the
`french_unaccent` configuration (unaccent, then the French Snowball
stemmer) that the backend's tsvectors and queries use.

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS unaccent')
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        op.execute('CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french)')
        op.execute('ALTER TEXT SEARCH CONFIGURATION french_unaccent ALTER MAPPING FOR '
                   'hword, hword_part, word WITH unaccent, french_stem')
    op.create_table('search_document',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('object_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('digest', sa.String(length=16), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('vector', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql'), nullable=True),
    sa.Column('facets', sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), 'postgresql'), nullable=True),
    sa.Column('date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('kind', 'object_id', name=op.f('pk_search_document'))
    )
    op.create_index('ix_search_document_vector', 'search_document', ['vector'], unique=False, postgresql_using='gin')
    op.create_index('ix_search_document_facets', 'search_document', ['facets'], unique=False, postgresql_using='gin')
    op.create_table('search_word',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('word', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'word', name=op.f('pk_search_word'))
    )
    op.create_index('ix_search_word_trigram', 'search_word', ['word'], unique=False, postgresql_using='gin', postgresql_ops={'word': 'gin_trgm_ops'})


def downgrade():
    op.drop_index('ix_search_word_trigram', table_name='search_word')
    op.drop_table('search_word')
    op.drop_index('ix_search_document_facets', table_name='search_document')
    op.drop_index('ix_search_document_vector', table_name='search_document')
    op.drop_table('search_document')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent')

"""Saved searches and their daily digest of new results (`flask --app wsgi alerts`)."""

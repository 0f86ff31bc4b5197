"""Rows of the replacement pool for tests: each part adds its own helpers in its own block."""

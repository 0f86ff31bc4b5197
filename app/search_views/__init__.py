"""The /search page: every kind of document the user may see, with one engine.

Not named `search`, so that it never shadows app/search/ (the engine).
"""

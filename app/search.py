"""Full-text search. The only module of the application that imports whoosh.

The foundation only needs to know whether the index folder is usable; the
schema, indexing and queries come with the search feature.
"""
import os
from pathlib import Path

from whoosh import index


def health(path):
    """'ok', or a short description of what is wrong with the index at `path`."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK):
            return "index folder not writable"
        if index.exists_in(folder):
            index.open_dir(folder).doc_count()
    except Exception as error:  # any failure is reported, never raised
        return f"{type(error).__name__}: {error}"
    return "ok"

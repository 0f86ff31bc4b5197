"""Damage to a whoosh index: health() quickly for /healthz, damage() read whole
for `search check`.

Each commit notes the size of its segments' files in the table of contents
(whoosh_writer._NotingSizes): a truncated or missing file shows without
reading it.
"""
import os
from pathlib import Path

import numpy as np
from whoosh import index
from whoosh.fields import SpellField
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from app.search.whoosh_postings import segment_postings
from app.search.whoosh_store import folder_of, segment_names


def health(path):
    """'ok', or a short description of what is wrong with the index folder.

    Quick (what /healthz asks): each kind's table of contents is read, its
    segments' files are compared with the sizes noted when they were written
    and every segment is opened; no file is read whole (see damage()).
    """
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK):
            return "index folder not writable"
        problems = [_quick_problem(child) for child in sorted(folder.iterdir()) if child.is_dir()]
    except Exception as error:  # any failure is reported, never raised
        return f"{type(error).__name__}: {error}"
    return "; ".join(problem for problem in problems if problem) or "ok"


def _quick_problem(folder):
    """None, or what health() finds wrong with one kind's index."""
    return _settled(folder, _files_problem)


def damage(root, kind):
    """What is wrong with the index of `kind`, read whole; None when nothing is.

    Every segment's files are read: stored fields, every term's postings,
    lengths and columns (`search check`; seconds at 100,000 documents).
    """
    return _settled(folder_of(root, kind), _read_problem)


def _settled(folder, look, tries=3):
    """look(index) → problem, asked again when a commit moved the index meanwhile
    (a merge deletes the files of the segments it replaced)."""
    if not folder.is_dir():
        return None  # created empty on first use
    for _ in range(tries):
        generation = _generation(folder)
        if generation < 0:
            return f"{folder.name}: table of contents missing" if segment_names(folder) else None
        try:
            problem = look(index.open_dir(folder))
        except Exception as error:  # what whoosh meets in a damaged file
            problem = f"{type(error).__name__}: {error}"
        if problem is None or _generation(folder) == generation:
            return problem and f"{folder.name}: {problem}"
    return f"{folder.name}: {problem}"


def _generation(folder):
    """The generation of the index's latest table of contents, -1 without one."""
    return TOC._latest_generation(FileStorage(folder), index._DEF_INDEX_NAME)


def _files_problem(ix):
    present = {name: ix.storage.file_length(name) for name in ix.storage}
    for segment in ix._segments():
        for name, size in (getattr(segment, "file_sizes", None) or {}).items():
            if name not in present:
                return f"{name} missing"
            if present[name] != size:
                return f"{name}: {present[name]} bytes instead of {size}"
    with ix.reader() as reader:  # opens every segment's files
        reader.doc_count_all()
    return None


def _read_problem(ix):
    problem = _files_problem(ix)
    if problem:
        return problem
    with ix.reader() as reader:
        for leaf, _base in reader.leaf_readers():
            problem = _segment_problem(leaf)
            if problem:
                return f"segment {leaf.segment().segment_id()}: {problem}"
    return None


def _segment_problem(leaf):
    size = leaf.doc_count_all()
    for docnum in range(size):
        leaf.stored_fields(docnum)
    for fieldname, text in leaf.all_terms():
        ids = segment_postings(leaf, fieldname, text)[0]
        if isinstance(leaf.schema[fieldname], SpellField):
            continue  # its postings hold word counts, not documents
        if len(ids) != leaf.doc_frequency(fieldname, text) or (
                len(ids) and (ids[0] < 0 or ids[-1] >= size or np.any(np.diff(ids) <= 0))):
            return f"postings of {fieldname}:{text!r} do not fit the segment"
    for name, spec in leaf.schema.items():
        if spec.scorable:
            for docnum in range(size):
                leaf.doc_field_length(docnum, name)
        if spec.column_type is not None and leaf.has_column(name):
            # A fixed-size column may end before the last documents (they have
            # no value), so only the sizes noted by health() see it truncated.
            if len(list(leaf.column_reader(name, translate=False))) != size:
                return f"column {name} does not fit the segment"
    return None

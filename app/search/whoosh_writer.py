"""Writing a whoosh index: saves under the write lock, rebuilds, merges.

whoosh allows one writer per index across processes: writers wait for the
lock (WRITE_TIMEOUT) and raise IndexBusy past it.
"""
from multiprocessing import Queue

from whoosh import index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.index import LockError, clean_files
from whoosh.multiproc import MpWriter
from whoosh.writing import SegmentWriter

from app.search.base import IndexBuildFailed, IndexBusy, digest
from app.search.whoosh_store import folder_of, open_index, schema

WRITE_TIMEOUT = 20.0
# Posting blocks of 1,024 postings, not compressed (whoosh: 128, zlib): queries
# decode a few large blocks, and a build compresses nothing. The index at
# 100,000 documents grows from 32 to 51 MB (FTS5's: 63 MB).
CODEC = W3Codec(blocklimit=1024, compression=0)
MAX_SEGMENTS = 8  # past this many segments a write merges the small ones


def _writer(root, kind, timeout=None, processes=1, **kwargs):
    ix = open_index(root, kind)
    options = {"timeout": WRITE_TIMEOUT if timeout is None else timeout, "delay": 0.05,
               "compound": False, "codec": CODEC, **kwargs}
    try:
        if processes > 1:
            return _ParallelWriter(ix, procs=processes, multisegment=True, **options)
        writer = _Writer(ix, **options)
    except LockError as error:
        raise IndexBusy(kind) from error
    for name, spec in schema().items():
        if name not in writer.schema:  # an index of an earlier version: its saves go on
            writer.add_field(name, spec)
    return writer


def _drop_unlisted(writer):
    """Delete the segment files the index's table of contents does not list.

    whoosh creates a writer's segment files when the writer opens and deletes
    unlisted ones only on commit: each cancelled write (most saves change
    nothing indexed) left three. Called with the write lock still held, when
    no other writer can have files under way.
    """
    clean_files(writer.storage, writer.indexname, writer.generation - 1, writer.segments)


def _cancel(writer):
    """SegmentWriter.cancel(), then the files it leaves deleted before the lock goes."""
    writer._check_state()
    writer._close_segment()
    _drop_unlisted(writer)
    writer._finish()  # releases the lock


class _NotingSizes:
    """A writer that notes the size of each segment's files in the table of contents.

    A segment's files never change once written (its deletions are kept in
    the table of contents): health() then sees a truncated or missing file
    without reading it.
    """

    def _commit_toc(self, segments):
        names = list(self.storage)
        for segment in segments:
            if getattr(segment, "file_sizes", None) is None:
                prefix = segment.segment_id() + "."
                segment.file_sizes = {name: self.storage.file_length(name)
                                      for name in names if name.startswith(prefix)}
        super()._commit_toc(segments)


class _Writer(_NotingSizes, SegmentWriter):
    """whoosh's writer, whose cancel() leaves no file behind."""

    cancel = _cancel


class _ParallelWriter(_NotingSizes, MpWriter):
    """whoosh's MpWriter (each sub-process writes a segment of its own), made
    to fail loudly: as shipped, it commits without the documents of a
    sub-process that died, and its cancel() leaves the others waiting for work.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.jobqueue = Queue()  # unbounded: a put never waits for a dead sub-process

    def _commit_toc(self, segments):
        if any(task.exitcode for task in self.tasks):
            _drop_unlisted(self)  # the sub-processes' segments
            self._finish()  # the lock released, the index as it was before
            raise IndexBuildFailed("an indexing sub-process failed")
        super()._commit_toc(segments)

    def cancel(self):
        for task in self.tasks:
            task.terminate()
            task.join()
        _cancel(self)  # MpWriter's own calls SegmentWriter's, which leaves files


def apply(root, kind, documents, timeout=None):
    """Write {id: document or None}: None deletes the entry of that id.

    `timeout`: how long to wait for the write lock (WRITE_TIMEOUT by default);
    the drain after a user's save waits briefly and leaves its rows pending.
    """
    apply_fresh(root, kind, lambda: documents, timeout)


def apply_fresh(root, kind, read, timeout=None):
    """apply() the documents that `read()` returns, called once the write lock is held.

    The drain reads the database there: two processes then write in the order
    they read, and an older state never overwrites a newer one.
    """
    writer = _writer(root, kind, timeout)
    try:
        changes = _changed(writer, read())
        for object_id, document in changes.items():
            if document is None:
                writer.delete_by_term("id", str(object_id))
            else:
                writer.update_document(**_fields(object_id, document))
    except BaseException:
        writer.cancel()
        raise
    if changes:
        writer.commit(mergetype=_merge_smallest)
    else:
        writer.cancel()


def _changed(writer, documents):
    """The entries of `documents` that differ from what the index holds.

    Read under the write lock. Many saves change nothing indexed (a booking
    changes a session's seat count only): they then write no segment.
    """
    with writer.searcher() as reader:
        return {object_id: document for object_id, document in documents.items()
                if _held_digest(reader, object_id) != (
                    None if document is None else digest(document))}


def _held_digest(reader, object_id):
    stored = reader.document(id=str(object_id))
    return stored.get("digest") if stored else None


def _merge_smallest(writer, segments):
    """Merge policy of a save: nothing until MAX_SEGMENTS, then the smallest half.

    A save waits for this commit, so it never rewrites the large segments of
    a rebuild (whoosh's MERGE_SMALL let them pile up here, then merged
    unpredictably); sizes then grow geometrically and searches open few segments.
    """
    from whoosh.reading import SegmentReader
    if len(segments) < MAX_SEGMENTS:
        return segments
    ordered = sorted(segments, key=lambda segment: segment.doc_count_all())
    half = len(ordered) // 2
    for segment in ordered[:half]:
        with SegmentReader(writer.storage, writer.schema, segment) as reader:
            writer.add_reader(reader)
    return ordered[half:]


def _fields(object_id, document):
    fields = {name: value for name, value in document.items() if value not in (None, "")}
    return {**fields, "id": str(object_id), "digest": digest(document)}


def rebuild(root, kind, documents, processes=1):
    """Replace the whole index of `kind` with `documents` ((id, doc) pairs).

    With `processes` > 1, that many sub-processes index the documents, a
    segment each (`search rebuild` takes one per core): the bench's 100,000
    documents in 30-36 s instead of 75 s on 2 cores.
    """
    from whoosh.writing import CLEAR
    if processes > 1 and not _current_schema(root, kind):
        processes = 1  # sub-processes would index with the older schema
    writer = _writer(root, kind, limitmb=256, processes=processes)
    # An index made by an older version keeps its schema in its table of
    # contents; CLEAR drops every old segment, so the new schema can take over.
    writer.schema = schema()
    try:
        for object_id, document in documents:
            writer.add_document(**_fields(object_id, document))
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=CLEAR)


def _current_schema(root, kind):
    """Whether the index of `kind` was written with this version's schema."""
    open_index(root, kind)  # created on first use
    held = index.open_dir(folder_of(root, kind)).schema  # the cached index may predate a rebuild
    return _layout(held) == _layout(schema())


def _layout(fields):
    """What a schema's fields are made of: an index of an older version differs."""
    return [(name, type(kind).__name__, type(kind.format).__name__, kind.indexed,
             kind.separate_spelling(), type(kind.column_type).__name__)
            for name, kind in fields.items()]


def stored_digests(root, kind):
    """{id: digest} of every entry in the index of `kind`."""
    with open_index(root, kind).searcher() as reader:
        return {int(fields["id"]): fields.get("digest")
                for fields in reader.all_stored_fields()}

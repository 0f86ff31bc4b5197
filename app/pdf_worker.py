"""Read one untrusted PDF in a process of its own: `python -I pdf_worker.py PAGES BYTES SECONDS`.

The PDF comes on stdin; one JSON object goes to stdout, {"text": ...} or
{"refused": reason}. The process is bounded in pages, inflated content,
memory and CPU time, and imports nothing of the application (no database, no
lock), so a hostile file costs one short job that the parent kills when it
overruns. app/cv/files.py runs it and turns the reasons into French messages.
"""
import io
import json
import logging
import re
import resource
import sys

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import IndirectObject, NameObject

MAX_TEXT = 100_000
MEMORY = 512 * 1024 * 1024
# Names under which a PDF carries scripts, launches programs or hides files.
ACTIVE = {"/JS", "/JavaScript", "/AA", "/Launch", "/EmbeddedFile", "/EmbeddedFiles",
          "/RichMedia", "/XFA", "/SubmitForm", "/ImportData", "/GoToE", "/Sound", "/Movie"}
NAME = re.compile(rb"/[^\s()<>\[\]{}/%]*")
# Stream bodies are skipped by the byte scan: compressed data would match short names by
# chance (a photo would); the objects packed in streams are read by scan_objects.
STREAM = re.compile(rb"stream\r?\n.*?endstream", re.S)
HTML = re.compile(rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed)\b", re.I)
MAX_DEPTH = 50


class Refused(Exception):
    """The file is refused; args[0] is the reason the parent translates."""


def _limit(seconds):
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds + 1, seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # it writes no file


def _unescape(name):
    """A name as a viewer reads it: /J#61vaScript is /JavaScript."""
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), name)


def scan_bytes(data):
    """What the raw bytes show: anything around the header, active names outside streams."""
    if not data.startswith(b"%PDF-"):
        raise Refused("active" if b"%PDF-" in data[:1024] else "not_pdf")
    outside = STREAM.sub(b" ", data)
    if HTML.search(data[:1024]) or HTML.search(outside):
        raise Refused("active")
    if any(_unescape(match.group()).decode("latin-1") in ACTIVE
           for match in NAME.finditer(outside)):
        raise Refused("active")


def _opens_with_action(key, value):
    # Opening at a page is harmless (fpdf2 and office suites write it); any other action is not.
    if key != "/OpenAction":
        return False
    value = value.get_object()
    return isinstance(value, dict) and value.get("/S") != "/GoTo"


def _walk(obj, depth=0):
    """One object's direct dictionaries and arrays; references are walked on their own."""
    if depth > MAX_DEPTH:
        raise Refused("heavy")
    if isinstance(obj, dict):
        for key, value in dict.items(obj):
            if str(key) in ACTIVE or _opens_with_action(str(key), value):
                raise Refused("active")
            _walk(value, depth + 1)
    elif isinstance(obj, list):
        for item in obj:
            _walk(item, depth + 1)
    elif isinstance(obj, NameObject) and str(obj) in ACTIVE:
        raise Refused("active")  # a name as a value: /S /JavaScript


def scan_objects(reader):
    """Every object the file declares, those packed in compressed object streams too."""
    for generation, numbers in list(reader.xref.items()):
        for number in list(numbers):
            _walk(reader.get_object(IndirectObject(number, generation, reader)))
    for number in list(reader.xref_objStm):
        _walk(reader.get_object(IndirectObject(number, 0, reader)))


def count_pages(reader, limit):
    """Walk the page tree, refusing past `limit` pages (a page repeated counts each time)."""
    stack, pages, nodes = [reader.trailer["/Root"]["/Pages"]], 0, 0
    while stack:
        node = stack.pop().get_object()
        nodes += 1
        kids = node.get("/Kids") if isinstance(node, dict) else None
        if kids is None:
            pages += 1
        else:
            stack.extend(kids.get_object())
        if pages > limit or nodes > 2 * limit + 1:
            raise Refused("pages")
    if not pages:
        raise Refused("empty")


def read_text(reader, max_bytes):
    """The pages' text, refused once their content streams inflate past `max_bytes`."""
    texts, inflated = [], 0
    for page in reader.pages:
        contents = page.get_contents()
        inflated += len(contents.get_data()) if contents is not None else 0
        if inflated > max_bytes:
            raise Refused("heavy")
        texts.append(page.extract_text() or "")
    return "\n".join(texts)[:MAX_TEXT]


def check(data, max_pages, max_bytes):
    """The text of an acceptable PDF; Refused with a reason otherwise."""
    scan_bytes(data)
    limits = {name: max_bytes for name in (
        "maximum_declared_stream_length", "array_based_stream_maximum_output_length",
        "lzw_maximum_output_length", "run_length_maximum_output_length",
        "zlib_maximum_output_length", "brotli_maximum_output_length")}
    try:
        with apply_configuration(**limits):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise Refused("encrypted")
            count_pages(reader, max_pages)
            scan_objects(reader)
            return read_text(reader, max_bytes)
    except (LimitReachedError, MemoryError, RecursionError):
        raise Refused("heavy") from None


def main():
    max_pages, max_bytes, seconds = (int(value) for value in sys.argv[1:4])
    _limit(seconds)
    logging.disable(logging.CRITICAL)  # pypdf warns on every oddity: nobody reads them here
    data = sys.stdin.buffer.read()
    try:
        answer = {"text": check(data, max_pages, max_bytes)}
    except Refused as refusal:
        answer = {"refused": refusal.args[0]}
    except Exception:  # pypdf raises many kinds of errors on broken files
        answer = {"refused": "unreadable"}
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main()

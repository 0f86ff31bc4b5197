"""Hostile PDFs built byte by byte: each one small, each one a real attack on a reader."""
import zlib

PAGE = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>")
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 12 Tf 72 720 Td (Julie Lefevre, aide-soignante) Tj ET"


def _stream(data, compress=False):
    if compress:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + \
            b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def document(catalog=b"", kids=b"3 0 R", count=1, contents=None, page=PAGE, extra=(),
             header=b"%PDF-1.7\n"):
    """A one-page PDF (objects 1 catalog, 2 pages, 3 page, 4 contents, 5 font, then extra)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
               page, contents or _stream(TEXT), FONT, *extra]
    return assemble(objects, header)


def assemble(objects, header=b"%PDF-1.7\n"):
    """Objects numbered from 1 (the first is the catalog), with a correct cross-reference table."""
    out, offsets = bytearray(header), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, start)
    return bytes(out)


def repeated_page(times=60_000):
    """About 360 KB: a page tree naming one page `times` times."""
    return document(kids=b" ".join([b"3 0 R"] * times), count=times)


def inflating_stream(size=20 * 1024 * 1024):
    """About 60 KB: one content stream that inflates to `size` bytes of text operators."""
    line = b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n"
    return document(contents=_stream(line * (size // len(line)), compress=True))


def packed(catalog):
    """The catalog hidden in a compressed object stream, found through a cross-reference stream."""
    body = b"1 0 " + b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>"
    objstm = _stream(body, compress=True).replace(
        b"<< ", b"<< /Type /ObjStm /N 1 /First 4 ", 1)
    objects = [b"", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE, _stream(TEXT), FONT,
               objstm]
    out, offsets = bytearray(b"%PDF-1.7\n"), {}
    for number, body in enumerate(objects, 1):
        if number > 1:
            offsets[number] = len(out)
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    rows = [b"\x00" + b"\x00" * 4 + b"\xff\xff", b"\x02" + (6).to_bytes(4, "big") + b"\x00\x00"]
    rows += [b"\x01" + offsets[n].to_bytes(4, "big") + b"\x00\x00" for n in range(2, 7)]
    start = len(out)
    xref = b"".join(rows)
    out += (b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Index [0 7] "
            b"/Length %d >>\nstream\n" % len(xref) + xref + b"\nendstream\nendobj\n")
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


JS = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
ACTIVE = {
    "openaction-javascript": lambda: document(catalog=b"/OpenAction " + JS),
    "openaction-escaped-names": lambda: document(
        catalog=b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"),
    "openaction-packed": lambda: packed(b"/OpenAction " + JS),
    "launch": lambda: document(catalog=b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
    "names-javascript": lambda: document(catalog=b"/Names << /JavaScript 6 0 R >>",
                                         extra=[b"<< /Names [(a) " + JS + b"] >>"]),
    "page-additional-action": lambda: document(page=PAGE[:-2] + b" /AA << /O " + JS + b" >> >>"),
    "embedded-file": lambda: document(
        catalog=b"/Names << /EmbeddedFiles << /Names [(x.exe) 6 0 R] >> >>",
        extra=[b"<< /Type /Filespec /F (x.exe) /EF << /F 7 0 R >> >>",
               _stream(b"MZ").replace(b"<< ", b"<< /Type /EmbeddedFile ", 1)]),
    "rich-media": lambda: document(page=PAGE[:-2] + b" /Annots [6 0 R] >>", extra=[
        b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>"]),
    "xfa-form": lambda: document(catalog=b"/AcroForm << /Fields [] /XFA 6 0 R >>",
                                 extra=[_stream(b"<xdp:xdp/>")]),
    "html-after-header": lambda: document(
        header=b"%PDF-1.7\n<html><body><script>alert(1)</script></body></html>\n"),
    "html-before-header": lambda: b"<html><script>alert(1)</script></html>\n" + document(),
}

"""Real PDFs written at test time: a hand-built file with a text layer, one without, and variants."""

from __future__ import annotations

from pathlib import Path


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content(lines: list[str]) -> bytes:
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
    ops += [f"({_escape(line)}) Tj T*" for line in lines]
    return ("\n".join([*ops, "ET"]) + "\n").encode("latin-1")


def write_pdf(path: Path, pages: list[list[str]] | None, *, image_only_pages: int = 0) -> Path:
    """Pages of text lines in Helvetica (a real text layer), or only drawn shapes (no text layer)."""
    streams = [_content(lines) for lines in pages or []]
    streams += [b"0.5 g 72 72 400 600 re f\n"] * image_only_pages
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")  # 3
    kids = []
    for stream in streams:
        content_no = len(objects) + 1
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
        kids.append(len(objects) + 1)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % content_no
        )
    path.write_bytes(pdf_file(objects, kids))
    return path


def pdf_file(objects: list[bytes], kids: list[int], header: bytes = b"%PDF-1.4\n") -> bytes:
    """The file of numbered ``objects`` (1 the catalog, 2 the page tree, filled in here from the page
    objects ``kids``), with its cross-reference table and trailer."""
    page_tree = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    objects = [objects[0], page_tree, *objects[2:]]
    out = bytearray(header)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def write_encrypted_pdf(path: Path, source: Path, password: str = "secret") -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(source))
    writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path

"""Every supported format loads with its provenance; every bad input is one clear CorpusError."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from gspgen.config import CorpusSettings
from gspgen.corpus.loaders import load_file
from gspgen.corpus.walk import discover
from gspgen.errors import CorpusError
from gspgen.testing.pdfs import write_encrypted_pdf, write_pdf

PAGE_1 = ["BOOK: palms together, then open like a book.", "Both hands flat."]
PAGE_2 = ["HELP: the flat hand lifts the fist from below."]


def test_pdf_pages_keep_numbers(tmp_path: Path, settings: CorpusSettings) -> None:
    docs = load_file(write_pdf(tmp_path / "dict.pdf", [PAGE_1, PAGE_2]), settings)
    assert [d.page for d in docs] == [1, 2]
    assert "open like a book" in docs[0].text and "lifts the fist" in docs[1].text
    assert all(d.kind == "chunk" and d.source == "dict.pdf" for d in docs)


def test_text_chunks_overlap_and_spans_point_into_the_file(tmp_path: Path, settings: CorpusSettings) -> None:
    text = " ".join(f"Sign {i}: the dominant hand taps the chin twice, palm facing in." for i in range(20))
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    docs = load_file(path, settings)
    assert len(docs) > 3
    for doc in docs:
        assert doc.span is not None and text[doc.span[0] : doc.span[1]] == doc.text
    assert any(a.span[1] > b.span[0] for a, b in zip(docs, docs[1:], strict=False))  # overlap


def test_json_free_entries_render_fields(tmp_path: Path, settings: CorpusSettings) -> None:
    path = tmp_path / "signs.json"
    items = [
        {
            "gloss": "thank you",
            "synonyms": ["thanks"],
            "handshape": "flat B",
            "movement": "from chin outwards",
        }
    ]
    path.write_text(json.dumps(items), encoding="utf-8")
    (doc,) = load_file(path, settings)
    assert doc.kind == "entry" and doc.gloss == "thank you" and doc.synonyms == ["thanks"] and doc.row == 1
    assert "Movement: from chin outwards." in doc.text


def test_jsonl_lexicon_rows_get_phonology(tmp_path: Path, settings: CorpusSettings) -> None:
    path = tmp_path / "signs.jsonl"
    rows = [{"EntryID": "cat", "Handshape.2.0": "f", "MajorLocation.2.0": "Head"}, {"gloss": "dog"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    docs = load_file(path, settings)
    entries = {d.gloss: d for d in docs if d.kind == "entry"}
    assert (
        "F (index finger and thumb touching" in entries["cat"].text and "At the head." in entries["cat"].text
    )
    assert entries["dog"].row == 2
    assert any(d.kind == "handshape" and d.gloss == "handshape F" for d in docs)


def _socket_file(path: Path) -> Path:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return path


BAD_INPUTS = {
    "corrupt.pdf": (lambda p: p.write_bytes(b"%PDF-1.7\nthis is not really a PDF\n"), "corrupt PDF"),
    "encrypted.pdf": (
        lambda p: write_encrypted_pdf(p, write_pdf(p.with_name("plain.pdf"), [PAGE_1])),
        "encrypted PDF",
    ),
    "scan.pdf": (lambda p: write_pdf(p, None, image_only_pages=2), "no text layer"),
    "empty.txt": (lambda p: p.write_bytes(b""), "empty file"),
    "latin1.txt": (lambda p: p.write_bytes("Geb\xe4rde".encode("latin-1")), "not UTF-8"),
    "latin1.csv": (lambda p: p.write_bytes("EntryID,Gloss\nGeb\xe4rde,x\n".encode("latin-1")), "not UTF-8"),
    "nogloss.csv": (
        lambda p: p.write_text("Word,Meaning\nbook,a book\n", encoding="utf-8"),
        "no gloss column",
    ),
    "object.json": (lambda p: p.write_text('{"gloss": "book"}', encoding="utf-8"), "not a list of entries"),
    "numbers.json": (lambda p: p.write_text("[1, 2]", encoding="utf-8"), "not an object"),
    "unreadable.txt": (_socket_file, "cannot read"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_clear_error(name: str, tmp_path: Path, settings: CorpusSettings) -> None:
    make, reason = BAD_INPUTS[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(CorpusError) as caught:
        load_file(path, settings)
    assert reason in str(caught.value) and caught.value.where == str(path)
    assert "\n" not in str(caught.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_is_clear(tmp_path: Path, settings: CorpusSettings) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("BOOK", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(CorpusError, match="cannot read"):
        load_file(path, settings)


def test_missing_path_is_reported_by_discover(tmp_path: Path) -> None:
    walk = discover([tmp_path / "nope.csv"])
    assert walk.files == [] and walk.missing == [tmp_path / "nope.csv"]


def test_bundled_corpus_ingests_only_the_lexicon() -> None:
    corpora = Path(__file__).resolve().parents[2] / "corpora"
    walk = discover([corpora])
    assert [p.name for p in walk.files] == ["signdata-11-5-20.csv"]
    assert walk.skipped >= 2  # codebook and licence note, via corpora/.gspgenignore


def test_gspgenignore_patterns(tmp_path: Path) -> None:
    (tmp_path / "sub" / "drafts").mkdir(parents=True)
    for name in ("a.md", "sub/b.md", "sub/key.csv", "sub/drafts/c.md", "LICENSE.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / ".gspgenignore").write_text("# comment\nLICENSE*\nsub/key.csv\ndrafts/\n", encoding="utf-8")
    walk = discover([tmp_path])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in walk.files) == ["a.md", "sub/b.md"]

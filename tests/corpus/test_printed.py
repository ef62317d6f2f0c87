"""Printed-layout dictionaries (Chinese and Turkish PDFs made here): one document per entry, headers and
page numbers in none, entries whole across page breaks, and every headword finds its own entry first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.config import CorpusSettings
from gspgen.corpus.documents import Document
from gspgen.corpus.embedder import Embedder
from gspgen.corpus.ingestion import ingest
from gspgen.corpus.loaders import load_file
from gspgen.corpus.manifest import MANIFEST_NAME
from gspgen.corpus.store import Store, open_store
from gspgen.testing.printed import (
    PrintedEntry,
    chinese_entries,
    split_by_page_break,
    turkish_entries,
    write_dictionary_pdf,
    write_matplotlib_dictionary_pdf,
)

pytestmark = pytest.mark.slow  # real MiniLM embeddings


@dataclass
class Printed:
    language: str
    brackets: str
    entries: list[PrintedEntry]
    pdf: Path
    settings: CorpusSettings
    store: Store


def _printed(
    folder: Path, language: str, entries: list[PrintedEntry], brackets: str, embedder: Embedder
) -> Printed:
    pdf = write_dictionary_pdf(folder / f"{language}-dictionary.pdf", entries, language, brackets=brackets)
    (folder / MANIFEST_NAME).write_text(f'language = "{language}"\n', encoding="utf-8")
    settings = CorpusSettings(store_dir=folder / "store")
    report = ingest([pdf], settings, embedder=embedder)
    assert report.ok and report.languages == {language: len(entries)}, report
    return Printed(language, brackets, entries, pdf, settings, open_store(settings, embedder))


@pytest.fixture(scope="module", params=["csl", "tsm"])
def printed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, minilm: Embedder
) -> Printed:
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "csl":
        return _printed(folder, "csl", chinese_entries(40), "[]", minilm)
    return _printed(folder, "tsm", turkish_entries(), "()", minilm)


def _documents(printed: Printed) -> list[Document]:
    return load_file(printed.pdf, printed.settings)


def test_one_document_per_headword_in_print_order(printed: Printed) -> None:
    documents = _documents(printed)
    assert [d.gloss for d in documents] == [e.headword for e in printed.entries]
    assert all(d.kind == "entry" and d.language == printed.language for d in documents)
    assert len({d.page for d in documents}) >= 3  # several entries a page, several pages


def test_entries_are_whole_and_free_of_headers_and_page_numbers(printed: Printed) -> None:
    split = split_by_page_break(printed.entries, printed.language, printed.brackets)
    assert split, "the fixture must split an entry across a page break"
    by_gloss = {d.gloss: d for d in _documents(printed)}
    for entry in printed.entries:
        assert by_gloss[entry.headword].text == f"{entry.head_line(printed.brackets)}\n{entry.body}"
    for document in by_gloss.values():
        assert not re.search(r"— \d+ —|中国手语词典|Sözlüğü", document.text)
    first, *_ = (by_gloss[h] for h in split)
    assert (
        first.span is not None and first.span[1] - first.span[0] > len(first.text) + 10
    )  # over header+footer


def test_every_headword_finds_its_own_entry_first(printed: Printed) -> None:
    for entry in printed.entries:
        (own, *_) = printed.store.by_gloss(entry.headword)
        assert (own.gloss, own.match, own.language) == (entry.headword, "exact", printed.language)
        assert own.text.endswith(entry.body)
        (near, *_) = printed.store.search(entry.headword, k=3, gloss=entry.headword)
        assert near.id == own.id
        translated = printed.store.by_gloss(entry.translation.upper())  # SITUATION translates 3 entries
        assert entry.headword in {h.gloss for h in translated if h.match == "exact"}


def test_alternative_forms_match_as_variants(printed: Printed) -> None:
    store = printed.store
    if printed.language == "csl":
        assert [(h.gloss, h.match) for h in store.by_gloss("外公")] == [("外祖父", "variant")]
        assert [(h.gloss, h.match) for h in store.by_gloss("成效（成功）")][0] == ("成效", "exact")
        assert [(h.gloss, h.match) for h in store.by_gloss("成功")] == [("成效", "variant")]
        assert [h.gloss for h in store.search("成效（成功）", k=3, gloss="成效（成功）")] == ["成效"]
    else:
        assert [(h.gloss, h.match) for h in store.by_gloss("abi")] == [("ağabey", "variant")]
        assert [(h.gloss, h.match) for h in store.by_gloss("agac")] == [("ağaç", "variant")]
        assert [(h.gloss, h.match) for h in store.by_gloss("ISTANBUL")][0] == ("İstanbul", "exact")
    other = "tsm" if printed.language == "csl" else "csl"
    headword = printed.entries[5].headword
    assert store.by_gloss(headword, language=other) == []
    assert store.search(headword, k=3, language=other) == []


def test_cli_search_with_gloss_shows_the_entry_first(printed: Printed) -> None:
    runner = CliRunner()
    for entry in printed.entries[::13]:
        result = runner.invoke(
            app,
            [
                "search",
                entry.headword,
                "--gloss",
                entry.headword,
                "-k",
                "3",
                "--store",
                str(printed.settings.store_dir),
            ],
        )
        assert result.exit_code == 0, result.output
        rows = [line for line in result.output.splitlines() if line.startswith("│ 1 ")]
        assert rows and entry.headword in rows[0] and printed.language in rows[0] and "p. " in rows[0]
        assert printed.brackets[0] in result.output  # the printed translation, not eaten as rich markup
    other = "ase" if printed.language != "ase" else "csl"
    store = ["--store", str(printed.settings.store_dir)]
    result = runner.invoke(app, ["search", printed.entries[0].headword, "--language", other, *store])
    assert result.exit_code == 0 and "0 hits" in result.output


@pytest.mark.parametrize(
    ("language", "brackets", "headword_style", "header_size", "sections", "columns", "guide_words"),
    [
        ("csl", "[]", "run-in", 8.0, False, 1, False),  # bold headword at body size, body on the same line
        ("tsm", "()", "run-in", 10.0, True, 2, False),
        # no font difference: the bracketed translation tells; the running head is set like the body,
        # sections bold
        ("csl", "[]", "plain", 8.0, True, 1, False),
        ("tsm", "()", "plain", 10.0, True, 2, False),
        ("csl", "[]", "bold", 10.0, True, 1, False),  # a title page and section lines in larger bold type
        ("csl", "[]", "mixed", 8.0, False, 1, False),  # bold headword, the translation in the body's face
        ("tsm", "()", "mixed", 8.0, True, 2, False),
        ("csl", "[]", "bold", 8.0, False, 2, False),  # two columns: entries also run from one to the next
        # Each page's running head names its first and last headword (前途—形势) in the headword's type:
        # no entry of its own.
        ("csl", "[]", "bold", 8.0, False, 1, True),
        ("tsm", "()", "mixed", 8.0, False, 1, True),
    ],
)
def test_other_typesetting_still_gives_whole_entries(
    language: str,
    brackets: str,
    headword_style: str,
    header_size: float,
    sections: bool,
    columns: int,
    guide_words: bool,
    tmp_path: Path,
) -> None:
    entries = chinese_entries(100) if language == "csl" else turkish_entries()
    pdf = write_dictionary_pdf(
        tmp_path / "d.pdf",
        entries,
        language,
        brackets=brackets,
        headword_style=headword_style,
        header_size=header_size,
        sections=sections,
        columns=columns,
        guide_words=guide_words,
    )
    assert split_by_page_break(entries, language, brackets, headword_style, sections, columns, guide_words)
    documents = load_file(pdf, CorpusSettings())
    assert [d.text for d in documents] == [f"{e.head_line(brackets)}\n{e.body}" for e in entries]
    assert [(d.gloss, d.synonyms, d.variants) for d in documents] == [
        (e.headword, [e.translation], list(e.variants)) for e in entries
    ]


def _text_dictionary(entries: list[PrintedEntry], head: str) -> str:
    return "\n\n".join(head.format(line=e.head_line("()"), word=e.headword) + "\n" + e.body for e in entries)


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("tid.md", "## {line}\n"),  # markdown headings
        ("tid.txt", "{line}"),  # a line with a bracketed translation, then the body
        ("tid.txt", "{word}"),  # only a short line, then the body
    ],
)
def test_text_dictionaries_are_entries_too(name: str, head: str, tmp_path: Path) -> None:
    entries = turkish_entries(12)
    text = "# Türk İşaret Dili Sözlüğü\n\n" + _text_dictionary(entries, head) + "\n"
    (tmp_path / name).write_text(text, encoding="utf-8")
    documents = load_file(tmp_path / name, CorpusSettings())
    assert [d.gloss for d in documents] == [e.headword for e in entries]
    for document, entry in zip(documents, entries, strict=True):
        assert document.text.endswith("\n" + entry.body) and document.span is not None
        assert text[document.span[0] : document.span[1]].endswith(entry.body)
        if "{line}" in head:
            assert document.synonyms == [entry.translation] and document.variants == list(entry.variants)


@pytest.mark.parametrize("fonttype", [42, 3])
def test_a_matplotlib_made_dictionary_gives_the_same_entries(fonttype: int, tmp_path: Path) -> None:
    """Another producer (embedded TrueType or Type 3 fonts, a text object per line): the same entries.
    pypdf may split a word at a kerning pair, so texts are compared without spaces."""
    entries = turkish_entries()
    pdf = write_matplotlib_dictionary_pdf(tmp_path / "tid.pdf", entries, fonttype)
    documents = load_file(pdf, CorpusSettings())
    assert [d.gloss for d in documents] == [e.headword for e in entries]
    assert len({d.page for d in documents}) >= 3
    for document, entry in zip(documents, entries, strict=True):
        assert document.text.replace(" ", "") == f"{entry.head_line('()')}\n{entry.body}".replace(" ", "")

"""Vocabulary files: plain text, TSV/CSV with detected header/id/gloss columns, and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from gspgen.errors import VocabError
from gspgen.vocab import declared_language, load_vocab, resolve_language, select


def write(name: str, text: str) -> Path:
    path = Path(name)
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_text_skips_comments_and_blanks() -> None:
    entries = load_vocab(write("v.txt", "# my classes\nbook\n\n  drink  \n# end\nhello world\n"))
    assert [(e.class_id, e.glosses, e.line) for e in entries] == [
        (0, ["book"], 2),
        (1, ["drink"], 4),
        (2, ["hello world"], 6),
    ]


def test_wlasl_class_list_keeps_ids(vocab_dir: Path) -> None:
    entries = load_vocab(vocab_dir / "wlasl2000_class_list.txt")
    assert len(entries) == 2000
    assert (entries[0].class_id, entries[0].glosses) == (0, ["book"])
    assert entries[-1].class_id == 1999


def test_slr500_uses_both_gloss_columns_not_the_folder(vocab_dir: Path) -> None:
    entries = load_vocab(vocab_dir / "slr500_classes.tsv")
    assert len(entries) == 500
    assert entries[0].glosses == ["情况", "CONDITION"]
    assert entries[3].class_id == 3 and entries[3].glosses == ["局势", "SITUATION"]
    assert entries[0].line == 2  # the header is line 1


def test_slr500_column_overrides(vocab_dir: Path) -> None:
    path = vocab_dir / "slr500_classes.tsv"
    entries = load_vocab(path, id_column="class_id", gloss_columns=["normalized_gloss_en"])
    assert entries[1].glosses == ["FUTURE"]
    by_position = load_vocab(path, id_column="1", gloss_columns=["3"])
    assert by_position[1].glosses == ["前途"]


def test_csv_with_header_and_id_not_first() -> None:
    entries = load_vocab(write("v.csv", "gloss,label\nbook,7\ndrink,3\n"))
    assert [(e.class_id, e.glosses) for e in entries] == [(7, ["book"]), (3, ["drink"])]


def test_headerless_csv_without_id_uses_position() -> None:
    entries = load_vocab(write("v.csv", "book,livre\ndrink,boire\n"))
    assert [(e.class_id, e.glosses) for e in entries] == [(0, ["book", "livre"]), (1, ["drink", "boire"])]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("0\tbook\n1\tdrink\n1\tchair\n", "v.tsv:3", "duplicate class id 1 (first on line 2)"),
        ("0\tbook\n1\t\n", "v.tsv:2", "empty gloss for class 1"),
        ("0\tbook\n1\tdrink\textra\n", "v.tsv:2", "malformed line: 3 columns, expected 2"),
        ("class_id\tgloss\n0\tbook\nx1\tdrink\n", "v.tsv:3", "class id 'x1' is not a whole number"),
        ("# nothing\n\n", "v.tsv", "no glosses"),
    ],
)
def test_errors_name_the_line(text: str, where: str, message: str) -> None:
    with pytest.raises(VocabError) as caught:
        load_vocab(write("v.tsv", text))
    assert caught.value.where == where
    assert message in caught.value.message


def test_unknown_column_override() -> None:
    with pytest.raises(VocabError, match="no column 'english'"):
        load_vocab(write("v.tsv", "id\tgloss\n0\tbook\n"), gloss_columns=["english"])


def test_select_only_and_limit(vocab_dir: Path) -> None:
    entries = load_vocab(vocab_dir / "slr500_classes.tsv")
    chosen = select(entries, only=["future", "情况"])
    assert [e.class_id for e in chosen] == [0, 1]
    assert [e.class_id for e in select(entries, limit=3)] == [0, 1, 2]
    with pytest.raises(VocabError, match="not in the vocabulary: nope"):
        select(entries, only=["nope"])


def test_bundled_lists_declare_their_sign_language(vocab_dir: Path) -> None:
    slr = resolve_language(load_vocab(vocab_dir / "slr500_classes.tsv"), vocab_dir / "slr500_classes.tsv",
                           override=None, fallback="ase")  # fmt: skip
    assert {e.language for e in slr} == {"csl"}
    assert declared_language(vocab_dir / "wlasl2000_class_list.txt") == "ase"


def test_language_precedence_flag_then_column_then_sidecar_then_config() -> None:
    path = write("mixed.tsv", "id\tgloss\tlanguage\n0\tabla\ttsm\n1\tbook\t\n")
    entries = load_vocab(path)
    assert [e.glosses for e in entries] == [["abla"], ["book"]]  # the language column is no gloss
    assert [e.language for e in resolve_language(entries, path, override=None, fallback="ase")] == [
        "tsm",
        "ase",
    ]
    write("mixed.tsv.toml", 'language = "csl"\n')
    assert [e.language for e in resolve_language(entries, path, override=None, fallback="ase")] == [
        "tsm",
        "csl",
    ]
    assert {e.language for e in resolve_language(entries, path, override="GSG", fallback="ase")} == {"gsg"}


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [('language = "Chinese"\n', "not an ISO 639-3 code"), ('lang = "csl"\n', "language: Field required"),
     ("language = \n", "unreadable sidecar")],
)  # fmt: skip
def test_a_bad_sidecar_is_a_one_line_error_naming_it(sidecar: str, message: str) -> None:
    path = write("v.txt", "book\n")
    write("v.txt.toml", sidecar)
    with pytest.raises(VocabError, match=message) as caught:
        resolve_language(load_vocab(path), path, override=None, fallback="ase")
    assert str(caught.value.where) == "v.txt.toml"


def test_a_bad_language_flag_or_cell_names_where() -> None:
    path = write("v.tsv", "id\tgloss\tlanguage\n0\tbook\tsgn-US\n")
    with pytest.raises(VocabError, match="'sgn-US' is not an ISO 639-3") as caught:
        load_vocab(path)
    assert caught.value.where == "v.tsv:2"
    with pytest.raises(VocabError, match="ISO 639-3") as flag:
        resolve_language(
            load_vocab(write("w.txt", "book\n")), Path("w.txt"), override="zh-CN", fallback="ase"
        )
    assert flag.value.where == "--language"

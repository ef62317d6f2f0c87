"""gspgen-corpus.toml: language, field maps for structured dictionaries, layout overrides, validation,
and re-ingest when it changes; files with no language are stored as "und" and reported."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.config import CorpusSettings
from gspgen.corpus.embedder import Embedder
from gspgen.corpus.ingestion import ingest
from gspgen.corpus.loaders import load_file
from gspgen.corpus.manifest import MANIFEST_NAME, spec_for
from gspgen.corpus.store import open_store
from gspgen.errors import ConfigError

from .conftest import CountingEmbedder

pytestmark = pytest.mark.slow  # real MiniLM embeddings

DGS_ROWS = [
    {
        "sign_id": "10021",
        "hns_gloss": "HAUS1A",
        "signwriting": "M518x533S14c20481x467S14c28495x467S22a04484x504",
        "hamnosys": "\ue0e9\ue011\ue029\ue03d\ue059",
        "meaning_de": "Haus, Gebäude",
    },
    {
        "sign_id": "10022",
        "hns_gloss": "KIND1",
        "signwriting": "M524x515S15a10477x485S2e500492x498",
        "hamnosys": "\ue002\ue020\ue03c\ue051",
        "meaning_de": "Kind",
    },
    {
        "sign_id": "10023",
        "hns_gloss": "DANKE1",
        "signwriting": "M520x536S15a37481x464S2ea48483x508",
        "hamnosys": "\ue001\ue020\ue038\ue0d1",
        "meaning_de": "Dankeschön; Dank",
    },
]
DGS_MANIFEST = """
[files."dgs.csv"]
language = "gsg"
[files."dgs.csv".fields]
id = "sign_id"
gloss = "hns_gloss"
translations = "meaning_de"
notation = ["signwriting", "hamnosys"]
"""


def _dgs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "dgs.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(DGS_ROWS[0]))
        writer.writeheader()
        writer.writerows(DGS_ROWS)
    return path


def test_unmapped_structured_dictionary_says_how_to_map_it(tmp_path: Path, minilm: Embedder) -> None:
    path = _dgs(tmp_path / "corpus")
    report = ingest([path], CorpusSettings(store_dir=tmp_path / "store"), embedder=minilm)
    (failure,) = report.failures
    assert failure.path == str(path) and "\n" not in failure.reason
    assert "'EntryID'" in failure.reason and "sign_id, hns_gloss" in failure.reason
    assert f'{MANIFEST_NAME} beside it: [fields] gloss = "hns_gloss"' in failure.reason
    result = CliRunner().invoke(app, ["ingest", str(path), "--store", str(tmp_path / "cli-store")])
    assert result.exit_code == 1
    assert (
        f"failed: {path}: no gloss column" in result.output
        and '[fields] gloss = "hns_gloss"' in result.output
    )


def test_field_map_ingests_a_dgs_list(tmp_path: Path, minilm: Embedder) -> None:
    path = _dgs(tmp_path / "corpus")
    (tmp_path / "corpus" / MANIFEST_NAME).write_text(DGS_MANIFEST, encoding="utf-8")
    settings = CorpusSettings(store_dir=tmp_path / "store")
    report = ingest([tmp_path / "corpus"], settings, embedder=minilm)
    assert report.ok and report.files_skipped == 0 and report.languages == {"gsg": 3}
    store = open_store(settings, minilm)
    (house,) = store.by_gloss("haus1a", language="gsg")
    assert (house.match, house.row, house.synonyms) == ("exact", 1, ["Haus", "Gebäude"])
    assert DGS_ROWS[0]["hamnosys"] in house.text and DGS_ROWS[0]["signwriting"] in house.text
    assert [(h.gloss, h.match) for h in store.by_gloss("Gebäude")] == [("HAUS1A", "exact")]
    assert [(h.gloss, h.match) for h in store.by_gloss("DANKE")] == [("DANKE1", "variant")]  # numbered
    (doc,) = [d for d in load_file(path, settings) if d.gloss == "KIND1"]
    assert doc.locator == "entry:10022" and doc.notation and "hamnosys: " in doc.notation


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ('language = "German"\n', "language: String should match pattern"),
        ('[fields]\ngloss = "hns_gloss"\nglos = "x"\n', "fields.glos: Extra inputs are not permitted"),
        (
            '[files."dgs.csv".fields]\ntranslations = ["meaning_de"]\n',
            "files.dgs.csv.fields.gloss: Field required",
        ),
        ('[layout]\nheadword = "(unclosed"\n', "layout.headword: Value error, not a regular expression"),
        ("language = \n", "invalid TOML"),
        ('[fields]\ngloss = "gloss_de"\n', "names column 'gloss_de', not in the header"),
    ],
)
def test_bad_manifest_is_one_line_naming_manifest_and_field(
    manifest: str, message: str, tmp_path: Path, minilm: Embedder
) -> None:
    path = _dgs(tmp_path / "corpus")
    (tmp_path / "corpus" / MANIFEST_NAME).write_text(manifest, encoding="utf-8")
    report = ingest([path], CorpusSettings(store_dir=tmp_path / "store"), embedder=minilm)
    (failure,) = report.failures
    assert str(tmp_path / "corpus" / MANIFEST_NAME) in failure.reason and message in failure.reason
    assert "\n" not in failure.reason


def test_editing_the_manifest_rewrites_exactly_the_files_it_affects(
    tmp_path: Path, counting: CountingEmbedder
) -> None:
    corpus = tmp_path / "corpus"
    _dgs(corpus)
    (corpus / "notes.txt").write_text("The sign for HOUSE draws a roof with both hands.\n", encoding="utf-8")
    manifest = corpus / MANIFEST_NAME
    manifest.write_text(DGS_MANIFEST + '\n[files."notes.txt"]\nlanguage = "gsg"\n', encoding="utf-8")
    settings = CorpusSettings(store_dir=tmp_path / "store")
    first = ingest([corpus], settings, embedder=counting)
    assert first.ok and first.added == 4 and first.languages == {"gsg": 4}

    manifest.write_text(DGS_MANIFEST + '\n[files."notes.txt"]\nlanguage = "ase"\n', encoding="utf-8")
    again = CountingEmbedder(counting.inner)
    second = ingest([corpus], settings, embedder=again)
    assert (second.replaced, second.unchanged, again.texts) == (1, 3, 1)
    store = open_store(settings, again)
    assert store.count() == 4
    assert {h.language for h in store.search("roof", k=4)} == {"ase", "gsg"}

    third = ingest([corpus], settings, embedder=CountingEmbedder(counting.inner))
    assert (third.replaced, third.added, third.unchanged) == (0, 0, 4)


def test_nearest_manifest_applies_and_file_tables_override(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "c").mkdir()
    (tmp_path / MANIFEST_NAME).write_text('language = "csl"\n[files."c/*.txt"]\nlanguage = "tsm"\n')
    (tmp_path / "a" / MANIFEST_NAME).write_text('language = "gsg"\n[layout]\nskip = ["^Seite"]\n')
    assert spec_for(tmp_path / "x.txt").language == "csl"
    assert spec_for(tmp_path / "c" / "y.txt").language == "tsm"
    assert spec_for(tmp_path / "c" / "y.pdf").language == "csl"
    nearest = spec_for(tmp_path / "a" / "b" / "z.pdf")
    assert nearest.language == "gsg" and nearest.layout.skip == ["^Seite"]
    assert nearest.manifest == tmp_path / "a" / MANIFEST_NAME


def test_layout_regex_finds_entries_the_detector_misses(tmp_path: Path) -> None:
    """Run-in headwords in capitals, each entry one long line: no brackets, no short heading lines."""
    words = {"ABLA": "older sister", "AĞAÇ": "tree", "ÇAY": "tea", "ŞEKER": "sugar"}
    text = "".join(
        f"{word} — {english}. Sağ el yumruk yapılır ve göğüs önünde iki kez aşağı doğru hareket ettirilir.\n"
        for word, english in words.items()
    )
    path = tmp_path / "tid.txt"
    path.write_text(text, encoding="utf-8")
    assert {d.kind for d in load_file(path, CorpusSettings())} == {"chunk"}
    (tmp_path / MANIFEST_NAME).write_text(
        "language = \"tsm\"\n[layout]\nheadword = '^(?P<headword>[A-ZÇĞİÖŞÜ]+) — (?P<translation>[^.]+)\\.'\n",
        encoding="utf-8",
    )
    documents = load_file(path, CorpusSettings())
    assert [(d.gloss, d.synonyms, d.language) for d in documents] == [
        (w, [e], "tsm") for w, e in words.items()
    ]
    for doc in documents:
        assert doc.span is not None and text[doc.span[0] : doc.span[1]].startswith(doc.gloss or "")
        assert doc.text.endswith("hareket ettirilir.")


def test_undeclared_language_is_stored_as_und_and_warned(tmp_path: Path, minilm: Embedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.md").write_text("The sign for TREE uses the whole forearm as the trunk.\n")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(corpus), "--store", str(tmp_path / "st")])
    assert result.exit_code == 0
    output = " ".join(result.output.split())
    assert f"warning: {corpus / 'notes.md'}: no sign language declared, stored as 'und'" in output
    assert "--language CODE" in output and "und" in output
    store = open_store(CorpusSettings(store_dir=tmp_path / "st"), minilm)
    assert {h.language for h in store.search("tree", k=1)} == {"und"}

    declared = runner.invoke(
        app, ["ingest", str(corpus), "--store", str(tmp_path / "st"), "--language", "ase"]
    )
    assert declared.exit_code == 0 and "warning" not in declared.output
    assert "American Sign Language" in " ".join(declared.output.split())
    assert {h.language for h in store.search("tree", k=1)} == {"ase"}
    tid = tmp_path / "tid"
    tid.mkdir()
    (tid / "notes.txt").write_text("Ağaç: iki el gövdeyi gösterir.\n", encoding="utf-8")
    (tid / MANIFEST_NAME).write_text('language = "tsm"\n', encoding="utf-8")
    mixed = runner.invoke(app, ["ingest", str(tid), "--store", str(tmp_path / "st"), "--language", "ase"])
    assert mixed.exit_code == 0
    assert f"note: {tid / 'notes.txt'} declares tsm" in " ".join(mixed.output.split())
    bad = runner.invoke(
        app, ["ingest", str(corpus), "--store", str(tmp_path / "st"), "--language", "Chinese"]
    )
    assert isinstance(bad.exception, ConfigError) and "not an ISO 639-3 code" in bad.exception.message


def test_field_map_reads_json_objects_with_their_own_language(tmp_path: Path) -> None:
    items = [
        {"lemma": "ağaç", "en": ["tree"], "desc": "Two hands form a trunk.", "lang": "tsm"},
        {"lemma": "树", "en": "tree", "desc": "双手成树干状。", "lang": ""},
    ]
    (tmp_path / "signs.jsonl").write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n")
    (tmp_path / MANIFEST_NAME).write_text(
        'language = "csl"\n[fields]\ngloss = "lemma"\ntranslations = "en"\ntext = ["desc"]\nlanguage = "lang"\n'
    )
    tree_tsm, tree_csl = load_file(tmp_path / "signs.jsonl", CorpusSettings())
    assert (tree_tsm.gloss, tree_tsm.language, tree_tsm.synonyms) == ("ağaç", "tsm", ["tree"])
    assert (
        tree_tsm.text
        == "ağaç: the Turkish Sign Language sign for ağaç. Translations: tree. Desc: Two hands form a trunk."
    )
    assert (tree_csl.gloss, tree_csl.language) == ("树", "csl")

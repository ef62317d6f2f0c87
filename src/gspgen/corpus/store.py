"""The Chroma store of embedded dictionary documents, and how describe searches it.

We always embed ourselves (Chroma's default embedding function would try a download) and record the
model's name and dimension in the collection metadata: a store opened with another model is an error,
never silently wrong neighbours. Cosine space; scores are cosine similarity clamped to [0, 1].
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from typing import Any

from gspgen.config import CorpusSettings
from gspgen.corpus.documents import SYNONYM_SEPARATOR, Document, gloss_key, hit_from
from gspgen.corpus.embedder import AUTO, Embedder, make_embedder, spec_for_model
from gspgen.corpus.headwords import parse_head
from gspgen.corpus.hits import UNDETERMINED, GlossMatch, Hit
from gspgen.errors import ConfigError, StoreError

_PAGE = 5000  # rows per Chroma get() when listing the whole collection
_LOOKUP_KINDS = ["entry", "handshape"]
_RANKS: tuple[GlossMatch, ...] = ("exact", "exact", "variant")  # headword, translation, variant


@contextmanager
def chroma_errors(where: str) -> Iterator[None]:
    """Chroma and transport failures become one StoreError line naming the store."""
    import httpx
    from chromadb.errors import ChromaError

    try:
        yield
    except (ChromaError, httpx.HTTPError, ConnectionError) as exc:
        raise StoreError(f"Chroma failed: {type(exc).__name__}: {exc}", where=where) from None


def _client(settings: CorpusSettings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        url = urlparse(settings.chroma_url)
        try:
            return chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or 8000,
                ssl=url.scheme == "https",
                settings=chroma,
            )
        except Exception as exc:  # chromadb raises bare ValueError/ConnectError here
            raise StoreError(f"cannot reach the Chroma server ({exc})", where=settings.chroma_url) from None
    settings.store_dir.mkdir(parents=True, exist_ok=True)
    # chromadb caches clients by path string: a relative path would alias stores in other working folders.
    return chromadb.PersistentClient(path=str(settings.store_dir.resolve()), settings=chroma)


def _where(settings: CorpusSettings) -> str:
    return settings.chroma_url or str(settings.store_dir)


def _guarded(method: Any) -> Any:
    """Run a Store method inside :func:`chroma_errors`."""

    @wraps(method)
    def run(self: Store, *args: Any, **kwargs: Any) -> Any:
        with chroma_errors(self.where):
            return method(self, *args, **kwargs)

    return run


class Store:
    """One collection plus the embedder that made it."""

    def __init__(self, collection: Any, embedder: Embedder, where: str) -> None:
        self.collection = collection
        self.embedder = embedder
        self.where = where
        self._index: _GlossIndex | None = None

    # -- reading -------------------------------------------------------------------------------
    @_guarded
    def count(self) -> int:
        return int(self.collection.count())

    @_guarded
    def search(
        self,
        query: str,
        k: int = 5,
        *,
        gloss: str | None = None,
        kinds: set[str] | None = None,
        language: str | None = None,
    ) -> list[Hit]:
        """The k documents nearest to the query, optionally only those of one headword, some kinds, or
        one sign language."""
        if self.count() == 0:
            return []
        clauses: list[dict[str, Any]] = []
        if gloss is not None:
            heads = sorted({keys[0] for keys, variant in _query_keys(gloss) if not variant})
            clauses.append({"gloss_key": {"$in": heads}})
        if kinds:
            clauses.append({"kind": {"$in": sorted(kinds)}})
        if language is not None:
            clauses.append({"language": language})
        where = clauses[0] if len(clauses) == 1 else ({"$and": clauses} if clauses else None)
        result = self.collection.query(
            query_embeddings=[self.embedder.embed_query(query)],
            n_results=k,
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        rows = zip(
            result["ids"][0],
            result["documents"][0],
            result["metadatas"][0],
            result["distances"][0],
            strict=True,
        )
        return [hit_from(i, text, meta, min(1.0, max(0.0, 1.0 - dist))) for i, text, meta, dist in rows]

    @_guarded
    def by_gloss(self, gloss: str, *, language: str | None = None) -> list[Hit]:
        """Entries and handshapes one of whose lookup forms equals ``gloss`` after normalisation.

        Headword matches come first, then printed translations (both ``match="exact"``), then alternative
        forms, numbered variants and diacritic-free spellings (``"variant"``); only ``language``'s when given.
        """
        index = self._lookup()
        ranked: dict[str, GlossMatch] = {}
        queries = _query_keys(gloss)
        for rank, match in enumerate(_RANKS):
            for keys, demote in queries:
                for key in keys:
                    for doc_id in index.keys[rank].get(key, []):
                        if language is None or index.languages[doc_id] == language:
                            ranked.setdefault(doc_id, "variant" if demote else match)
        if not ranked:
            return []
        got = self.collection.get(ids=list(ranked), include=["documents", "metadatas"])
        hits = {
            i: hit_from(i, t, m, 1.0, ranked[i])
            for i, t, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        }
        order = sorted(ranked, key=lambda i: ranked[i] == "variant")  # stable: exact matches first
        return [hits[i] for i in order if i in hits]

    def _lookup(self) -> _GlossIndex:
        if self._index is None:
            index = _GlossIndex()
            for doc_id, meta in self._rows(where={"kind": {"$in": _LOOKUP_KINDS}}):
                index.add(doc_id, meta)
            self._index = index
        return self._index

    def _rows(self, where: dict[str, Any] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        offset = 0
        while True:
            got = self.collection.get(where=where, include=["metadatas"], limit=_PAGE, offset=offset)
            yield from zip(got["ids"], got["metadatas"], strict=True)
            if len(got["ids"]) < _PAGE:
                return
            offset += _PAGE

    # -- writing (ingest) ----------------------------------------------------------------------
    @_guarded
    def listing(self) -> dict[str, dict[str, str]]:
        """path → {id: locator} of everything stored, so ingest can diff without re-embedding."""
        files: dict[str, dict[str, str]] = defaultdict(dict)
        for doc_id, meta in self._rows():
            files[meta.get("path", "")][doc_id] = meta.get("locator", "")
        return dict(files)

    @_guarded
    def upsert(self, documents: Sequence[Document], embeddings: Sequence[Sequence[float]]) -> None:
        self.collection.upsert(
            ids=[d.id for d in documents],
            documents=[d.text for d in documents],
            metadatas=[d.metadata() for d in documents],
            embeddings=[list(e) for e in embeddings],
        )
        self._index = None

    @_guarded
    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            self.collection.delete(ids=list(ids))
            self._index = None


def _query_keys(gloss: str) -> list[tuple[list[str], bool]]:
    """The keys a gloss is looked up by: itself; for ``成效（成功）``, its headword and then (as variants
    only) its alternative forms."""
    keys = [([gloss_key(gloss)], False)]
    if any(bracket in gloss for bracket in "([（【"):
        head = parse_head(gloss)
        keys.append(([gloss_key(head.headword)], False))
        keys.append(([gloss_key(v) for v in head.variants], True))
    return keys


class _GlossIndex:
    """Normalised lookup key → document ids, one table per match rank (headword, translation, variant)."""

    def __init__(self) -> None:
        self.keys: tuple[dict[str, list[str]], ...] = ({}, {}, {})
        self.languages: dict[str, str] = {}

    def add(self, doc_id: str, meta: dict[str, Any]) -> None:
        self.languages[doc_id] = meta.get("language") or UNDETERMINED
        head = meta.get("gloss_key")
        printed = _split(meta.get("translation_keys"))
        other = _split(meta.get("variant_keys"))
        for table, keys in zip(self.keys, ([head] if head else [], printed, other), strict=True):
            for key in keys:
                table.setdefault(key, []).append(doc_id)


def _split(joined: str | None) -> list[str]:
    return joined.split(SYNONYM_SEPARATOR) if joined else []


def _check_model(collection: Any, embedder: Embedder, where: str) -> None:
    meta = collection.metadata or {}
    stored = meta.get("embedder")
    if stored != embedder.name:
        raise StoreError(
            f"store was built with embedding model {stored!r} (dim {meta.get('dim')}) but the config asks for "
            f"{embedder.name!r}; use the same corpus.embedder or ingest into another store",
            where=where,
        )


def open_store(settings: CorpusSettings, embedder: Embedder | None = None) -> Store:
    """The store for searching; StoreError if nothing was ingested or the model differs. Under
    ``corpus.embedder = "auto"`` the embedder is the one the store recorded."""
    with chroma_errors(_where(settings)):
        return _open_existing(settings, embedder)


def _existing(client: Any, settings: CorpusSettings) -> Any | None:
    names = {c if isinstance(c, str) else c.name for c in client.list_collections()}
    if settings.collection not in names:
        return None
    return client.get_collection(settings.collection, embedding_function=None)


def recorded_model(settings: CorpusSettings) -> str | None:
    """The embedding model a store holding documents recorded; None for no store or an empty one (a first
    ingest whose files all failed must not fix the model the next one chooses)."""
    with chroma_errors(_where(settings)):
        collection = _existing(_client(settings), settings)
        if collection is None or collection.count() == 0:
            return None
    return str((collection.metadata or {}).get("embedder"))


def store_embedder(settings: CorpusSettings, model: str) -> Embedder:
    """The embedder for a store that recorded ``model``: the one it names under ``auto``, else config's."""
    if settings.embedder != AUTO:
        return make_embedder(settings.embedder, settings.embed_batch_size)
    try:
        return make_embedder(spec_for_model(model), settings.embed_batch_size)
    except ConfigError as exc:
        raise ConfigError(f"store built with {model!r}: {exc.message}", where=_where(settings)) from None


def _open_existing(settings: CorpusSettings, embedder: Embedder | None) -> Store:
    collection = _existing(_client(settings), settings)
    if collection is None:
        raise StoreError(
            f"no collection {settings.collection!r} yet; run `gspgen ingest` first", where=_where(settings)
        )
    embedder = embedder or store_embedder(settings, str((collection.metadata or {}).get("embedder")))
    _check_model(collection, embedder, _where(settings))
    return Store(collection, embedder, _where(settings))


def open_for_writing(settings: CorpusSettings, embedder: Embedder) -> Store:
    """The store for ingest: created (cosine, with the model recorded) on first use."""
    with chroma_errors(_where(settings)):
        return _open_or_create(settings, embedder)


def _open_or_create(settings: CorpusSettings, embedder: Embedder) -> Store:
    client = _client(settings)
    collection = _existing(client, settings)
    if collection is not None and collection.count() == 0:  # empty: made anew with today's model
        client.delete_collection(settings.collection)
        collection = None
    if collection is not None:
        _check_model(collection, embedder, _where(settings))
    else:
        collection = client.create_collection(
            settings.collection,
            metadata={"embedder": embedder.name, "dim": embedder.dim},
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
        )
    return Store(collection, embedder, _where(settings))

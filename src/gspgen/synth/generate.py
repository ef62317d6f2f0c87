"""``gspgen synth``: choose classes from a lexicon, render every (class, signer, repetition), write a dataset.

Output directory: the canonical dataset (``gspgen.skeleton.dataset``) in COCO-WholeBody 133 order, plus
``phonology.jsonl`` (one :class:`PhonologyRecord` per class: the lexicon coding, the rendered facts and the
ground-truth texts) and ``descriptions.jsonl`` (the same texts as DescriptionRecords, for oracle-text runs).
Every clip has its own random stream ``(seed, class id, signer, repetition)``, so output is reproducible.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gspgen.errors import ConfigError, VocabError
from gspgen.lexicon import LexiconEntry, Morpheme, load_lexicon, match_glosses
from gspgen.records import DescriptionRecord, Generation, PartSegment
from gspgen.skeleton import ClassInfo, DatasetInfo, DatasetWriter
from gspgen.synth.oracle import global_text, part_texts
from gspgen.synth.performer import Frame, render
from gspgen.synth.phonology import HandshapeSpec, SignPlan, build_plan, handshape_table
from gspgen.synth.signer import Signer, make_signers
from gspgen.vocab import load_vocab

PHONOLOGY_FILE = "phonology.jsonl"
DESCRIPTIONS_FILE = "descriptions.jsonl"


class SynthParams(BaseModel):
    """What to generate (the CLI flags)."""

    model_config = ConfigDict(extra="forbid")

    lexicon: Path
    vocab: Path | None = None  # None = lexicon rows in order, class ids 0..K-1
    classes: int | None = Field(default=None, gt=0)  # None = every covered gloss
    signers: int = Field(default=10, ge=3)
    repetitions: int = Field(default=3, gt=0)
    seed: int = 0
    min_frames: int = Field(default=40, gt=0)
    max_frames: int = Field(default=120, gt=0)
    width: int = 512
    height: int = 512
    workers: int = Field(default=0, ge=0)  # rendering processes; 0 = one per CPU core (output is the same)
    # Zero-shot split: this many classes (a seeded draw) keep only their test signers' clips, so no
    # training or validation clip shows them; their descriptions are written like every other class's.
    unseen_classes: int = Field(default=0, ge=0)


def make_params(**values: object) -> SynthParams:
    """SynthParams from flag values; an invalid one is a ConfigError naming the flag."""
    try:
        return SynthParams(**values)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        flag = "--" + str(first["loc"][0]).replace("_", "-")
        raise ConfigError(first["msg"], where=flag) from None


class PhonologyRecord(BaseModel):
    """Ground truth of one class: lexicon coding, what was rendered, and texts per part."""

    model_config = ConfigDict(extra="forbid")

    class_id: int
    gloss: str
    entry_id: str
    lemma_id: str | None
    language: str
    source: str  # lexicon file and row
    morphemes: list[Morpheme]  # as coded in the lexicon (M1, M2, ...)
    rendered: SignPlan  # the facts the clips show, incl. non-manual cues and choices the lexicon leaves open
    description: str  # all parts in a few sentences
    parts: dict[str, str]  # left_hand, right_hand, face, mouth, body


class SynthSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: Path
    classes: int
    samples: int
    frames: int
    signers: dict[str, int]
    seconds: float
    unseen_classes: list[int] = []  # class ids with test clips only (--unseen-classes)


def select_classes(
    entries: list[LexiconEntry], vocab: Path | None, limit: int | None
) -> list[tuple[int, str, LexiconEntry]]:
    """(class id, gloss, entry): the first ``limit`` vocabulary glosses in the lexicon, or its rows."""
    if vocab is None:
        chosen = [(i, e.gloss, e) for i, e in enumerate(entries)]
    else:
        vocab_entries = load_vocab(vocab)
        matched = match_glosses(entries, [g for v in vocab_entries for g in v.glosses])
        chosen = []
        for v in vocab_entries:
            entry = next((matched[g] for g in v.glosses if g in matched), None)
            if entry is not None:
                chosen.append((v.class_id, v.gloss, entry))
        if not chosen:
            raise VocabError("no gloss of the vocabulary is in the lexicon", where=vocab)
    if limit is not None and limit > len(chosen):
        raise ConfigError(f"asked for {limit} classes but only {len(chosen)} are covered", where="--limit")
    return chosen[:limit]


@functools.lru_cache(maxsize=4)
def _lexicon(path: Path, _stamp: int) -> tuple[list[LexiconEntry], dict[str, HandshapeSpec]]:
    """Entries and handshape table, parsed once per file version (runs in one process reuse them)."""
    entries = load_lexicon(path)
    return entries, handshape_table(entries)


def phonology_record(plan: SignPlan, entry: LexiconEntry) -> PhonologyRecord:
    return PhonologyRecord(
        class_id=plan.class_id,
        gloss=plan.gloss,
        entry_id=entry.entry_id,
        lemma_id=entry.lemma_id,
        language=entry.language,
        source=f"{entry.source}:{entry.row}",
        morphemes=entry.morphemes,
        rendered=plan,
        description=global_text(plan),
        parts=part_texts(plan),
    )


def description_record(record: PhonologyRecord, now: datetime) -> DescriptionRecord:
    """The ground truth as a DescriptionRecord, so training can run on oracle texts."""
    return DescriptionRecord(
        class_id=record.class_id,
        glosses=[record.gloss],
        language=record.language,
        primary_description=record.description,
        global_descriptions=[record.description],
        parts=[PartSegment(text=text, parts=[part]) for part, text in record.parts.items()],  # type: ignore[list-item]
        generation=Generation(
            model="gspgen-synth ground truth",
            endpoint_kind="other",
            retrieval=False,
            steps={},
            started_at=now,
            finished_at=now,
        ),
    )


def unseen_class_ids(class_ids: list[int], count: int, seed: int) -> list[int]:
    """The classes held out of training for ``--unseen-classes``: a seeded draw, sorted."""
    if count >= len(class_ids):
        raise ConfigError(
            f"{count} unseen classes leave none to train on ({len(class_ids)} classes)",
            where="--unseen-classes",
        )
    order = np.random.default_rng([seed, 0x5EE]).permutation(len(class_ids))
    return sorted(class_ids[i] for i in order[:count])


def _info(
    params: SynthParams, plans: list[SignPlan], signers: list[Signer], out: Path, unseen: list[int]
) -> DatasetInfo:
    return DatasetInfo(
        name=out.name,
        fps=30.0,
        coords="pixel",
        width=params.width,
        height=params.height,
        classes=[ClassInfo(class_id=p.class_id, gloss=p.gloss) for p in plans],
        source=f"synth seed={params.seed} lexicon={params.lexicon.name}",
        extra={
            "synth": params.model_dump(mode="json"),
            "signers": [s.model_dump() for s in signers],
            "unseen_classes": unseen,
        },
    )


def _render_class(job: tuple[SignPlan, list[Signer], int, int, Frame]) -> list[np.ndarray]:
    """Every clip of one class, in (signer, repetition) order; each from its own random stream."""
    plan, signers, repetitions, seed, frame = job
    return [
        render(plan, signer, np.random.default_rng([seed, plan.class_id, k, rep]), frame)
        for k, signer in enumerate(signers)
        for rep in range(repetitions)
    ]


def _rendered(jobs: list, workers: int) -> Iterator[list[np.ndarray]]:
    """Classes rendered in order, by ``workers`` processes (1 = in this process)."""
    if workers <= 1 or len(jobs) < 2:
        yield from map(_render_class, jobs)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_render_class, jobs)


def synthesize(
    params: SynthParams,
    out: Path,
    *,
    overwrite: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> SynthSummary:
    """Render ``classes × signers × repetitions`` clips into ``out``; ``progress(done, total)`` per class."""
    if params.min_frames > params.max_frames:
        raise ConfigError(f"--frames {params.min_frames}:{params.max_frames} is empty", where="--frames")
    started = time.perf_counter()
    stamp = (
        params.lexicon.stat().st_mtime_ns if params.lexicon.exists() else 0
    )  # missing: load_lexicon says so
    entries, table = _lexicon(params.lexicon.resolve(), stamp)
    chosen = select_classes(entries, params.vocab, params.classes)
    plans = [build_plan(entry, class_id, gloss, table) for class_id, gloss, entry in chosen]
    signers = make_signers(params.signers, params.seed, params.width, params.height)
    frame = Frame(params.width, params.height, params.min_frames, params.max_frames)
    total = len(plans) * len(signers) * params.repetitions
    workers = params.workers or os.cpu_count() or 1
    unseen = unseen_class_ids([p.class_id for p in plans], params.unseen_classes, params.seed)
    if unseen:
        total = (len(plans) - len(unseen)) * len(signers) * params.repetitions + len(unseen) * sum(
            s.split == "test" for s in signers
        ) * params.repetitions
    jobs = [(plan, signers, params.repetitions, params.seed, frame) for plan in plans]
    frames = 0
    written = 0
    with DatasetWriter(out, _info(params, plans, signers, out, unseen), overwrite=overwrite) as writer:
        for plan, clips in zip(plans, _rendered(jobs, workers), strict=True):
            keys = [(signer, rep) for signer in signers for rep in range(params.repetitions)]
            for (signer, rep), clip in zip(keys, clips, strict=True):
                if plan.class_id in unseen and signer.split != "test":
                    continue
                writer.add(
                    clip,
                    sample_id=f"c{plan.class_id:05d}_{signer.signer_id}_r{rep}",
                    class_id=plan.class_id,
                    signer=signer.signer_id,
                    split=signer.split,  # type: ignore[arg-type]
                )
                frames += len(clip)
                written += 1
            if progress is not None:
                progress(written, total)
        now = datetime.now(UTC)
        records = [phonology_record(plan, entry) for plan, (_, _, entry) in zip(plans, chosen, strict=True)]
        (writer.partial / PHONOLOGY_FILE).write_text(
            "".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8"
        )
        descriptions = "".join(description_record(r, now).model_dump_json() + "\n" for r in records)
        (writer.partial / DESCRIPTIONS_FILE).write_text(descriptions, encoding="utf-8")
    return SynthSummary(
        path=out,
        classes=len(plans),
        samples=total,
        frames=frames,
        signers={split: sum(s.split == split for s in signers) for split in ("train", "val", "test")},
        seconds=time.perf_counter() - started,
        unseen_classes=unseen,
    )

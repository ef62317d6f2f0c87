"""``--regenerate-rejected``: redo only the fields reviewers rejected, with their notes in the prompt.

Which step makes which field: ``global.i`` → P3 refine, ``synonym.i`` → P2, ``part.i`` → P4. Rejected
globals and synonyms are replaced *in place* (same index), so the review log's verdicts on the other
fields still match their keys and texts; the segments are one split of T_g, so a rejected part redoes
the whole list. The reviewer's text, reason and note reach the LLM through the ``feedback`` variable
of the step's template. By default the generated file is rewritten in place (atomically; the review
log beside it then shows regenerated fields as pending); a class whose regeneration fails keeps its
old record and is listed in ``*.failed.jsonl``. Which fields were rejected comes from the typed
rejections file review writes (:mod:`gspgen.rejections`), so describe never imports review. A faithful-mode record (``generation.facts`` set) keeps
its facts and gets gated rewordings in place of its rejected synonyms and part rewordings.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from gspgen.config import Settings
from gspgen.describe.chain import Chain, Draft, Feedback
from gspgen.describe.faithful import faithful_chain
from gspgen.describe.prompts import PromptSet
from gspgen.describe.retrieval import Retriever
from gspgen.describe.runner import RunSummary, _chain, _fail, failed_path, open_retriever
from gspgen.errors import LLMError
from gspgen.jsonio import atomic_write_text, read_jsonl
from gspgen.llm import Endpoint
from gspgen.records import DescriptionRecord, ReviewBlock
from gspgen.rejections import RejectedField, read_rejections
from gspgen.vocab import VocabEntry


def regenerate_rejected(
    settings: Settings,
    rejections: Path,
    *,
    output: Path | None = None,
    only: list[str] | None = None,
    limit: int | None = None,
    retriever: Retriever | None = None,
    console: Console | None = None,
) -> RunSummary:
    """Regenerate the fields a rejections file (``FILE.rejections.json``, written by review) lists.

    ``only`` (glosses) and ``limit`` (the first N records with rejections) narrow which records are redone;
    the others are written back unchanged.
    """
    started = time.monotonic()
    generated, rejected = read_rejections(rejections)
    output = output or generated
    records = list(read_jsonl(generated, DescriptionRecord))
    todo = [r for r in records if rejected.get(r.class_id) and _selected(r, only)][:limit]
    summary = RunSummary(output=output, failed_output=failed_path(output), selected=len(todo))
    replaced: dict[int, DescriptionRecord] = {}
    if todo:
        if retriever is None and any(r.generation.retrieval for r in todo):
            retriever = open_retriever(settings)
        with Endpoint(settings.llm) as endpoint:
            prompts = PromptSet(settings.describe.prompts_dir)
            for record in todo:
                own = _for_record(settings, record)
                chain = _chain(own, prompts, endpoint, retriever)
                entry = VocabEntry(
                    class_id=record.class_id, glosses=record.glosses, line=0, language=record.language
                )
                try:
                    if record.generation.facts is not None:  # faithful: gated rewordings of the same facts
                        fields = {
                            f.key: {"text": f.text, "reason": f.reason, "note": f.note}
                            for f in rejected[record.class_id]
                        }
                        new = faithful_chain(chain, own).redo(entry, record, fields)
                        replaced[record.class_id] = new.model_copy(update={"review": ReviewBlock()})
                    else:
                        replaced[record.class_id] = _redo(chain, entry, record, rejected[record.class_id])
                    summary.done += 1
                except LLMError as exc:
                    _fail(entry, exc.message, output, summary)
            summary.calls = endpoint.calls
            summary.prompt_tokens, summary.completion_tokens = endpoint.usage()
    lines = [replaced.get(r.class_id, r).model_dump_json() + "\n" for r in records]
    atomic_write_text(output, "".join(lines))
    summary.wall_s = round(time.monotonic() - started, 3)
    return summary


def _selected(record: DescriptionRecord, only: list[str] | None) -> bool:
    wanted = {g.casefold() for g in only or []}
    return not wanted or any(g.casefold() in wanted for g in record.glosses)


def _for_record(settings: Settings, record: DescriptionRecord) -> Settings:
    """Settings that regenerate the record the way it was made (language, retrieval)."""
    describe = settings.describe.model_copy(
        update={"language": record.language, "use_retrieval": record.generation.retrieval}
    )
    return settings.model_copy(update={"describe": describe})


def _redo(
    chain: Chain, entry: VocabEntry, record: DescriptionRecord, rejected: list[RejectedField]
) -> DescriptionRecord:
    by_kind: dict[str, dict[int, dict[str, str | None]]] = {}
    for field in rejected:
        kind, _, position = field.key.partition(".")
        by_kind.setdefault(kind, {})[int(position)] = {
            "text": field.text,
            "reason": field.reason,
            "note": field.note,
        }
    draft = _draft(record)
    started = datetime.now(UTC)
    globals_ = list(record.global_descriptions)
    if "global" in by_kind:
        chain.refine(entry, draft, Feedback(list(by_kind["global"].values())))
        for index in by_kind["global"]:
            globals_[index] = draft.refined
    if "synonym" in by_kind:
        chain.paraphrase(entry, draft, Feedback(list(by_kind["synonym"].values())))
        synonyms = list(record.synonyms)
        kept = {s.lower() for i, s in enumerate(synonyms) if i not in by_kind["synonym"]}
        fresh = iter([s for s in draft.synonyms if s.lower() not in kept] + draft.synonyms)
        for index in sorted(by_kind["synonym"]):
            synonyms[index] = next(fresh)
        draft.synonyms = synonyms
    if "part" in by_kind:
        chain.split(entry, draft, Feedback(list(by_kind["part"].values())))
    new = chain.record(entry, draft, started)
    update = {"global_descriptions": list(dict.fromkeys(globals_)), "language": record.language}
    return new.model_copy(update={**update, "review": ReviewBlock()})


def _draft(record: DescriptionRecord) -> Draft:
    evidence = {step: [e for e in record.evidence if e.step == step] for step in ("p1_describe", "p3_refine")}
    return Draft(
        primary=record.primary_description,
        refined=record.global_descriptions[0],
        synonyms=list(record.synonyms),
        parts=list(record.parts),
        evidence=evidence,  # type: ignore[arg-type]
        traces=dict(record.generation.steps),
        grounding=record.grounding,
    )

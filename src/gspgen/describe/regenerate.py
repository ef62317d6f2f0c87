"""``--regenerate-rejected``: redo only the fields reviewers rejected, with their notes in the prompt.

Which step makes which field: ``global.i`` → P3 refine, ``synonym.i`` → P2 (only the rejected
paraphrases are replaced), ``part.i`` → P4 (the segments are one split of T_g, so the whole list is
redone). The reviewer's text, reason and note are shown to the LLM through the ``feedback`` variable
of the step's template. The result is a complete JSONL (untouched records copied), written atomically;
regenerated records go back to review ``pending``. A class whose regeneration fails keeps its old record.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from gspgen.config import Settings
from gspgen.describe.chain import Chain, Draft, Feedback
from gspgen.describe.endpoint import Endpoint
from gspgen.describe.prompts import PromptSet
from gspgen.describe.records import DescriptionRecord, ReviewBlock
from gspgen.describe.retrieval import Retriever
from gspgen.describe.run import RunSummary, _chain, _fail, failed_path, open_retriever
from gspgen.describe.vocab import VocabEntry
from gspgen.errors import LLMError
from gspgen.jsonio import atomic_write_text, read_jsonl


def regenerate_rejected(
    settings: Settings,
    generated: Path,
    *,
    output: Path | None = None,
    retriever: Retriever | None = None,
    console: Console | None = None,
) -> RunSummary:
    """Regenerate the rejected fields of ``generated`` (whose review log lies beside it) into ``output``."""
    from gspgen.review import rejected_fields

    started = time.monotonic()
    output = output or generated.with_name(f"{generated.stem}.regenerated.jsonl")
    rejected = rejected_fields(generated)
    records = list(read_jsonl(generated, DescriptionRecord))
    summary = RunSummary(output=output, failed_output=failed_path(output), selected=len(rejected))
    todo = [r for r in records if rejected.get(r.class_id)]
    replaced: dict[int, DescriptionRecord] = {}
    if todo:
        if retriever is None and any(r.generation.retrieval for r in todo):
            retriever = open_retriever(settings)
        with Endpoint(settings.llm) as endpoint:
            prompts = PromptSet(settings.describe.prompts_dir)
            for record in todo:
                chain = _chain(_for_record(settings, record), prompts, endpoint, retriever)
                entry = VocabEntry(class_id=record.class_id, glosses=record.glosses, line=0)
                try:
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


def _for_record(settings: Settings, record: DescriptionRecord) -> Settings:
    """Settings that regenerate the record the way it was made (language, retrieval)."""
    describe = settings.describe.model_copy(
        update={"language": record.language, "use_retrieval": record.generation.retrieval}
    )
    return settings.model_copy(update={"describe": describe})


def _redo(chain: Chain, entry: VocabEntry, record: DescriptionRecord, rejected: list) -> DescriptionRecord:
    by_kind: dict[str, dict[int, dict[str, str | None]]] = {}
    for field in rejected:
        kind, _, index = field.key.partition(".")
        by_kind.setdefault(kind, {})[int(index)] = {
            "text": field.text,
            "reason": field.reason,
            "note": field.note,
        }
    draft = _draft(record)
    started = datetime.now(UTC)
    if "global" in by_kind:
        chain.refine(entry, draft, Feedback(list(by_kind["global"].values())))
    if "synonym" in by_kind:
        kept = [s for i, s in enumerate(record.synonyms) if i not in by_kind["synonym"]]
        chain.paraphrase(entry, draft, Feedback(list(by_kind["synonym"].values())))
        fresh = [s for s in draft.synonyms if s.lower() not in {k.lower() for k in kept}]
        draft.synonyms = kept + fresh[: len(by_kind["synonym"])]
    if "part" in by_kind:
        chain.split(entry, draft, Feedback(list(by_kind["part"].values())))
    globals_kept = [g for i, g in enumerate(record.global_descriptions) if i not in by_kind.get("global", {})]
    new = chain.record(entry, draft, started)
    return new.model_copy(
        update={
            "global_descriptions": list(dict.fromkeys([draft.refined, *globals_kept]))
            if "global" in by_kind
            else record.global_descriptions,
            "language": record.language,
            "review": ReviewBlock(),
        }
    )


def _draft(record: DescriptionRecord) -> Draft:
    evidence = {step: [e for e in record.evidence if e.step == step] for step in ("p1_describe", "p3_refine")}
    return Draft(
        primary=record.primary_description,
        refined=record.global_descriptions[0],
        synonyms=list(record.synonyms),
        parts=list(record.parts),
        evidence=evidence,  # type: ignore[arg-type]
        traces=dict(record.generation.steps),
    )

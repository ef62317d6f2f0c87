"""The four-step chain for one gloss: describe (RAG) → refine (RAG) → synonyms → parts.

P2 paraphrases the *refined* description T_g rather than T_b: by then substituted descriptions are
resolved and non-action content is gone, so the paraphrases cannot copy "as in 'love'" or a meaning
statement. Each step goes through :class:`~gspgen.describe.ask.Asker` (cache, schema, re-asks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from gspgen.config import DescribeSettings
from gspgen.describe.ask import Asker
from gspgen.describe.prompts import PromptSet
from gspgen.describe.retrieval import (
    Found,
    Grounded,
    Retriever,
    find_references,
    gloss_entries,
    reference_entries,
)
from gspgen.describe.steps import Description, Parts, side_tags, synonyms_model
from gspgen.llm import Endpoint
from gspgen.records import (
    DescriptionRecord,
    Evidence,
    Generation,
    Grounding,
    PartSegment,
    StepName,
    StepTrace,
)
from gspgen.vocab import VocabEntry

LANGUAGES = {
    "ase": "American Sign Language (ASL)",
    "csl": "Chinese Sign Language (CSL)",
    "tsm": "Turkish Sign Language (TID)",
    "bfi": "British Sign Language (BSL)",
    "gsg": "German Sign Language (DGS)",
}
MAX_REFERENCES = 4


@dataclass
class Feedback:
    """Reviewer verdicts on one step's fields, shown to the LLM when regenerating them."""

    items: list[dict[str, str | None]] = field(default_factory=list)  # text, reason, note


@dataclass
class Draft:
    """The chain's outputs while a record is being built."""

    primary: str = ""
    refined: str = ""
    synonyms: list[str] = field(default_factory=list)
    parts: list[PartSegment] = field(default_factory=list)
    evidence: dict[StepName, list[Evidence]] = field(default_factory=dict)
    traces: dict[StepName, StepTrace] = field(default_factory=dict)
    grounding: Grounding | None = None


class Chain:
    """Builds one DescriptionRecord per vocabulary entry."""

    def __init__(
        self,
        prompts: PromptSet,
        asker: Asker,
        endpoint: Endpoint,
        retriever: Retriever | None,
        settings: DescribeSettings,
    ) -> None:
        self.prompts = prompts
        self.asker = asker
        self.endpoint = endpoint
        self.retriever = retriever if settings.use_retrieval else None
        self.settings = settings

    def run(self, entry: VocabEntry) -> DescriptionRecord:
        started = datetime.now(UTC)
        draft = Draft()
        self.describe(entry, draft)
        self.refine(entry, draft)
        self.paraphrase(entry, draft)
        self.split(entry, draft)
        return self.record(entry, draft, started)

    def describe(self, entry: VocabEntry, draft: Draft, feedback: Feedback | None = None) -> None:
        """P1: T_b from the gloss's own entries in its language (exact matches, then semantic neighbours)."""
        grounded = Grounded([], "ungrounded")
        if self.retriever is not None:
            grounded = gloss_entries(
                self.retriever, entry.glosses, self.settings.retrieve_k,
                language=self.language(entry), cross_language=self.settings.cross_language,
            )  # fmt: skip
        found, draft.grounding = grounded.found, grounded.grounding
        context = {"entries": [_shown(f) for f in found], "grounded": self.retriever is not None}
        value, draft.traces["p1_describe"] = self._ask("p1_describe", entry, Description, context, feedback)
        draft.primary = value.description
        draft.evidence["p1_describe"] = [f.evidence("p1_describe") for f in found]

    def refine(self, entry: VocabEntry, draft: Draft, feedback: Feedback | None = None) -> None:
        """P3: T_g, with referenced handshapes/letters/signs looked up and inlined."""
        found: list[Found] = []
        if self.retriever is not None:
            refs = find_references(draft.primary, entry.glosses)
            p1 = draft.evidence.get("p1_describe", [])
            own = {e.chunk_id for e in p1 if e.match in ("exact", "variant")}
            language = self.language(entry)
            found = reference_entries(
                self.retriever, refs, own, MAX_REFERENCES,
                language=language, cross_language=self.settings.cross_language,
            )  # fmt: skip
            if draft.grounding == "ungrounded" and any(f.hit.language != language for f in found):
                draft.grounding = "cross_language"
        if not found and self.settings.refine == "with_references" and feedback is None:
            draft.refined = draft.primary  # nothing to inline (settings.describe.refine)
            return
        context = {"description": draft.primary, "references": [_shown(f) for f in found]}
        value, draft.traces["p3_refine"] = self._ask("p3_refine", entry, Description, context, feedback)
        draft.refined = value.description
        draft.evidence["p3_refine"] = [f.evidence("p3_refine") for f in found]

    def paraphrase(self, entry: VocabEntry, draft: Draft, feedback: Feedback | None = None) -> None:
        """P2: k paraphrases of T_g (no retrieval)."""
        k = self.settings.synonyms
        if k == 0:
            draft.synonyms = []
            return
        context = {"description": draft.refined, "k": k}
        value, draft.traces["p2_synonyms"] = self._ask(
            "p2_synonyms", entry, synonyms_model(k), context, feedback
        )
        draft.synonyms = value.paraphrases

    def split(self, entry: VocabEntry, draft: Draft, feedback: Feedback | None = None) -> None:
        """P4: short segments of T_g tagged with body parts; hand roles mapped to sides."""
        context = {"description": draft.refined}
        value, draft.traces["p4_parts"] = self._ask("p4_parts", entry, Parts, context, feedback)
        dominant = self.settings.dominant_hand
        draft.parts = [PartSegment(text=s.text, parts=side_tags(s.parts, dominant)) for s in value.segments]

    def record(self, entry: VocabEntry, draft: Draft, started: datetime) -> DescriptionRecord:
        traces = draft.traces
        generation = Generation(
            model=self.endpoint.model,
            endpoint_kind=self.endpoint.kind,
            base_url=self.endpoint.base_url,
            retrieval=self.retriever is not None,
            steps=traces,
            prompt_tokens=sum(t.prompt_tokens for t in traces.values()),
            completion_tokens=sum(t.completion_tokens for t in traces.values()),
            started_at=started,
            finished_at=datetime.now(UTC),
        )
        return DescriptionRecord(
            class_id=entry.class_id,
            glosses=entry.glosses,
            language=self.language(entry),
            grounding=draft.grounding,
            primary_description=draft.primary,
            global_descriptions=[draft.refined],
            synonyms=draft.synonyms,
            parts=draft.parts,
            evidence=[e for step in ("p1_describe", "p3_refine") for e in draft.evidence.get(step, [])],
            generation=generation,
        )

    def language(self, entry: VocabEntry) -> str:
        """The entry's sign language (its vocabulary's), else ``describe.language``."""
        return entry.language or self.settings.language

    def _ask(
        self,
        step: StepName,
        entry: VocabEntry,
        output: Any,
        context: dict[str, Any],
        feedback: Feedback | None,
    ) -> tuple[Any, StepTrace]:
        code = self.language(entry)
        language = LANGUAGES.get(code, code)
        messages = self.prompts.messages(
            step,
            gloss=entry.gloss,
            glosses=entry.glosses,
            language=language,
            feedback=feedback.items if feedback else [],
            **context,
        )
        definition = self.prompts.step(step)
        return self.asker.ask(
            messages,
            output,
            template_hash=self.prompts.hashes[step],
            temperature=definition.temperature,
            max_tokens=definition.max_tokens,
            where=f"{entry.gloss} ({step})",
        )


def _shown(found: Found) -> dict[str, Any]:
    """What a template sees of a retrieved passage."""
    hit = found.hit
    return {
        "text": hit.text,
        "gloss": hit.gloss,
        "kind": hit.kind,
        "match": found.match,
        "primary": found.primary,
        "source": hit.source,
    }

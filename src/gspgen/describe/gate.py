"""The faithfulness gate: a generated text is kept only if the checker finds it true, complete and new.

A candidate is checked against the gloss's coded entry with check's claim extraction. It passes when it
contradicts no coded attribute (save what the checker already misreads in the source itself), states
every attribute its source text states correctly, makes no claim the checker calls unsupported (palm
orientation, facial expression, mouth, gaze, head or body movement, a count, a second hand on a
one-handed sign) that its source does not make too, reads as English (no doubled words, no determiner
heading nothing), and is no closer than ``max_similarity`` (difflib ratio) to any text already accepted. The problems are worded for the LLM, which sees them when it is
asked once more.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from gspgen.check import Checker, Coded, FieldCheck, Hand, fluency_problems


def similarity(a: str, b: str) -> float:
    """difflib's ratio on lower-cased text: 1.0 for copies, ~0.3 for unrelated sentences."""
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


@dataclass
class Verdict:
    ok: bool
    problems: list[str] = field(default_factory=list)


class Gate:
    """The checks for one gloss: its coded attributes, a checker, and the similarity threshold."""

    def __init__(self, checker: Checker, coded: Coded, max_similarity: float) -> None:
        self.checker = checker
        self.coded = coded
        self.max_similarity = max_similarity
        self._sources: dict[tuple[str, Hand], FieldCheck] = {}  # every candidate of a slot has one source

    def _source(self, source: str, hand: Hand) -> FieldCheck:
        if (source, hand) not in self._sources:
            self._sources[source, hand] = self.checker.check_field("source", source, self.coded, hand)
        return self._sources[source, hand]

    def judge(
        self,
        text: str,
        source: str,
        accepted: list[str],
        hand: Hand = "dominant",
        max_similarity: float | None = None,
    ) -> Verdict:
        """Whether ``text`` may stand beside ``accepted`` as a rewording of ``source`` (``max_similarity``
        overrides the gate's threshold for this call)."""
        vocab = self.checker.vocabulary
        mine = self.checker.check_field("candidate", text, self.coded, hand)
        theirs = self._source(source, hand)
        known = {(c.attribute, c.claimed) for c in theirs.contradictions}  # the extractor misreads the source
        problems = [c.message for c in mine.contradictions if (c.attribute, c.claimed) not in known]
        for attribute, status in theirs.statuses.items():
            if status == "correct" and mine.statuses.get(attribute) != "correct":
                label = vocab.attributes[attribute].label
                problems.append(
                    f"leaves out the {label} ({vocab.display(attribute, self.coded[attribute][0])})"
                )
        stated = {u.property for u in theirs.unsupported}  # the source itself says it (an entry may)
        problems += [u.message for u in mine.unsupported if u.property not in stated]
        problems += [p for p in fluency_problems(text) if p not in fluency_problems(source)]
        closest = max((similarity(text, other) for other in accepted), default=0.0)
        if closest > (self.max_similarity if max_similarity is None else max_similarity):
            problems.append(f"too close to a text already written (similarity {closest:.2f}); reword it more")
        return Verdict(not problems, list(dict.fromkeys(problems)))

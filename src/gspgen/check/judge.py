"""Optional LLM judge: ask a model which coded values a global description states (extra recall).

The deterministic extractor is the score of record; the judge reads the same texts with an LLM from
``[llm]`` (any OpenAI-compatible endpoint, or the embedded server) and is reported separately, so one can
see what the vocabulary misses. One call per record: the global description(s), every coded attribute
with its allowed values, JSON out (schema-constrained where the server supports it).
"""

from __future__ import annotations

import json
from typing import Any

from gspgen.check.report import Status
from gspgen.check.sources import Coded
from gspgen.check.vocabulary import Vocabulary
from gspgen.config import LLMSettings
from gspgen.records import DescriptionRecord

_SYSTEM = (
    "You check descriptions of how a sign-language sign is made. For each attribute, say which of the "
    "allowed values the description states, or null when it does not say. Judge only what the text says; "
    "never guess from the sign's meaning. Reply with one JSON object and nothing else."
)


class Judge:
    """An LLM endpoint and a vocabulary whose values it may answer with."""

    def __init__(self, settings: LLMSettings, vocabulary: Vocabulary) -> None:
        from gspgen.llm import Endpoint

        self.endpoint = Endpoint(settings)
        self.settings = settings
        self.vocabulary = vocabulary

    @property
    def model(self) -> str:
        return self.endpoint.model

    def close(self) -> None:
        self.endpoint.close()

    def _choices(self, attribute: str) -> dict[str, str]:
        """Allowed answers: every value of the attribute (codes and groups) with its readable name."""
        values = self.vocabulary.values_of(attribute)
        return {value: self.vocabulary.display(attribute, value) for value in values}

    def _schema(self, attributes: list[str]) -> dict[str, Any]:
        properties = {a: {"type": ["string", "null"], "enum": [*self._choices(a), None]} for a in attributes}
        return {"type": "object", "properties": properties, "required": attributes}

    def _prompt(self, text: str, attributes: list[str]) -> str:
        lines = [f"Description: {text}", "", "Attributes and allowed values (value = meaning):"]
        for attribute in attributes:
            label = self.vocabulary.attributes[attribute].label
            choices = "; ".join(f"{v} = {name}" for v, name in self._choices(attribute).items())
            lines.append(f"- {attribute} ({label}): {choices}")
        lines += ["", 'Answer as JSON: {"' + attributes[0] + '": "<value or null>", ...}']
        return "\n".join(lines)

    def judge(self, record: DescriptionRecord, coded: Coded) -> dict[str, Status]:
        """Per coded attribute: what the judge says the global description(s) state."""
        from gspgen.llm import response_format

        attributes = [a for a in coded if self.vocabulary.values_of(a)]
        if not attributes:
            return {}
        text = " ".join(record.global_descriptions)
        reply = self.endpoint.client().complete(
            [
                {"role": "system", "content": _SYSTEM},
                {"role": "user", "content": self._prompt(text, attributes)},
            ],
            response_format=response_format(self.endpoint.schema_mode, self._schema(attributes), "judge"),
            temperature=0.0,
            max_tokens=self.settings.max_tokens,
            where=f"judge {record.gloss}",
        )
        answers = _parse(reply.text)
        return {a: self._status(a, answers.get(a), coded[a]) for a in attributes}

    def _status(self, attribute: str, answer: object, accepted: tuple[str, ...]) -> Status:
        if not isinstance(answer, str) or answer not in self.vocabulary.values_of(attribute):
            return "unstated"  # null, or not one of the allowed values
        agrees = any(self.vocabulary.compatible(attribute, answer, v) for v in accepted)
        return "correct" if agrees else "contradicted"


def _parse(text: str) -> dict[str, object]:
    """The judge's JSON object; anything unreadable counts as stating nothing."""
    body = text.strip().removeprefix("```json").removeprefix("```").removesuffix("```").strip()
    try:
        parsed = json.loads(body)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}

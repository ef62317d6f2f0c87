"""The prompt chain as data: ``prompts/chain.toml`` plus one Jinja template per step.

Templates render in a sandbox with ``StrictUndefined``, so a misspelt variable is an error naming it
rather than an empty string in a prompt. Each step's hash covers the system template, the shared
partials, the step's template and its chain.toml parameters: records carry it, and resume regenerates
when it changes.
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path
from typing import get_args

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, ValidationError

from gspgen.errors import ConfigError
from gspgen.records import StepName

STEPS: tuple[StepName, ...] = get_args(StepName)


class StepDef(BaseModel):
    """One step of chain.toml."""

    model_config = ConfigDict(extra="forbid")

    template: str
    system: str | None = None  # None = the chain's system template
    temperature: float | None = None  # None = the [llm] setting
    max_tokens: int | None = None


class ChainDef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    system: str
    partials: list[str] = []  # templates the steps include: hashed into every step
    steps: dict[StepName, StepDef]


Message = dict[str, str]


class PromptSet:
    """Rendered chat messages and template hashes for every step (the paper's four, faithful mode's two)."""

    def __init__(self, prompts_dir: Path) -> None:
        self.dir = prompts_dir
        self.chain = _load_chain(prompts_dir / "chain.toml")
        missing = [s for s in STEPS if s not in self.chain.steps]
        if missing:
            raise ConfigError(
                f"chain.toml lacks steps: {', '.join(missing)}", where=prompts_dir / "chain.toml"
            )
        self._env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(prompts_dir),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
        )
        self.hashes = {step: self._hash(step) for step in STEPS}

    def messages(self, step: StepName, **context: object) -> list[Message]:
        """System + user message for ``step``; every template variable must be given."""
        system = self.chain.steps[step].system or self.chain.system
        return [
            {"role": "system", "content": self._render(system, context)},
            {"role": "user", "content": self._render(self.chain.steps[step].template, context)},
        ]

    def step(self, step: StepName) -> StepDef:
        return self.chain.steps[step]

    def _render(self, name: str, context: dict[str, object]) -> str:
        try:
            return self._env.get_template(name).render(**context).strip()
        except jinja2.TemplateNotFound:
            raise ConfigError("template not found", where=self.dir / name) from None
        except jinja2.TemplateError as exc:
            raise ConfigError(f"template error: {exc.message}", where=self.dir / name) from None

    def _hash(self, step: StepName) -> str:
        definition = self.chain.steps[step]
        digest = hashlib.sha256()
        system = definition.system or self.chain.system
        for name in (system, *self.chain.partials, definition.template):
            path = self.dir / name
            try:
                digest.update(path.read_bytes() + b"\0")
            except OSError:
                raise ConfigError("template not found", where=path) from None
        digest.update(definition.model_dump_json().encode())
        return digest.hexdigest()[:16]


def _load_chain(path: Path) -> ChainDef:
    try:
        return ChainDef.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise ConfigError(exc.strerror or str(exc), where=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", where=path) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{field}: {first['msg']}", where=path) from None

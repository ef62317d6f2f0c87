"""One error tree for the whole package.

Every stage raises a subclass of :class:`GspgenError` that names what it is about (file, line, gloss,
sample); third-party exceptions are translated at the stage edge. Only the CLI catches these, prints one
line and exits non-zero.
"""

from __future__ import annotations

from pathlib import Path


class GspgenError(Exception):
    """Root of gspgen's errors: a one-line message plus where it happened."""

    def __init__(self, message: str, *, where: str | Path | None = None) -> None:
        self.message = message
        self.where = str(where) if where is not None else None
        super().__init__(f"{self.where}: {message}" if self.where else message)


class ConfigError(GspgenError):
    """Invalid gspgen.toml, environment variable or flag."""


class CorpusError(GspgenError):
    """A dictionary file could not be loaded (corrupt, encrypted, empty, wrong shape)."""


class StoreError(GspgenError):
    """The vector store is missing, locked, or was built with another embedding model."""


class VocabError(GspgenError):
    """A vocabulary file is malformed (duplicate ids, empty glosses, bad lines)."""


class LLMError(GspgenError):
    """The LLM endpoint failed, timed out, or kept returning invalid output."""


class BudgetExhausted(LLMError):
    """``--max-total-tokens`` was reached; the gloss in progress is left for the next run."""


class RunLockedError(GspgenError):
    """Another describe run is writing the same output file."""


class DataError(GspgenError):
    """Skeleton data is malformed (shapes, NaN, labels out of range, counts that do not match)."""


class TrainError(GspgenError):
    """Training or evaluation cannot proceed (mismatched config, checkpoint, classes, empty split)."""


class ReviewError(GspgenError):
    """Review log or merge problem."""

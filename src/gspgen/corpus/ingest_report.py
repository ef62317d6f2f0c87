"""What an ingest did, as a typed record and as the summary table the CLI prints."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from rich.table import Table

from gspgen.corpus.documents import Document
from gspgen.corpus.hits import UNDETERMINED
from gspgen.corpus.manifest import MANIFEST_NAME
from gspgen.lexicon import LANGUAGES


class FileFailure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    reason: str


class IngestReport(BaseModel):
    """Counts of one ingest run; documents are counted by their stable place in a file."""

    model_config = ConfigDict(extra="forbid")

    store: str
    embedder: str
    files_read: int = 0
    files_skipped: int = 0  # unsupported or .gspgenignore'd files inside walked folders
    added: int = 0  # new places
    unchanged: int = 0  # same place, same text: not re-embedded, not rewritten
    replaced: int = 0  # same place, new text
    removed: int = 0  # places gone from a file that is still there
    pruned: int = 0  # documents of files no longer present (--prune)
    embedded: int = 0  # texts sent to the embedder
    failures: list[FileFailure] = []
    languages: dict[str, int] = {}  # documents of the files read, per sign language (ISO 639-3)
    undeclared: list[str] = []  # files read with no sign language declared: stored as "und"
    kept_declared: dict[str, list[str]] = {}  # file → the languages it declares over --language
    embedder_warning: str | None = None  # non-English text embedded by an English-only model

    def count_languages(self, path: str, documents: list[Document], asked: str | None = None) -> None:
        for doc in documents:
            self.languages[doc.language] = self.languages.get(doc.language, 0) + 1
        if any(doc.language == UNDETERMINED for doc in documents):
            self.undeclared.append(path)
        declared = sorted({d.language for d in documents} - {UNDETERMINED, asked or UNDETERMINED})
        if asked is not None and declared:
            self.kept_declared[path] = declared

    @property
    def ok(self) -> bool:
        return not self.failures


def summary_table(report: IngestReport) -> Table:
    table = Table(title=f"ingest → {report.store} ({report.embedder})", show_header=True)
    table.add_column("files read", justify="right")
    table.add_column("skipped", justify="right")
    table.add_column("added", justify="right")
    table.add_column("unchanged", justify="right")
    table.add_column("replaced", justify="right")
    table.add_column("removed", justify="right")
    table.add_column("pruned", justify="right")
    table.add_column("failed", justify="right", style="red" if report.failures else None)
    counts = (report.files_read, report.files_skipped, report.added, report.unchanged, report.replaced)
    table.add_row(*map(str, counts), str(report.removed), str(report.pruned), str(len(report.failures)))
    return table


def language_table(report: IngestReport) -> Table:
    """Documents per sign language among the files read ("und" = not declared)."""
    table = Table(title="documents per sign language", show_header=True)
    table.add_column("language")
    table.add_column("name")
    table.add_column("documents", justify="right")
    for code, count in sorted(report.languages.items(), key=lambda item: -item[1]):
        name = LANGUAGES.get(code, "not declared" if code == UNDETERMINED else "")
        table.add_row(code, name, str(count), style="yellow" if code == UNDETERMINED else None)
    return table


def kept_declared_note(path: str, declared: list[str], asked: str) -> str:
    """--language fills in files that declare nothing; say so when a file declares something else."""
    return (
        f"{path} declares {', '.join(declared)} (lexicon, manifest or a language field); "
        f"--language {asked} applies only to files that declare none"
    )


def undeclared_warning(path: str) -> str:
    """One line per file ingested without a sign language, saying how to declare it."""
    return (
        f"{path}: no sign language declared, stored as 'und' (describe will not ground in it); "
        f'declare it with language = "csl" (any ISO 639-3 code) in a {MANIFEST_NAME} beside it, '
        "or ingest with --language CODE"
    )


def failure_table(report: IngestReport) -> Table:
    table = Table(title="files that failed", show_header=True, title_style="bold red")
    table.add_column("file")
    table.add_column("reason")
    for failure in report.failures:
        table.add_row(failure.path, failure.reason)
    return table

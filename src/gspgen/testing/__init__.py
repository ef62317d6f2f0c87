"""Realistic stand-ins for what tests and benchmarks cannot have here: an OpenAI-compatible server on
127.0.0.1, printed sign-language dictionaries written as real PDFs, and sets with known answers.

Public surface: :class:`FakeOpenAI` and :class:`Reply` (the HTTP-level fake the real client talks to);
printed dictionaries (:class:`PrintedEntry`, :func:`chinese_entries`, :func:`turkish_entries`,
:func:`write_dictionary_pdf`, :func:`write_pdf`, :func:`write_encrypted_pdf`); CSL / TİD entries with
statements planted per slot (:class:`PlantedEntry`, :func:`csl_entries`, :func:`tid_entries`,
:func:`write_pdfs`) and their rule-made :func:`paraphrase`. The checker's adversarial set is the submodule
:mod:`gspgen.testing.adversarial`. Shipped in the package so ``bench/`` and users' own tests import them
like any other module; nothing here runs unless called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gspgen.lazy import lazy_exports

if TYPE_CHECKING:
    from gspgen.testing.fake_openai import FakeOpenAI, Reply
    from gspgen.testing.paraphrases import paraphrase
    from gspgen.testing.pdfs import write_encrypted_pdf, write_pdf
    from gspgen.testing.planted import PlantedEntry, csl_entries, tid_entries, write_pdfs
    from gspgen.testing.printed import PrintedEntry, chinese_entries, turkish_entries, write_dictionary_pdf

_EXPORTS = {
    "FakeOpenAI": "gspgen.testing.fake_openai",
    "Reply": "gspgen.testing.fake_openai",
    "paraphrase": "gspgen.testing.paraphrases",
    "write_encrypted_pdf": "gspgen.testing.pdfs",
    "write_pdf": "gspgen.testing.pdfs",
    "PlantedEntry": "gspgen.testing.planted",
    "csl_entries": "gspgen.testing.planted",
    "tid_entries": "gspgen.testing.planted",
    "write_pdfs": "gspgen.testing.planted",
    "PrintedEntry": "gspgen.testing.printed",
    "chinese_entries": "gspgen.testing.printed",
    "turkish_entries": "gspgen.testing.printed",
    "write_dictionary_pdf": "gspgen.testing.printed",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

"""The review stage: experts accept, reject or edit each generated field; the log is the truth.

Public surface: the web app (:func:`make_server`), the log (:class:`Decision`, ``REASONS``,
:func:`log_path`, :func:`read_decisions`), :func:`status` / :class:`StatusReport`, :func:`agreement` /
:class:`AgreementReport`, :func:`merge` / :class:`MergeReport`, :func:`export`, and
:func:`rejected_fields`, :class:`RejectedField` and :func:`write_rejections_file` (the typed rejections
file that ``gspgen describe --regenerate-rejected`` reads). Nothing is imported until first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gspgen.lazy import lazy_exports

if TYPE_CHECKING:
    from gspgen.rejections import RejectedField
    from gspgen.review.consensus import MergeReport, merge, rejected_fields, write_rejections_file
    from gspgen.review.handoff import export
    from gspgen.review.interrater import AgreementReport, agreement
    from gspgen.review.log import REASONS, Decision, log_path, read_decisions
    from gspgen.review.progress import StatusReport, status
    from gspgen.review.server import make_server

_EXPORTS = {
    "MergeReport": "gspgen.review.consensus",
    "merge": "gspgen.review.consensus",
    "rejected_fields": "gspgen.review.consensus",
    "write_rejections_file": "gspgen.review.consensus",
    "export": "gspgen.review.handoff",
    "AgreementReport": "gspgen.review.interrater",
    "agreement": "gspgen.review.interrater",
    "REASONS": "gspgen.review.log",
    "Decision": "gspgen.review.log",
    "log_path": "gspgen.review.log",
    "read_decisions": "gspgen.review.log",
    "StatusReport": "gspgen.review.progress",
    "status": "gspgen.review.progress",
    "make_server": "gspgen.review.server",
    "RejectedField": "gspgen.rejections",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

"""The review stage: experts accept, reject or edit each generated field; the log is the truth.

Public surface: the web app (:func:`make_server`), the log (:class:`Decision`, :func:`log_path`,
:func:`read_decisions`), :func:`status`, :func:`agreement`, :func:`merge`, :func:`export`, and
:func:`rejected_fields` and :func:`write_rejections_file` (the typed rejections file that
``gspgen describe --regenerate-rejected`` reads). Only pydantic and the standard
library are imported here.
"""

from gspgen.review.agreement import AgreementReport, agreement
from gspgen.review.handoff import export
from gspgen.review.log import REASONS, Decision, log_path, read_decisions
from gspgen.review.merge import MergeReport, RejectedField, merge, rejected_fields, write_rejections_file
from gspgen.review.server import make_server
from gspgen.review.status import StatusReport, status

__all__ = [
    "REASONS",
    "AgreementReport",
    "Decision",
    "MergeReport",
    "RejectedField",
    "StatusReport",
    "agreement",
    "export",
    "log_path",
    "make_server",
    "merge",
    "read_decisions",
    "rejected_fields",
    "status",
    "write_rejections_file",
]

"""A failure log given where description records are expected is named as such by every review command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.errors import ReviewError
from gspgen.review.progress import status

FAILED = {
    "class_id": 9,
    "glosses": ["cousin"],
    "reason": "reply truncated",
    "failed_at": "2026-11-27T16:01:14Z",
}


def test_review_status_names_a_failure_log(generated: Path) -> None:
    failed = generated.with_name(f"{generated.stem}.failed.jsonl")
    failed.write_text(json.dumps(FAILED) + "\n")
    result = CliRunner().invoke(app, ["review", "status", str(failed)])
    assert isinstance(result.exception, ReviewError)
    message = str(result.exception)
    assert message.startswith(f"{failed}: a failure log") and generated.name in message
    assert "Field required" not in message
    assert status(generated).records > 0  # the records beside it still read


def test_a_renamed_failure_log_is_recognised_by_its_lines(generated: Path) -> None:
    renamed = shutil.copy(generated, "copy.jsonl")
    Path(renamed).write_text(json.dumps(FAILED) + "\n")
    with pytest.raises(ReviewError, match="failure log.*--retry-failed"):
        status(Path(renamed))

"""The review server's JSON API and its guards: Host (DNS rebinding), Origin, CSRF token, JSON only."""

from __future__ import annotations

import http.client
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gspgen.errors import ConfigError
from gspgen.jsonio import append_jsonl
from gspgen.review import make_server, read_decisions
from gspgen.review.log import log_path
from gspgen.review.server import ReviewServer


@pytest.fixture
def server(generated: Path) -> Iterator[ReviewServer]:
    srv = make_server(generated, "ann").start()
    yield srv
    srv.close()


def _request(srv: ReviewServer, method: str, path: str, body: object = None, **headers: str):
    port = srv.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    base = {"Host": f"127.0.0.1:{port}"}
    if method == "POST":
        base |= {
            "Origin": f"http://127.0.0.1:{port}",
            "X-CSRF-Token": srv.csrf_token,
            "Content-Type": "application/json",
        }
    base |= {k.replace("_", "-"): v for k, v in headers.items()}
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=base)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    kind = response.getheader("Content-Type", "")
    return (
        response.status,
        (json.loads(data) if kind.startswith("application/json") else data.decode()),
        response,
    )


ACCEPT = {"class_id": 1, "key": "synonym.0", "decision": "accepted"}


def test_page_carries_token_and_strict_policy(server: ReviewServer) -> None:
    status, page, response = _request(server, "GET", "/")
    assert status == 200
    assert re.search(r'name="csrf-token" content="([^"]+)"', page).group(1) == server.csrf_token
    policy = response.getheader("Content-Security-Policy")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_index_and_record_are_blind_by_default(server: ReviewServer, generated: Path) -> None:
    other = make_server(generated, "ben").start()
    try:
        assert _request(other, "POST", "/api/decision", ACCEPT)[0] == 200
    finally:
        other.close()
    _, index, _ = _request(server, "GET", "/api/index")
    assert (index["reviewer"], index["reviewed"], index["total"]) == ("ann", 0, 20)
    _, record, _ = _request(server, "GET", "/api/record?class_id=1")
    assert all("others" not in f for f in record["fields"])
    assert record["evidence"][0]["source"] == "signdata-11-5-20.csv"
    _, record, _ = _request(server, "GET", "/api/record?class_id=1&others=1")
    seen = {f["key"]: f["others"] for f in record["fields"]}
    assert [d["reviewer"] for d in seen["synonym.0"]] == ["ben"]


def test_decision_is_logged(server: ReviewServer, generated: Path) -> None:
    body = {
        "class_id": 0,
        "key": "part.1",
        "decision": "rejected",
        "reason": "wrong_part",
        "note": "body not involved",
    }
    status, result, _ = _request(server, "POST", "/api/decision", body)
    assert status == 200 and result["reviewed"] == 1
    (decision,) = read_decisions(log_path(generated))
    assert (decision.reviewer, decision.key, decision.reason, decision.note) == (
        "ann",
        "part.1",
        "wrong_part",
        "body not involved",
    )
    status, result, _ = _request(
        server, "POST", "/api/decision", {"class_id": 0, "key": "part.1", "decision": "rejected"}
    )
    assert status == 422 and "reason" in result["error"]


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ({"X_CSRF_Token": "forged"}, "CSRF"),
        ({"X_CSRF_Token": ""}, "CSRF"),
        ({"Origin": "http://evil.example"}, "Origin"),
        ({"Origin": "null"}, "Origin"),
        ({"Content_Type": "text/plain"}, "Content-Type"),
        ({"Content_Type": "application/x-www-form-urlencoded"}, "Content-Type"),
        ({"Host": "evil.example:80"}, "Host"),
    ],
)
def test_cross_site_posts_are_refused(server: ReviewServer, generated: Path, headers: dict, why: str) -> None:
    status, result, _ = _request(server, "POST", "/api/decision", ACCEPT, **headers)
    assert status == 403 and why in result["error"]
    assert not log_path(generated).exists()


def test_rebinding_host_cannot_read(server: ReviewServer) -> None:
    for path in ("/", "/api/index", "/api/record?class_id=0"):
        status, _, _ = _request(server, "GET", path, Host="attacker.example:8765")
        assert status == 421
    assert _request(server, "GET", "/api/index", Host=f"localhost:{server.server_address[1]}")[0] == 200


def test_only_loopback(generated: Path) -> None:
    with pytest.raises(ConfigError, match="loopback"):
        make_server(generated, "ann", host="0.0.0.0")


@pytest.mark.slow
def test_check_flags_are_shown(generated: Path, records, asl_lex_csv: Path, tmp_path: Path) -> None:
    from gspgen.check import check_file, open_source  # the real checker against ASL-LEX

    contradicting = [r.model_copy(deep=True) for r in records]
    contradicting[2].synonyms[0] = "The thumb of the spread hand taps the forehead."  # ASL-LEX codes chin
    path = tmp_path / "flagged.jsonl"
    for record in contradicting:
        append_jsonl(path, record)
    report_path = tmp_path / "check.json"
    check_file(path, open_source(None, None, asl_lex_csv)).save(report_path)
    srv = make_server(path, "ann", check_report=report_path).start()
    try:
        _, record, _ = _request(srv, "GET", "/api/record?class_id=2")
    finally:
        srv.close()
    flags = {f["key"]: f["flags"] for f in record["fields"]}
    assert any("forehead" in message for message in flags["synonym.0"])


def test_missing_check_stage_is_reported(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gspgen.check", None)  # as if this gspgen had no check stage
    srv = make_server(generated, "ann", check_report=generated.with_name("check.json")).start()
    try:
        _, index, _ = _request(srv, "GET", "/api/index")
    finally:
        srv.close()
    assert "check flags not shown" in index["flags_note"]


def test_each_field_shows_where_its_text_came_from(records, tmp_path: Path) -> None:
    faithful = records[1].model_copy(
        update={"origins": {"global.0": "facts", "synonym.0": "generated", "synonym.1": "fallback"}}
    )
    path = tmp_path / "faithful.jsonl"
    append_jsonl(path, faithful)
    srv = make_server(path, "ann").start()
    try:
        _, record, _ = _request(srv, "GET", f"/api/record?class_id={faithful.class_id}")
    finally:
        srv.close()
    origins = {f["key"]: f["origin"] for f in record["fields"]}
    assert origins["global.0"] == "facts" and origins["synonym.0"] == "generated"
    assert origins["synonym.1"] == "fallback" and origins["part.0"] is None  # older records: none known


def test_describes_own_flags_are_shown_without_a_check_report(records, tmp_path: Path) -> None:
    """A text no fact source could check carries describe's flags (broken English, unsupported claims)."""
    flagged = records[1].model_copy(update={"flags": {"synonym.0": ["reads as broken English: 'the and'"]}})
    path = tmp_path / "flagged.jsonl"
    append_jsonl(path, flagged)
    srv = make_server(path, "ann").start()
    try:
        _, record, _ = _request(srv, "GET", f"/api/record?class_id={flagged.class_id}")
    finally:
        srv.close()
    flags = {f["key"]: f["flags"] for f in record["fields"]}
    assert flags["synonym.0"] == ["reads as broken English: 'the and'"] and flags["global.0"] == []

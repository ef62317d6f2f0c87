"""The review page in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Loads a generated file (the repository's outputs/*.jsonl when one exists, else the ASL-LEX fixture),
accepts one field, edits one, rejects one with a note — by keyboard — reloads, and finds all three
both on the page and in the log. A second test feeds the page LLM output containing markup.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from gspgen.jsonio import append_jsonl
from gspgen.records import DescriptionRecord
from gspgen.review import make_server, read_decisions
from gspgen.review.log import load_records, log_path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO_OUTPUTS = Path(__file__).resolve().parents[2] / "outputs"
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One Chromium for the module (starting it is most of the cost)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():  # a missing browser must not pass silently: the issue requires this test
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (scripts/setup --test does)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()
    assert dialogs == [], f"a dialog opened: {dialogs}"


def _real_or_fixture(generated: Path, tmp_path: Path) -> Path:
    """A real generated file from the repository if there is one (copied: the log goes beside it)."""
    logs = (".review.jsonl", ".failed.jsonl")  # decision logs and describe's failure logs are not records
    real = sorted(p for p in REPO_OUTPUTS.glob("*.jsonl") if not p.name.endswith(logs))
    if not real:
        return generated
    copy = tmp_path / "real" / real[0].name
    copy.parent.mkdir()
    shutil.copy(real[0], copy)
    return copy


def test_accept_edit_reject_survive_reload(browser_page, generated: Path, tmp_path: Path) -> None:
    path = _real_or_fixture(generated, tmp_path)
    target = next(r for r in load_records(path) if len(r.field_texts()) >= 3)
    keys = list(target.field_texts())[:3]
    server = make_server(path, "ann").start()
    page = browser_page
    try:
        page.goto(f"{server.url}#{target.class_id}")
        field = lambda key: page.locator(f'#fields li[data-key="{key}"]')  # noqa: E731
        field(keys[0]).wait_for()
        page.keyboard.press("a")
        field(keys[0]).and_(page.locator('[data-status="accepted"]')).wait_for()

        page.keyboard.press("e")  # the next field is now active
        page.locator("#fields textarea").fill("Edited by the expert: hands move as the dictionary says.")
        page.keyboard.press("Control+Enter")
        field(keys[1]).and_(page.locator('[data-status="edited"]')).wait_for()

        page.keyboard.press("r")
        page.locator("#fields select:focus").wait_for()  # the form focuses its reason list first
        page.keyboard.press("3")  # third reason in the list: hallucinated
        page.keyboard.type("not in ASL-LEX")
        page.keyboard.press("Enter")
        field(keys[2]).and_(page.locator('[data-status="rejected"]')).wait_for()

        page.reload()
        field(keys[0]).wait_for()
        assert [field(k).get_attribute("data-status") for k in keys] == ["accepted", "edited", "rejected"]
        assert "Edited by the expert" in field(keys[1]).locator(".after").text_content()
        assert field(keys[2]).locator(".reason").text_content() == "hallucinated"
        assert field(keys[2]).locator(".note").text_content() == "not in ASL-LEX"
        assert page.locator("#progress-text").text_content().startswith("reviewed 3 /")
    finally:
        server.close()
    logged = {d.key: d for d in read_decisions(log_path(path))}
    assert [logged[k].decision for k in keys] == ["accepted", "edited", "rejected"]
    assert logged[keys[1]].before == target.field_texts()[keys[1]]
    assert logged[keys[2]].reason == "hallucinated" and logged[keys[2]].note == "not in ASL-LEX"
    assert all(d.reviewer == "ann" and d.class_id == target.class_id for d in logged.values())


def test_undo_restores_the_earlier_decision_then_pending(browser_page, generated: Path) -> None:
    target = load_records(generated)[0]
    key = next(iter(target.field_texts()))
    server = make_server(generated, "ann").start()
    page = browser_page
    status = lambda value: page.locator(f'#fields li[data-key="{key}"][data-status="{value}"]')  # noqa: E731
    try:
        page.goto(f"{server.url}#{target.class_id}")
        status("pending").wait_for()
        page.keyboard.press("a")
        status("accepted").wait_for()
        page.keyboard.press("k")  # back to the accepted field, then change my mind
        page.keyboard.press("r")
        page.locator("#fields select:focus").wait_for()  # the form focuses its reason list first
        page.keyboard.press("1")
        page.keyboard.press("Enter")
        status("rejected").wait_for()
        page.keyboard.press("u")
        status("accepted").wait_for()
        page.keyboard.press("u")
        status("pending").wait_for()
        page.reload()
        status("pending").wait_for()
        assert page.locator("#progress-text").text_content().startswith("reviewed 0 /")
    finally:
        server.close()
    logged = [d.decision for d in read_decisions(log_path(generated)) if d.key == key]
    assert logged == ["accepted", "rejected", "accepted", "withdrawn"]  # undo appends, nothing is lost


def test_llm_markup_is_shown_as_text(browser_page, records: list[DescriptionRecord], tmp_path: Path) -> None:
    hostile = records[0].model_copy(deep=True)
    hostile.synonyms[0] = HOSTILE
    hostile.evidence[0].text = f"{hostile.evidence[0].text} {HOSTILE}"
    hostile.glosses[0] = "<b>BOOK</b>"
    path = tmp_path / "hostile.jsonl"
    append_jsonl(path, hostile)
    server = make_server(path, "ann").start()
    page = browser_page
    try:
        page.goto(server.url)
        synonym = page.locator('#fields li[data-key="synonym.0"] .text')
        synonym.wait_for()
        assert synonym.text_content() == HOSTILE
        assert page.locator("#gloss").text_content().startswith("<b>BOOK</b>")
        assert (
            page.locator("#fields script, #fields img, #evidence script, #evidence img, #gloss b").count()
            == 0
        )
        assert HOSTILE in page.locator("#evidence .excerpt").text_content()
        assert page.evaluate("window.__pwned") is None
    finally:
        server.close()

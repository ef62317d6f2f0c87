"""Entry detection on lines as a PDF gives them: headword parsing, labels, running heads, page tops."""

from __future__ import annotations

import pytest

from gspgen.corpus.headwords import Head, Line, Rules, Style, parse_head, split_entries

BODY, HEAD, SMALL = Style(10.0), Style(13.0, bold=True), Style(8.0)


@pytest.mark.parametrize(
    ("line", "head"),
    [
        ("抹布 [rag]", Head("抹布", ["rag"], [])),
        ("外祖父（外公） [maternal grandfather]", Head("外祖父", ["maternal grandfather"], ["外公"])),
        ("暖（温暖、暖和）", Head("暖", [], ["温暖", "暖和"])),
        ("abla (older sister)", Head("abla", ["older sister"], [])),
        ("ağabey, abi (older brother)", Head("ağabey", ["older brother"], ["abi"])),
        ("12. çay 【tea; black tea】", Head("çay", ["tea", "black tea", "tea; black tea"], [])),
        ("打¹：", Head("打¹", [], [])),
    ],
)
def test_parse_head(line: str, head: Head) -> None:
    assert parse_head(line) == head


def _page(page: int, rows: list[tuple[str, Style]], top: float = 770.0) -> list[Line]:
    return [Line([(text, style)], page=page, y=top - 14 * n) for n, (text, style) in enumerate(rows)]


def test_page_top_body_lines_that_repeat_stay_in_their_entries() -> None:
    """Templated bodies: two pages open with the same words, set like the body, at the usual spacing."""
    lines = [
        *_page(1, [("Sözlük 1", BODY), ("abla (sister)", HEAD), ("Sağ el yumruk", BODY), ("1", SMALL)], 806),
        *_page(
            2, [("Sağ el yumruk yapılır", BODY), ("ağaç (tree)", HEAD), ("Sağ el açık", BODY), ("2", SMALL)]
        ),
        *_page(3, [("Sağ el yukarı", BODY), ("çay (tea)", HEAD), ("İki el", BODY), ("3", SMALL)]),
    ]
    entries = split_entries(lines, Rules())
    assert [e.head.headword for e in entries] == ["abla", "ağaç", "çay"]
    assert [e.body for e in entries] == [
        ["Sağ el yumruk", "Sağ el yumruk yapılır"],
        ["Sağ el açık", "Sağ el yukarı"],
        ["İki el"],
    ]


def test_running_head_in_body_type_is_dropped_when_set_apart() -> None:
    pages = []
    for number, word in enumerate(["abla", "ağaç", "çay"], start=1):
        page = [Line([("Türk İşaret Dili Sözlüğü", BODY)], page=number, y=806)]
        page += [Line([(f"{word} (x)", HEAD)], page=number, y=770)]
        page += [Line([(f"Sağ el yumruk {k}", BODY)], page=number, y=751 - 14 * k) for k in range(3)]
        pages += page
    entries = split_entries(pages, Rules())
    body = [f"Sağ el yumruk {k}" for k in range(3)]
    assert [(e.head.headword, e.body) for e in entries] == [(w, body) for w in ["abla", "ağaç", "çay"]]


def test_repeated_bold_labels_are_not_headwords() -> None:
    """Bold labels open more lines than the headwords do; they repeat, headwords do not."""
    lines: list[Line] = []
    for n, word in enumerate(["前途", "形势", "局势", "动态"]):
        lines += [
            Line([(word, HEAD)], page=1, y=700 - 60 * n),
            Line([("双手平伸，掌心向下。", BODY)], page=1, y=686 - 60 * n),
            Line([("例句：", Style(10.0, bold=True)), ("他的前途很好。", BODY)], page=1, y=672 - 60 * n),
            Line([("注意：", Style(10.0, bold=True)), ("动作要慢。", BODY)], page=1, y=658 - 60 * n),
        ]
    entries = split_entries(lines, Rules())
    assert [e.head.headword for e in entries] == ["前途", "形势", "局势", "动态"]
    assert all(
        e.body == ["双手平伸，掌心向下。", "例句：他的前途很好。", "注意：动作要慢。"] for e in entries
    )

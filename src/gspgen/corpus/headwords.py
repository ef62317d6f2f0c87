"""Printed dictionaries → entries: which lines are headwords, which are running headers, and what text
belongs to each entry.

A dictionary is a sequence of entries, each a headword line (the headword, maybe alternative forms and
a translation in brackets) followed by a body paragraph. Loaders turn a file into :class:`Line`s (with
the font style of each run when the format has one) and :func:`split_entries` finds the entries:

1. Furniture — running headers, footers, page numbers — is the first or last line of a page that is a
   page number, repeats at the page edge on other pages, or is set smaller than the body text.
2. Headword lines are found by the first signal present: a manifest regex; a heading style (larger or
   bold type, also run-in at the start of a body line); markdown headings; a bracketed translation
   (``抹布 [rag]``, ``abla (older sister)``); a short line that opens a block and is followed by text.
3. Every following line up to the next headword, across page breaks, is the entry's body.

No signal, too few entries, or "entries" of several pages of prose (a report with bold section titles)
mean the file is not laid out as a dictionary and is chunked as before.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from gspgen.corpus.documents import gloss_key

_TRANSLATION_BRACKETS = {"[", "【", "〔"}
_GROUP = re.compile(r"[\[【〔(（]([^\[\]【】〔〕()（）]{1,80})[\]】〕)）]")
_HEAD_LINE = re.compile(
    r"^(?P<head>[^\[\]【】〔〕()（）:：。.!?！？;；]{1,40}?)\s*"
    r"(?P<groups>(?:[\[【〔(（][^\[\]【】〔〕()（）]{1,80}[\]】〕)）]\s*)+)$"
)
_LEADING_GROUPS = re.compile(r"^(?:\s*[\[【〔(（][^\[\]【】〔〕()（）]{1,80}[\]】〕)）])+")
_GUIDE_SEPARATOR = re.compile(r"\s*[—–~～|·]\s*|\s+-\s+|\s{2,}")
_NUMBERING = re.compile(r"^\s*\d{1,4}\s*[.)、．]\s*")
_PAGE_NUMBER = re.compile(
    r"(?i)^[\W_]*(?:page|p\.|sayfa|seite|s\.|第)?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*(?:页|頁)?[\W_]*$"
)
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_SPLIT_FORMS = re.compile(r"\s*[/、|]\s*|\s*[,，;；]\s*")
_SENTENCE_END = tuple("。．.!?！？;；:：,，、")
_MIN_ENTRIES = 2
_MAX_MEDIAN_ENTRY = 1500  # characters; dictionary entries are a paragraph or two
_EDGE_LINES = 2  # a page may have a running head and a page number above or below the text
_HEAD_WORDS = 5  # a headword is a word or a short phrase
_HEAD_CHARS = 40


@dataclass(frozen=True)
class Style:
    """How a run of text is set: size in points (0 = unknown) and weight."""

    size: float = 0.0
    bold: bool = False


@dataclass
class Line:
    """One printed line: its runs (text, style), page and place in the file's text."""

    runs: list[tuple[str, Style]]
    page: int | None = None
    y: float | None = None  # PDF: baseline height on the page (larger = higher)
    start: int = 0  # character offset of the line in the file's text
    heading_level: int = 0  # markdown: number of '#'

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs).strip()

    @property
    def style(self) -> Style:
        """The style that sets most of the line's characters."""
        counts: Counter[Style] = Counter()
        for text, style in self.runs:
            counts[style] += len(text.strip())
        return counts.most_common(1)[0][0] if counts else Style()


@dataclass
class Head:
    """A parsed headword line."""

    headword: str
    translations: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)


@dataclass
class Entry:
    """A headword line and the lines of its body (which may run over a page break)."""

    head_text: str
    head: Head
    page: int | None
    start: int
    end: int
    body: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.head_text + ("\n" + join_lines(self.body) if self.body else "")


@dataclass(frozen=True)
class Rules:
    """Per-corpus overrides from the manifest: a headword regex and lines to skip."""

    headword: re.Pattern[str] | None = None
    skip: tuple[re.Pattern[str], ...] = ()


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in {"W", "F"}


def _has_wide(text: str) -> bool:
    return any(_wide(c) for c in text)


def join_lines(lines: list[str]) -> str:
    """Body lines as one paragraph: CJK text joins directly, words with a space, hyphenated words whole."""
    text = ""
    for line in lines:
        if not text:
            text = line
        elif _wide(text[-1]) or _wide(line[0]):
            text += line
        elif text.endswith("-") and text[-2:-1].isalpha() and line[0].islower():
            text = text[:-1] + line
        else:
            text += " " + line
    return text


def parse_head(text: str) -> Head:
    """``外祖父（外公） [maternal grandfather]`` → 外祖父, translation, variant 外公.

    Square brackets hold translations; parentheses hold an alternative form when they are written in the
    headword's script (CJK in CJK), a translation otherwise (``abla (older sister)``).
    """
    text = _NUMBERING.sub("", text).strip().rstrip(":：")
    head_part = _GROUP.sub(" ", text).strip()
    forms = [f for f in _SPLIT_FORMS.split(head_part) if f.strip()]
    headword = forms[0].strip() if forms else text
    head = Head(headword=headword, variants=[f.strip() for f in forms[1:]])
    for match in _GROUP.finditer(text):
        opening = match.group(0)[0]
        content = match.group(1).strip()
        if opening not in _TRANSLATION_BRACKETS and _has_wide(content) and _has_wide(headword):
            head.variants += [f for f in _SPLIT_FORMS.split(content) if f]
        else:
            parts = [p for p in re.split(r"\s*[;；,，/]\s*", content) if p]
            head.translations += parts + ([content] if len(parts) > 1 else [])
    return head


def _short(text: str) -> bool:
    return len(text) <= _HEAD_CHARS and len(text.split()) <= _HEAD_WORDS


def bracketed_head(text: str) -> bool:
    """A line that is only a short headword and bracketed translations or forms."""
    match = _HEAD_LINE.match(_NUMBERING.sub("", text.strip()))
    return bool(match) and _short(match.group("head").strip()) if match else False


# -- furniture ---------------------------------------------------------------------------------------
def _edge_key(text: str) -> str:
    """A header's stable part: without digits, and only its first word (the rest may name headwords)."""
    words = re.sub(r"\d+", "", text).split()
    return " ".join(words[:1])[:12].casefold()


def _gap(lines: list[Line], i: int, j: int) -> float:
    """Vertical distance between two lines of a page (0 when either has no position)."""
    a, b = lines[i].y, lines[j].y
    return abs(a - b) if a is not None and b is not None else 0.0


class _Edges:
    """What the first and last lines of the pages look like, to tell running heads from text."""

    def __init__(self, lines: list[Line], pages: dict[int | None, list[int]]) -> None:
        self.lines = lines
        self.pages = len(pages)
        self.body = _body_style(lines)
        gaps = sorted(_gap(lines, a, b) for ids in pages.values() for a, b in zip(ids, ids[1:], strict=False))
        self.leading = gaps[len(gaps) // 2] if gaps else 0.0
        self.keys: Counter[tuple[str, str]] = Counter()
        for ids in pages.values():
            for side, edge in (("top", ids[:_EDGE_LINES]), ("bottom", ids[-_EDGE_LINES:])):
                self.keys.update({(side, _edge_key(lines[i].text)) for i in edge})

    def furniture(self, side: str, i: int, neighbour: int | None) -> bool:
        """A page number; a smaller line; or a line repeated at this edge of other pages that is set apart
        from the text (another style, or a wider gap than the line spacing)."""
        line = self.lines[i]
        if _PAGE_NUMBER.match(line.text) or 0 < line.style.size < 0.9 * self.body.size:
            return True
        if self.pages < 2 or self.keys[(side, _edge_key(line.text))] < 2:
            return False
        apart = neighbour is not None and _gap(self.lines, i, neighbour) > 1.6 * self.leading > 0
        return line.style != self.body or apart


def furniture(lines: list[Line], rules: Rules) -> set[int]:
    """Indexes of running headers, footers and page numbers (and of lines the manifest skips)."""
    marked = {i for i, line in enumerate(lines) if any(p.search(line.text) for p in rules.skip)}
    pages: dict[int | None, list[int]] = {}
    for i, line in enumerate(lines):
        if i not in marked and line.page is not None:
            pages.setdefault(line.page, []).append(i)
    if not pages:
        return marked
    edges = _Edges(lines, pages)
    for ids in pages.values():
        for order in (ids, ids[::-1]):
            side = "top" if order is ids else "bottom"
            for n, i in enumerate(order[:_EDGE_LINES]):
                if not edges.furniture(side, i, order[n + 1] if n + 1 < len(order) else None):
                    break
                marked.add(i)
    return marked


def _body_style(lines: list[Line]) -> Style:
    counts: Counter[Style] = Counter()
    for line in lines:
        for text, style in line.runs:
            counts[style] += len(text.strip())
    return counts.most_common(1)[0][0] if counts else Style()


# -- headword lines ----------------------------------------------------------------------------------
def _heading_style(style: Style, body: Style) -> bool:
    return (style.size > 1.08 * body.size > 0) or (style.bold and not body.bold)


def _by_style(lines: list[Line], keep: list[int]) -> dict[int, int]:
    """Lines that open with a run in the headword style: index → how many characters are the head.

    The headword style is the heading style (larger or bolder than the body) that opens most lines; a
    title or section letters set in another one are not headwords, and nor are labels such as ``例句：``
    that open many entries' bodies.
    """
    body = _body_style([lines[i] for i in keep])
    found: dict[int, tuple[str, Style]] = {}
    for i in keep:
        head, style = "", None
        for text, run_style in lines[i].runs:
            if not _heading_style(run_style, body) and text.strip():
                break
            head += text
            style = style or (run_style if text.strip() else None)
        head = head.strip()
        if head and style and (_short(_GROUP.sub("", head).strip()) or bracketed_head(head)):
            found[i] = (head, style)
    labels = Counter(head for head, _ in found.values() if head.endswith((":", "：")))
    styles = Counter(style for head, style in found.values() if labels[head] < 3)
    if not styles:
        return {}
    dominant = styles.most_common(1)[0][0]
    return {i: len(head) for i, (head, style) in found.items() if style == dominant and labels[head] < 3}


def _sections(lines: list[Line], keep: list[int], heads: dict[int, int]) -> set[int]:
    """Short lines wholly in another heading style (a title, section letters): part of no entry."""
    body = _body_style([lines[i] for i in keep])
    return {
        i
        for i in keep
        if i not in heads
        and _short(lines[i].text)
        and _heading_style(lines[i].style, body)
        and all(_heading_style(style, body) for text, style in lines[i].runs if text.strip())
    }


def _by_markdown(lines: list[Line], keep: list[int]) -> dict[int, int]:
    levels = Counter(lines[i].heading_level for i in keep if lines[i].heading_level)
    if not levels:
        return {}
    level = max(levels, key=lambda lv: (levels[lv], lv))
    return {i: len(lines[i].text) for i in keep if lines[i].heading_level == level}


def _by_regex(lines: list[Line], keep: list[int], pattern: re.Pattern[str]) -> dict[int, int]:
    heads = {}
    for i in keep:
        match = pattern.match(lines[i].text)
        if match:
            heads[i] = match.end()
    return heads


def _by_brackets(lines: list[Line], keep: list[int]) -> dict[int, int]:
    return {i: len(lines[i].text) for i in keep if bracketed_head(lines[i].text)}


def _by_shape(lines: list[Line], keep: list[int], blank_before: set[int]) -> dict[int, int]:
    """A short line without closing punctuation that opens a block and has text after it."""
    heads = {}
    for n, i in enumerate(keep[:-1]):
        text = lines[i].text
        opens = n == 0 or i in blank_before or lines[keep[n - 1]].text.endswith(_SENTENCE_END)
        follows = keep[n + 1] not in blank_before and len(lines[keep[n + 1]].text) > len(text)
        if opens and follows and _short(text) and not text.endswith(_SENTENCE_END):
            heads[i] = len(text)
    return heads


def _headword_lines(
    lines: list[Line], keep: list[int], rules: Rules, blank_before: set[int]
) -> tuple[dict[int, int], set[int]]:
    """Headword lines (index → length of the head) and lines that belong to no entry."""
    if rules.headword is not None:
        return _by_regex(lines, keep, rules.headword), set()
    # The signal that opens the most entries wins: bold section titles over plain bracketed headwords
    # must not turn sections into entries. Ties keep this order.
    found = [finder(lines, keep) for finder in (_by_style, _by_markdown, _by_brackets)]
    heads = max(found, key=len)
    if len(heads) >= _MIN_ENTRIES:
        return heads, _sections(lines, keep, heads)
    heads = _by_shape(lines, keep, blank_before)
    blocks = 1 + len(blank_before)
    return (heads if len(heads) >= max(3, blocks // 2) else {}), set()


def _guide_words(lines: list[Line], keep: list[int], heads: dict[int, int]) -> set[int]:
    """Running heads that name the page's first and last headwords (``前途—形势``): an edge line made of
    two or more headwords of the dictionary."""
    words = {gloss_key(parse_head(lines[i].text[:n]).headword) for i, n in heads.items()}
    pages: dict[int, list[int]] = {}
    for i in keep:
        if (page := lines[i].page) is not None:
            pages.setdefault(page, []).append(i)
    guides = set()
    for ids in pages.values():
        for i in {*ids[:_EDGE_LINES], *ids[-_EDGE_LINES:]}:
            parts = [p for p in _GUIDE_SEPARATOR.split(lines[i].text) if p.strip()]
            if len(parts) >= 2 and sum(gloss_key(p) in words for p in parts) >= 2:
                guides.add(i)
    return guides


# -- entries -----------------------------------------------------------------------------------------
def split_entries(lines: list[Line], rules: Rules, blank_before: set[int] | None = None) -> list[Entry]:
    """The entries of a file's lines, in order; [] when the file is not laid out as entries."""
    blank_before = blank_before or set()
    skip = furniture(lines, rules)
    keep = [i for i, line in enumerate(lines) if i not in skip and line.text]
    heads, outside = _headword_lines(lines, keep, rules, blank_before)
    guides = _guide_words(lines, keep, heads)
    heads = {i: n for i, n in heads.items() if i not in guides}
    outside |= guides
    entries: list[Entry] = []
    current: Entry | None = None
    for i in keep:
        line = lines[i]
        if i in heads:
            head_text, rest = _with_brackets(line.text[: heads[i]].strip(), line.text[heads[i] :].strip())
            match = rules.headword.match(line.text) if rules.headword else None
            end = line.start + len(line.text)
            current = Entry(head_text, _head(head_text, match), line.page, line.start, end)
            entries.append(current)
            if rest:
                current.body.append(rest)
        elif current is not None and i not in outside:
            current.body.append(line.text)
            current.end = line.start + len(line.text)
    entries = [e for e in entries if e.body or e.head.translations]
    lengths = sorted(len(e.text) for e in entries)
    if lengths and lengths[len(lengths) // 2] > _MAX_MEDIAN_ENTRY and rules.headword is None:
        return []  # sections of prose under bold headings, not dictionary entries
    return entries


def _with_brackets(head: str, rest: str) -> tuple[str, str]:
    """A headword set in bold is often followed by its translation in the regular face: ``**抹布** [rag]``.
    Bracket groups that open the rest of the line belong to the headword line."""
    match = _LEADING_GROUPS.match(rest)
    if match is None:
        return head, rest
    return f"{head} {match.group(0).strip()}", rest[match.end() :].strip()


def _head(text: str, match: re.Match[str] | None) -> Head:
    """Parse a headword line; a manifest regex's named groups (headword, translation) take precedence."""
    groups = match.groupdict() if match else {}
    head = parse_head(groups.get("headword") or text)
    if groups.get("headword"):
        head.headword = groups["headword"].strip()
    if groups.get("translation"):
        head.translations = [groups["translation"].strip(), *head.translations]
    return head


def text_lines(text: str, *, markdown: bool) -> tuple[list[Line], set[int]]:
    """A text file's non-blank lines (with their offsets) and which of them follow a blank line."""
    lines: list[Line] = []
    blank_before: set[int] = set()
    offset = 0
    pending_blank = False
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if not stripped:
            pending_blank = True
        else:
            heading = _MARKDOWN_HEADING.match(stripped) if markdown else None
            content = heading.group(2) if heading else stripped
            start = offset + raw.index(content[0]) if content else offset
            if pending_blank and lines:
                blank_before.add(len(lines))
            lines.append(
                Line([(content, Style())], start=start, heading_level=len(heading.group(1)) if heading else 0)
            )
            pending_blank = False
        offset += len(raw)
    return lines, blank_before

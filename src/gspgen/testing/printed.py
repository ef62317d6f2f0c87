"""Printed-layout dictionary PDFs, written at test time: what a scanned-and-OCR'd or typeset sign-language
dictionary looks like to a text extractor.

Each page has a running header (the dictionary's title and the first headword on the page), a page
number at the foot, and entries set as a bold, larger headword line — the headword, alternative forms
in full-width parentheses, a translation in brackets — followed by a short body paragraph wrapped to the
column width. Entries flow from page to page, so some entry is split by a page break.

Text is set in Type0 fonts (Identity-H, one 2-byte code per character, code = Unicode code point) with a
ToUnicode CMap, as PDF producers write CJK and Turkish text: the glyphs need not render (no font program
is embedded), but the text layer extracts exactly. The layout is deterministic: same entries, same bytes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gspgen.resources import bundled_path
from gspgen.testing.pdfs import pdf_file

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
_LEFT, _TOP, _BOTTOM = 64, 770, 80
_HEADER_Y, _FOOTER_Y = 806, 42
_HEAD_SIZE, _BODY_SIZE, _HEADER_SIZE = 13.0, 10.0, 8.0
_HEAD_LEADING, _BODY_LEADING, _ENTRY_GAP = 19.0, 14.0, 8.0
_TITLES = {"csl": "中国手语词典", "tsm": "Türk İşaret Dili Sözlüğü", "ase": "ASL Dictionary"}


@dataclass(frozen=True)
class PrintedEntry:
    """One dictionary entry as printed: ``外祖父（外公） [maternal grandfather]`` and its paragraph."""

    headword: str
    translation: str
    body: str
    variants: Sequence[str] = field(default_factory=tuple)

    def head_line(self, brackets: str = "[]") -> str:
        """CJK alternative forms in full-width parentheses, others after a comma; then the translation."""
        if any(_wide(c) for c in self.headword):
            head = self.headword + (f"（{'、'.join(self.variants)}）" if self.variants else "")
        else:
            head = ", ".join([self.headword, *self.variants])
        return f"{head} {brackets[0]}{self.translation}{brackets[1]}"


@dataclass
class _Line:
    text: str
    font: str  # "F1" regular, "F2" bold
    size: float
    x: float
    y: float
    role: str  # "head" (a headword line, maybe with a run-in body), "body", "furniture"
    tail: str = ""  # run-in layout: body text set on the headword's baseline, in the regular face
    headword: str = ""  # head lines: the entry's headword


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in {"W", "F"}


def _advance(text: str, size: float) -> float:
    return sum(size if _wide(c) else size * 0.5 for c in text)


def wrap(text: str, size: float, width: float) -> list[str]:
    """Break a paragraph into lines of at most ``width`` points: between words, or anywhere in CJK."""
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        if current and _advance(current + token, size) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current.strip():
        lines.append(current.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for char in text:
        if _wide(char) or not tokens or _wide(tokens[-1][-1]) or char == " " or tokens[-1].endswith(" "):
            tokens.append(char)
        else:
            tokens[-1] += char
    return tokens


def layout(
    entries: Sequence[PrintedEntry],
    language: str,
    title: str | None = None,
    brackets: str = "[]",
    headword_style: str = "bold",
    header_size: float = _HEADER_SIZE,
    sections: bool = False,
    columns: int = 1,
    guide_words: bool = False,
) -> list[list[_Line]]:
    """Entries flowed onto pages: headers, page numbers, headword lines and wrapped bodies.

    ``headword_style``: "bold" (a larger bold line of its own), "mixed" (the same, but the bracketed
    translation in the regular face), "run-in" (bold at body size, the body following on the same line)
    or "plain" (the body's face and size: only the brackets tell). ``sections``: a title and a subtitle
    open page 1, and a section line (a larger bold letter, or 第N部分 every 15 CJK entries) precedes each
    group of entries. ``columns``: 2 sets the text in two columns, filled one after the other.
    ``guide_words``: the running head names the page's first and last headword (前途—形势), set like a
    headword, instead of the title.
    """
    gutter = 24.0
    width = (PAGE_WIDTH - 2 * _LEFT - gutter * (columns - 1)) / columns
    pages: list[list[_Line]] = []
    at = {"x": _LEFT, "y": _BOTTOM - 1.0, "column": columns - 1}  # forces a first page

    def room() -> None:
        """Move to the next column or page when the current one is full."""
        if at["y"] >= _BOTTOM:
            return
        if at["column"] + 1 < columns:
            at["column"] += 1
        else:
            pages.append([])
            at["column"] = 0
        at["x"], at["y"] = _LEFT + at["column"] * (width + gutter), _TOP

    def put(text: str, font: str, size: float, role: str, leading: float, tail: str = "") -> None:
        room()
        headword = entry.headword if role == "head" else ""
        pages[-1].append(_Line(text, font, size, at["x"], at["y"], role, tail, headword))
        at["y"] -= leading

    heading = title or _TITLES.get(language, "Sign Language Dictionary")
    section = ""
    if sections:
        room()
        put(heading, "F2", 22.0, "furniture", 28)
        put("2026 · gspgen test edition", "F1", _BODY_SIZE, "furniture", 32)
    for n, entry in enumerate(entries):
        cjk = any(_wide(c) for c in entry.headword)
        group = f"第{n // 15 + 1}部分" if cjk else entry.headword[:1].replace("i", "İ").upper()
        if sections and group != section:
            section = group
            put(section, "F2", 16.0, "furniture", 24)
        head = entry.head_line(brackets)
        body = wrap(entry.body, _BODY_SIZE, width)
        if headword_style == "run-in":
            first = wrap(entry.body, _BODY_SIZE, width - _advance(head + " ", _BODY_SIZE))[0]
            body = wrap(entry.body[len(first) :].strip(), _BODY_SIZE, width)
            put(head, "F2", _BODY_SIZE, "head", _BODY_LEADING, tail=" " + first)
        elif headword_style == "mixed":  # bold headword, the bracketed translation in the body face
            word, _, translation = head.rpartition(f" {brackets[0]}")
            put(word, "F2", _HEAD_SIZE, "head", _HEAD_LEADING, tail=f" {brackets[0]}{translation}")
        elif headword_style == "plain":
            put(head, "F1", _BODY_SIZE, "head", _BODY_LEADING)
        else:
            put(head, "F2", _HEAD_SIZE, "head", _HEAD_LEADING)
        for text in body:  # bodies run on over column and page breaks, as in a dense dictionary
            put(text, "F1", _BODY_SIZE, "body", _BODY_LEADING)
        at["y"] -= _ENTRY_GAP
    for number, lines in enumerate(pages, start=1):
        on_page = [line.headword for line in lines if line.role == "head"]
        if guide_words and on_page:  # the page's first and last headword, set like a headword
            header = _Line(f"{on_page[0]}—{on_page[-1]}", "F2", _HEAD_SIZE, _LEFT, _HEADER_Y, "furniture")
        else:
            text = f"{heading}    {on_page[0] if on_page else ''}".rstrip()
            header = _Line(text, "F1", header_size, _LEFT, _HEADER_Y, "furniture")
        lines.insert(0, header)
        lines.append(_Line(f"— {number} —", "F1", header_size, PAGE_WIDTH / 2 - 12, _FOOTER_Y, "furniture"))
    return pages


def _hex(text: str) -> str:
    return "".join(f"{ord(c):04X}" for c in text)


def _content(lines: list[_Line]) -> bytes:
    ops = []
    for line in lines:
        ops.append(
            f"BT /{line.font} {line.size:g} Tf 1 0 0 1 {line.x:.2f} {line.y:.2f} Tm <{_hex(line.text)}> Tj"
            + (f" /F1 {_BODY_SIZE:g} Tf <{_hex(line.tail)}> Tj" if line.tail else "")
            + " ET"
        )
    return ("\n".join(ops) + "\n").encode("ascii")


def _to_unicode(chars: set[str]) -> bytes:
    codes = sorted(ord(c) for c in chars)
    blocks = [codes[i : i + 100] for i in range(0, len(codes), 100)]
    body = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for block in blocks:
        body.append(f"{len(block)} beginbfchar")
        body += [f"<{c:04X}> <{c:04X}>" for c in block]
        body.append("endbfchar")
    body += ["endcmap CMapName currentdict /CMap defineresource pop end end"]
    return ("\n".join(body) + "\n").encode("ascii")


def _widths(chars: set[str]) -> str:
    """Per-code advance widths (1000 = one em), so extractors see where characters end."""
    return " ".join(f"{ord(c)} [{1000 if _wide(c) else 500}]" for c in sorted(chars))


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"endstream"


def split_by_page_break(
    entries: Sequence[PrintedEntry],
    language: str = "csl",
    brackets: str = "[]",
    headword_style: str = "bold",
    sections: bool = False,
    columns: int = 1,
    guide_words: bool = False,
) -> list[str]:
    """Headwords whose body runs over a page break in :func:`write_dictionary_pdf`'s layout."""
    pages = layout(
        entries,
        language,
        brackets=brackets,
        headword_style=headword_style,
        sections=sections,
        columns=columns,
    )
    split = []
    for before, after in zip(pages, pages[1:], strict=False):
        if after[1].role == "body":  # after[0] is the running header
            head = next(line for line in reversed(before) if line.role == "head")
            split.append(head.text + (head.tail if headword_style == "mixed" else ""))
    heads = {entry.head_line(brackets): entry.headword for entry in entries}
    return [heads[line] for line in split]


def write_dictionary_pdf(
    path: Path,
    entries: Sequence[PrintedEntry],
    language: str = "csl",
    *,
    title: str | None = None,
    brackets: str = "[]",
    headword_style: str = "bold",
    header_size: float = _HEADER_SIZE,
    sections: bool = False,
    columns: int = 1,
    guide_words: bool = False,
) -> Path:
    """A printed-layout dictionary of ``entries`` (several a page, header, page numbers) at ``path``.

    ``brackets`` encloses the translation on the headword line: ``"[]"`` (抹布 [rag]) or ``"()"``
    (abla (older sister)); ``headword_style``, ``header_size``, ``sections``, ``columns`` and
    ``guide_words`` vary the typesetting (see :func:`layout`).
    """
    pages = layout(
        entries, language, title, brackets, headword_style, header_size, sections, columns, guide_words
    )
    chars = {c for lines in pages for line in lines for c in line.text + line.tail}
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    objects.append(_stream(_to_unicode(chars)))  # 3
    fonts = []
    for name in ("SourceHanSerif-Regular", "SourceHanSans-Bold"):
        descriptor = len(objects) + 1
        flags = 4 | (262144 if name.endswith("Bold") else 0)
        objects.append(
            b"<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [0 -120 1000 880] /ItalicAngle 0 "
            b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV %d >>"
            % (name.encode(), flags, 140 if name.endswith("Bold") else 80)
        )
        cid = len(objects) + 1
        objects.append(
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) "
            b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 /W [%s] "
            b"/CIDToGIDMap /Identity >>" % (name.encode(), descriptor, _widths(chars).encode())
        )
        fonts.append(len(objects) + 1)
        objects.append(
            b"<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] "
            b"/ToUnicode 3 0 R >>" % (name.encode(), cid)
        )
    resources = b"<< /Font << /F1 %d 0 R /F2 %d 0 R >> >>" % tuple(fonts)
    kids = []
    for lines in pages:
        objects.append(_stream(_content(lines)))
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R /Resources %s >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, content, resources)
        )
        kids.append(len(objects))
    path.write_bytes(pdf_file(objects, kids, header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))
    return path


# -- entries -----------------------------------------------------------------------------------------
_VOCAB = bundled_path("vocab") / "slr500_classes.tsv"
_ZH_HANDS = (
    "右手伸食指",
    "双手平伸，掌心向下",
    "左手握拳，右手五指张开",
    "双手伸拇指",
    "右手打手指字母“G”的指式",
    "双手侧立，掌心相对",
    "右手五指撮合",
    "双手伸小指，指尖相对",
    "右手拇指、食指相捏",
)
_ZH_PLACES = ("置于胸前", "贴于嘴角", "在头部一侧", "于腹前", "在额前", "于右肩前", "在左手掌心上")
_ZH_MOVES = (
    "向前移动两下",
    "由内向外划一圆圈",
    "向下一顿",
    "交替上下移动",
    "边向两侧移动边张开",
    "轻拍两下",
    "向上抬起，同时五指张开",
    "左右晃动几下",
)
_ZH_EXTRA = ("面露微笑。", "眉头微皱。", "动作要缓慢。", "可重复一次。")
_ZH_VARIANTS = (
    PrintedEntry(
        "外祖父", "maternal grandfather", "右手伸拇指，贴于嘴角，然后向下移动。表示母亲的父亲。", ("外公",)
    ),
    PrintedEntry(
        "外祖母", "maternal grandmother", "右手伸小指，贴于嘴角，然后向下移动。表示母亲的母亲。", ("外婆",)
    ),
    PrintedEntry("抹布", "rag", "双手握拳，在胸前左右来回擦动，如用布擦桌子。"),
)


def chinese_entries(n: int) -> list[PrintedEntry]:
    """``n`` CSL entries (n ≤ 503): three with alternative forms, then SLR500 glosses with generated bodies.

    SLR500's own forms such as ``成效（成功）`` are printed as headword plus alternative form.
    """
    import csv

    with _VOCAB.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    entries = list(_ZH_VARIANTS)
    for i, row in enumerate(rows):
        zh, en = row["gloss_zh"], row["normalized_gloss_en"].replace("_", " ").lower()
        head, _, rest = zh.partition("（")
        variants = tuple(v for v in re.split("[（）、]", rest) if v)
        body = f"{_ZH_HANDS[i % 9]}，{_ZH_PLACES[(i * 3) % 7]}，{_ZH_MOVES[(i * 5) % 8]}。"
        body += f"{_ZH_HANDS[(i + 4) % 9]}，{_ZH_MOVES[(i + 3) % 8]}，{_ZH_EXTRA[i % 4]}"
        if i % 3 == 0:
            body += f"然后{_ZH_HANDS[(i + 2) % 9]}，{_ZH_PLACES[(i + 1) % 7]}，{_ZH_MOVES[(i + 6) % 8]}。"
        if i % 4 == 1:
            body += f"再{_ZH_MOVES[(i + 5) % 8]}，{_ZH_PLACES[(i + 4) % 7]}停住，{_ZH_EXTRA[(i + 1) % 4]}"
            body += f"注意：此手势与“{en}”的其他打法不同，两手{_ZH_MOVES[(i + 2) % 8]}。"
        body += f"表示“{head}”的意思。"
        entries.append(PrintedEntry(head, en, body, variants))
    return entries[:n]


_TR_WORDS = (
    ("abla", "older sister", ()),
    ("ağabey", "older brother", ("abi",)),
    ("ağaç", "tree", ()),
    ("çay", "tea", ()),
    ("çocuk", "child", ()),
    ("şeker", "sugar", ()),
    ("göz", "eye", ()),
    ("güneş", "sun", ()),
    ("ışık", "light", ()),
    ("kırmızı", "red", ()),
    ("öğretmen", "teacher", ()),
    ("öğrenci", "student", ()),
    ("üzgün", "sad", ()),
    ("süt", "milk", ()),
    ("kuş", "bird", ()),
    ("köpek", "dog", ()),
    ("teşekkür ederim", "thank you", ("teşekkürler",)),
    ("görüşürüz", "see you", ()),
    ("yağmur", "rain", ()),
    ("kış", "winter", ()),
    ("çiçek", "flower", ()),
    ("balık", "fish", ()),
    ("şehir", "city", ()),
    ("köprü", "bridge", ()),
    ("düşünmek", "to think", ()),
    ("içmek", "to drink", ()),
    ("uçak", "airplane", ()),
    ("gömlek", "shirt", ()),
    ("üniversite", "university", ()),
    ("şarkı", "song", ()),
    ("İstanbul", "Istanbul", ()),
    ("arkadaş", "friend", ()),
)
_TR_HANDS = (
    "Sağ el yumruk yapılır",
    "İki el açık tutulur, avuç içleri aşağı bakar",
    "Sağ elin işaret parmağı uzatılır",
    "Sol el düz tutulur, sağ el onun üstüne konur",
    "Başparmak ve işaret parmağı birleştirilir",
    "İki elin parmakları açılır",
    "Sağ elin serçe parmağı kaldırılır",
)
_TR_PLACES = (
    "göğüs önünde",
    "çenenin altında",
    "alnın yanında",
    "omuz hizasında",
    "ağız önünde",
    "karın önünde",
)
_TR_MOVES = (
    "iki kez aşağı doğru hareket ettirilir",
    "öne doğru itilir",
    "küçük bir daire çizer",
    "sağa sola sallanır",
    "yavaşça yukarı kaldırılır",
    "hafifçe iki kez vurulur",
    "içe doğru çevrilir",
)
_TR_EXTRA = ("Yüz ifadesi ciddidir.", "Göz kaşlar hafifçe kaldırılır.", "Hareket kısa ve güçlüdür.")


def turkish_entries(n: int | None = None) -> list[PrintedEntry]:
    """Up to 32 TİD entries with Turkish bodies (ç ğ ı İ ö ş ü), some with alternative forms."""
    entries = []
    for i, (word, english, variants) in enumerate(_TR_WORDS):
        body = f"{_TR_HANDS[i % 7]} ve {_TR_PLACES[(i * 5) % 6]} {_TR_MOVES[(i * 3) % 7]}."
        body += f" {_TR_HANDS[(i + 3) % 7]} ve {_TR_MOVES[(i + 1) % 7]}. {_TR_EXTRA[i % 3]}"
        if i % 2 == 0:
            body += f" Sonra {_TR_HANDS[(i + 5) % 7].replace('İ', 'i').lower()} ve {_TR_PLACES[(i + 2) % 6]} {_TR_MOVES[(i + 4) % 7]}."
        if i % 3 == 1:
            body += f" Dikkat: hareket {_TR_PLACES[(i + 3) % 6]} başlar ve {_TR_MOVES[(i + 6) % 7]}."
        body += f" “{word}” anlamına gelir."
        entries.append(PrintedEntry(word, english, body, variants))
    return entries[:n]


def write_matplotlib_dictionary_pdf(path: Path, entries: Sequence[PrintedEntry], fonttype: int = 42) -> Path:
    """The same kind of dictionary from another PDF producer: matplotlib, with its DejaVu TrueType (42) or
    Type 3 (3) fonts, one text object per line, a bold larger headword line, a small running head and a
    page number. Latin scripts only (DejaVu has no CJK glyphs)."""
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    remaining = list(entries)
    with matplotlib.rc_context({"pdf.fonttype": fonttype}), PdfPages(path) as pdf:
        for page in range(1, len(remaining) + 1):
            figure = Figure(figsize=(PAGE_WIDTH / 72, PAGE_HEIGHT / 72))
            figure.text(0.1, 0.97, "Türk İşaret Dili Sözlüğü", fontsize=_HEADER_SIZE)
            figure.text(0.5, 0.03, str(page), fontsize=_HEADER_SIZE)
            remaining = _matplotlib_page(figure, remaining)
            pdf.savefig(figure)
            if not remaining:
                break
    return path


def _matplotlib_page(figure: Any, entries: list[PrintedEntry]) -> list[PrintedEntry]:
    """Set entries on one figure until it is full; returns the rest (a cut entry continues headless)."""
    y = 0.93
    for n, entry in enumerate(entries):
        if y < 0.08:
            return entries[n:]
        lines = wrap(entry.body, _BODY_SIZE, PAGE_WIDTH - 2 * _LEFT)
        if entry.headword:
            figure.text(0.1, y, entry.head_line("()"), fontsize=_HEAD_SIZE, fontweight="bold")
            y -= 0.022
        for k, line in enumerate(lines):
            if y < 0.08:
                return [PrintedEntry("", entry.translation, " ".join(lines[k:])), *entries[n + 1 :]]
            figure.text(0.1, y, line, fontsize=_BODY_SIZE)
            y -= 0.017
        y -= 0.01
    return []

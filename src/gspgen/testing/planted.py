"""Printed-dictionary entries with their statements planted per slot: what each entry says, known in advance.

Each entry of :func:`csl_entries` (Chinese, CSL) and :func:`tid_entries` (Turkish, TİD) is built from
phrase pools the way such dictionaries word their entries — the other hand and its palm, the moving
hand's handshape, place, direction and repetition of movement, palm orientation, and non-manual
signals (表情严肃, 眉毛上扬, kaşlar kalkık …) — and records every statement it plants as
``(attribute, value, hand)`` with the printed words. Meaning statements (表示“…”的意思, “…” anlamına
gelir) and notes (注意：…, Dikkat: …) are added but plant nothing. Headwords come with a translation in
brackets (``〔…〕``, ``[…]``, ``（…）``) that must never reach a description's text.

Used by tests/describe/test_entry_statements.py and bench/entry_statements.py; :func:`write_pdfs` sets
them as printed dictionaries (gspgen.testing.printed), half in each of two layouts per language.
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

from gspgen.resources import bundled_path
from gspgen.testing.printed import PrintedEntry, write_dictionary_pdf

Hand = str  # "dominant", "nondominant", "both", "nonmanual"
# Per sign language, (translation brackets, headword style, columns) of each PDF the entries are split into.
LAYOUTS = {
    "csl": (("〔〕", "bold", 2), ("（）", "run-in", 1)),
    "tsm": (("[]", "mixed", 2), ("()", "plain", 1)),
}
# A pool phrase: its words and the (attribute, value) statements it makes (the hand is the clause's).
Phrase = tuple[str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class Planted:
    """One statement an entry makes: which attribute, which value, whose, and in which words."""

    attribute: str
    value: str
    hand: Hand
    words: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.attribute, self.value, self.hand)


@dataclass(frozen=True)
class PlantedEntry:
    printed: PrintedEntry
    statements: tuple[Planted, ...]
    nonmanual_clauses: tuple[str, ...]  # the clauses about the face or mouth, as printed

    @property
    def headword(self) -> str:
        return self.printed.headword


def _planted(hand: Hand, *phrases: Phrase) -> list[Planted]:
    return [Planted(a, v, hand, words) for words, said in phrases for a, v in said]


# -- Chinese (CSL) ----------------------------------------------------------------------------------------
ZH_SHAPES: tuple[Phrase, ...] = (
    ("伸食指", (("handshape", "1"),)),
    ("食指直立", (("handshape", "1"),)),
    ("握拳", (("handshape", "s"),)),
    ("五指张开", (("handshape", "5"),)),
    ("五指并拢", (("handshape", "open_b"),)),
    ("伸拇指", (("handshape", "a"),)),
    ("伸小指", (("handshape", "i"),)),
    ("拇指、食指相捏", (("handshape", "f"),)),
    ("五指撮合", (("handshape", "flat_o"),)),
    ("伸食指、中指", (("handshape", "v"),)),
    ("五指弯曲", (("handshape", "curved_5"),)),
    ("打手指字母“Y”的指式", (("handshape", "y"),)),
)
ZH_BASES: tuple[Phrase, ...] = (
    ("横伸", (("handshape", "open_b"),)),
    ("握拳", (("handshape", "s"),)),
    ("伸食指", (("handshape", "1"),)),
    ("五指张开", (("handshape", "5"),)),
    ("平伸", (("handshape", "open_b"),)),
)
ZH_PALMS: tuple[Phrase, ...] = (
    ("掌心向下", (("palm", "down"),)),
    ("掌心向上", (("palm", "up"),)),
    ("掌心向外", (("palm", "out"),)),
    ("掌心向内", (("palm", "in"),)),
    ("手心朝下", (("palm", "down"),)),
    ("掌心向左", (("palm", "side"),)),
)
ZH_PALMS_BOTH: tuple[Phrase, ...] = (*ZH_PALMS, ("掌心相对", (("palm", "facing"),)))
ZH_PLACES: tuple[Phrase, ...] = (
    ("置于胸前", (("minor_location", "TorsoTop"),)),
    ("贴于嘴角", (("minor_location", "Mouth"), ("contact", "true"))),
    ("在额前", (("minor_location", "Forehead"),)),
    ("于腹前", (("minor_location", "stomach"),)),
    ("在头部一侧", (("minor_location", "HeadAway"),)),
    ("于右肩前", (("minor_location", "Shoulder"),)),
    ("在下巴处", (("minor_location", "Chin"),)),
    ("在颈部", (("minor_location", "Neck"),)),
    ("放在脸颊旁", (("minor_location", "CheekNose"),)),
)
ZH_ON_BASE: tuple[Phrase, ...] = (
    ("在左手掌心上", (("minor_location", "Palm"),)),
    ("在左手背上", (("minor_location", "PalmBack"),)),
)
ZH_MOVES: tuple[Phrase, ...] = (
    ("向前移动", (("movement", "forward"),)),
    ("向上抬起", (("movement", "up"),)),
    ("向下移动", (("movement", "down"),)),
    ("向外推出", (("movement", "outward"),)),
    ("向后拉", (("movement", "backward"),)),
    ("划一圆圈", (("movement", "Circular"),)),
    ("左右晃动", (("movement", "side_to_side"),)),
    ("上下移动", (("movement", "up_and_down"),)),
    ("向左移动", (("movement", "left"),)),
    ("向下一顿", (("movement", "down"),)),
)
ZH_MOVES_BOTH: tuple[Phrase, ...] = (
    *ZH_MOVES,
    ("向两侧分开", (("movement", "apart"),)),
    ("向中间合拢", (("movement", "together"),)),
)
ZH_REPEATS: tuple[Phrase, ...] = (
    ("两下", (("repeated_movement", "true"),)),
    ("几下", (("repeated_movement", "true"),)),
    ("一下", (("repeated_movement", "false"),)),
    ("", ()),
)
ZH_TOUCHES: tuple[Phrase, ...] = (
    ("轻点两下", (("contact", "true"), ("repeated_movement", "true"))),
    ("轻拍一下", (("contact", "true"), ("repeated_movement", "false"))),
)
ZH_NONMANUALS: tuple[Phrase, ...] = (
    ("表情严肃", (("nonmanual", "serious"),)),
    ("眉毛上扬", (("nonmanual", "brows_raised"),)),
    ("面露微笑", (("nonmanual", "smile"),)),
    ("眉头微皱", (("nonmanual", "brows_furrowed"),)),
    ("点头", (("nonmanual", "nod"),)),
    ("摇头", (("nonmanual", "head_shake"),)),
    ("嘴张开", (("nonmanual", "mouth_open"),)),
    ("鼓腮", (("nonmanual", "cheeks_puffed"),)),
    ("噘嘴", (("nonmanual", "lips_pursed"),)),
    ("眼睛睁大", (("nonmanual", "eyes_wide"),)),
    ("目光注视右手", (("nonmanual", "gaze"),)),
    ("头微低", (("nonmanual", "head_down"),)),
    ("表情惊讶", (("nonmanual", "surprised"),)),
)
ZH_NOTES = (
    "注意：此手势与“{en}”的另一种打法不同。",
    "注意：动作要连贯。",
    "参见“{head}”条。",
)
_SLR500 = bundled_path("vocab") / "slr500_classes.tsv"


def _zh_body(i: int, head: str, en: str) -> tuple[str, list[Planted], list[str]]:
    """One entry's description: a hand sentence (asymmetric, both hands, or one hand and later the other),
    non-manual clauses in one of three places, and sometimes a note; then the meaning statement."""
    rng = random.Random(f"zh{i}")
    kind = ("asym", "both", "one")[i % 3]
    shape, place, move, rep = (rng.choice(p) for p in (ZH_SHAPES, ZH_PLACES, ZH_MOVES, ZH_REPEATS))
    planted: list[Planted] = []
    if kind == "asym":
        base, base_palm = rng.choice(ZH_BASES), rng.choice(ZH_PALMS)
        if rng.random() < 0.5:
            place, move, rep = rng.choice(ZH_ON_BASE), rng.choice(ZH_TOUCHES), ("", ())
        planted += _planted("nondominant", base, base_palm)
        first = f"左手{base[0]}，{base_palm[0]}；右手{shape[0]}，{place[0]}，{move[0]}{rep[0]}"
        planted += _planted("dominant", shape, place, move, rep)
    elif kind == "both":
        palm, move = rng.choice(ZH_PALMS_BOTH), rng.choice(ZH_MOVES_BOTH)
        first = f"双手{shape[0]}，{palm[0]}，{place[0]}，{move[0]}{rep[0]}"
        planted += _planted("both", ("双手", (("sign_type", "two_handed"),)), shape, palm, place, move, rep)
    else:
        palm = rng.choice(ZH_PALMS)
        first = f"右手{shape[0]}，{palm[0]}，{place[0]}，{move[0]}{rep[0]}"
        planted += _planted("dominant", shape, palm, place, move, rep)
    nonmanual = rng.sample(ZH_NONMANUALS, 2)
    where = i % 10
    clauses: list[str] = []
    if where in {0, 3, 6}:  # a sentence of its own
        body = f"{first}。{nonmanual[0][0]}。"
        clauses = [nonmanual[0][0]]
    elif where in {1, 4, 7}:  # a clause of the hand sentence, after 同时
        body = f"{first}，同时{nonmanual[0][0]}。"
        clauses = [f"同时{nonmanual[0][0]}"]
    elif where in {2, 5, 8}:  # two of them, one sentence
        body = f"{first}。{nonmanual[0][0]}，{nonmanual[1][0]}。"
        clauses = [nonmanual[0][0], nonmanual[1][0]]
    else:
        body, nonmanual = f"{first}。", []
    planted += _planted("nonmanual", *nonmanual[: len(clauses)])
    if kind == "one" and i % 2:
        later, later_move = rng.choice(ZH_BASES), rng.choice(ZH_MOVES)
        body += f"然后左手{later[0]}，{later_move[0]}。"
        planted += _planted("nondominant", later, later_move)
    if i % 5 == 2:
        body += rng.choice(ZH_NOTES).format(en=en, head=head)
    return body + f"表示“{head}”的意思。", planted, clauses


def csl_entries(n: int = 120) -> list[PlantedEntry]:
    """``n`` CSL entries (n ≤ 500) for SLR500 glosses: 成效（成功） is printed as headword plus alternative form."""
    with _SLR500.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    out = []
    for i, row in enumerate(rows[:n]):
        head, _, rest = row["gloss_zh"].partition("（")
        variants = tuple(v for v in re.split("[（）、]", rest) if v)
        en = row["normalized_gloss_en"].replace("_", " ").lower()
        body, planted, clauses = _zh_body(i, head, en)
        out.append(PlantedEntry(PrintedEntry(head, en, body, variants), tuple(planted), tuple(clauses)))
    return out


# -- Turkish (TİD) ----------------------------------------------------------------------------------------
TR_SHAPES: tuple[Phrase, ...] = (
    ("işaret parmağı uzatılır", (("handshape", "1"),)),
    ("yumruk yapılır", (("handshape", "s"),)),
    ("parmakları açılır", (("handshape", "5"),)),
    ("düz tutulur", (("handshape", "open_b"),)),
    ("başparmağı kaldırılır", (("handshape", "a"),)),
    ("serçe parmağı kaldırılır", (("handshape", "i"),)),
    ("başparmak ve işaret parmağı birleştirilir", (("handshape", "f"),)),
    ("parmak uçları birleştirilir", (("handshape", "flat_o"),)),
    ("işaret ve orta parmakları uzatılır", (("handshape", "v"),)),
    ("parmakları bükülür", (("handshape", "curved_5"),)),
)
TR_BASES: tuple[Phrase, ...] = (
    ("düz tutulur", (("handshape", "open_b"),)),
    ("yumruk yapılır", (("handshape", "s"),)),
    ("işaret parmağı uzatılır", (("handshape", "1"),)),
)
TR_PALMS: tuple[Phrase, ...] = (
    ("avuç içi aşağı bakar", (("palm", "down"),)),
    ("avuç içi yukarı bakar", (("palm", "up"),)),
    ("avuç içi öne bakar", (("palm", "out"),)),
    ("avuç içi içe bakar", (("palm", "in"),)),
)
TR_PALMS_BOTH: tuple[Phrase, ...] = (
    ("avuç içleri aşağı bakar", (("palm", "down"),)),
    ("avuç içleri yukarı bakar", (("palm", "up"),)),
    ("avuç içleri birbirine bakar", (("palm", "facing"),)),
)
TR_PLACES: tuple[Phrase, ...] = (
    ("göğüs önünde", (("minor_location", "TorsoTop"),)),
    ("çenenin altında", (("minor_location", "UnderChin"),)),
    ("alnın önünde", (("minor_location", "Forehead"),)),
    ("omuz hizasında", (("minor_location", "Shoulder"),)),
    ("ağız önünde", (("minor_location", "Mouth"),)),
    ("karın önünde", (("minor_location", "stomach"),)),
    ("başın yanında", (("minor_location", "HeadAway"),)),
    ("gözün önünde", (("minor_location", "Eye"),)),
    ("boyun hizasında", (("minor_location", "Neck"),)),
)
TR_MOVES: tuple[Phrase, ...] = (
    ("öne doğru itilir", (("movement", "forward"),)),
    ("aşağı doğru hareket ettirilir", (("movement", "down"),)),
    ("yukarı doğru kaldırılır", (("movement", "up"),)),
    ("geriye doğru çekilir", (("movement", "backward"),)),
    ("dışa doğru itilir", (("movement", "outward"),)),
    ("küçük bir daire çizer", (("movement", "Circular"),)),
    ("sağa sola sallanır", (("movement", "side_to_side"),)),
    ("sola doğru hareket ettirilir", (("movement", "left"),)),
)
TR_MOVES_BOTH: tuple[Phrase, ...] = (*TR_MOVES, ("iki yana açılır", (("movement", "apart"),)))
TR_REPEATS: tuple[Phrase, ...] = (
    ("iki kez", (("repeated_movement", "true"),)),
    ("birkaç kez", (("repeated_movement", "true"),)),
    ("bir kez", (("repeated_movement", "false"),)),
    ("", ()),
)
TR_ON_BASE: tuple[Phrase, ...] = (
    ("sol elin avucuna hafifçe iki kez vurulur",
     (("minor_location", "Palm"), ("contact", "true"), ("repeated_movement", "true"))),
    ("sol elin üstüne bir kez konur",
     (("major_location", "Hand"), ("contact", "true"), ("repeated_movement", "false"))),
)  # fmt: skip
TR_NONMANUALS: tuple[Phrase, ...] = (
    ("yüz ifadesi ciddidir", (("nonmanual", "serious"),)),
    ("kaşlar kalkıktır", (("nonmanual", "brows_raised"),)),
    ("gülümsenir", (("nonmanual", "smile"),)),
    ("kaşlar çatılır", (("nonmanual", "brows_furrowed"),)),
    ("baş öne doğru sallanır", (("nonmanual", "nod"),)),
    ("baş iki yana sallanır", (("nonmanual", "head_shake"),)),
    ("ağız açılır", (("nonmanual", "mouth_open"),)),
    ("yanaklar şişirilir", (("nonmanual", "cheeks_puffed"),)),
    ("dudaklar büzülür", (("nonmanual", "lips_pursed"),)),
    ("gözler iri açılır", (("nonmanual", "eyes_wide"),)),
    ("bakış sağ ele yöneltilir", (("nonmanual", "gaze"),)),
    ("baş öne eğilir", (("nonmanual", "head_down"),)),
    ("yüz ifadesi şaşkındır", (("nonmanual", "surprised"),)),
)
# AUTSL-style vocabulary (Turkish=English translation).
_TR_WORDS = (
    "abla=older sister|acele=hurry|acıkmak=to be hungry|afiyet olsun=enjoy your meal|"
    "ağabey=older brother|ağaç=tree|ağır=heavy|ağlamak=to cry|aile=family|akıllı=clever|akraba=relative|"
    "alışveriş=shopping|anahtar=key|anne=mother|arkadaş=friend|ayakkabı=shoe|ayna=mirror|aynı=same|"
    "baba=father|bahçe=garden|bakmak=to look|bal=honey|bardak=glass|bayrak=flag|bayram=holiday|"
    "bebek=baby|bekar=single|beklemek=to wait|ben=I|benzin=petrol|beraber=together|biz=we|"
    "çalışmak=to work|çarşamba=Wednesday|çatal=fork|çay=tea|çaydanlık=teapot|çekiç=hammer|çirkin=ugly|"
    "çocuk=child|çorba=soup|cuma=Friday|cumartesi=Saturday|cüzdan=wallet|dakika=minute|dede=grandfather|"
    "değiştirmek=to change|devlet=state|doktor=doctor|dolu=full|düğün=wedding|dün=yesterday|düşman=enemy|"
    "duvar=wall|eczane=pharmacy|eldiven=glove|emekli=retired|erkek=man|et=meat|ev=house|evet=yes|"
    "evli=married|ezberlemek=to memorize|fil=elephant|fotoğraf=photograph|futbol=football|geçmiş=past|"
    "getirmek=to bring|gömlek=shirt|görmek=to see|göstermek=to show|gülmek=to laugh|hafif=light|"
    "haklı=right|halı=carpet|hasta=ill|hastane=hospital|hata=mistake|havlu=towel|hayır=no|hayvan=animal|"
    "hediye=gift|hep=always|hiç=never|hoşça kal=goodbye|içmek=to drink|iğne=needle|ilaç=medicine|"
    "ışık=light|itmek=to push|iyi=good|kaçmak=to escape|kahvaltı=breakfast|kalem=pen|kapalı=closed|"
    "kar=snow|kardeş=sibling|kavanoz=jar|kedi=cat|kemer=belt|keşke=if only|kim=who|kimlik=identity card|"
    "kira=rent|kitap=book|kız=girl|koku=smell|kolonya=cologne|kömür=coal|köpek=dog|köprü=bridge|kötü=bad|"
    "kucak=lap|leke=stain|maaş=salary|makas=scissors|masa=table|melek=angel|mendil=handkerchief|"
    "merdiven=stairs|misafir=guest|müdür=manager|musluk=tap|nasıl=how|neden=why|nerede=where|"
    "nine=grandmother|oda=room|odun=firewood|öğretmen=teacher|okul=school|orman=forest|oturmak=to sit|"
    "para=money|pazar=Sunday|pencere=window"
)
TR_WORDS = _TR_WORDS.split("|")
TR_VARIANTS = {"ağabey": ("abi",), "hoşça kal": ("hoşçakal",), "fotoğraf": ("foto",)}
TR_NOTES = ("Dikkat: hareket yavaş yapılır.", "Bakınız: “{word}”.")


def _tr_body(i: int, word: str) -> tuple[str, list[Planted], list[str]]:
    """A Turkish entry, built as :func:`_zh_body` builds a Chinese one."""
    rng = random.Random(f"tr{i}")
    kind = ("asym", "both", "one")[i % 3]
    shape, place, move, rep = (rng.choice(p) for p in (TR_SHAPES, TR_PLACES, TR_MOVES, TR_REPEATS))
    planted: list[Planted] = []
    if kind == "asym":
        base, base_palm = rng.choice(TR_BASES), rng.choice(TR_PALMS)
        planted += _planted("nondominant", base, base_palm)
        if rng.random() < 0.5:
            touch = rng.choice(TR_ON_BASE)
            first = f"Sol el {base[0]}, {base_palm[0]}; {_hand('sağ', shape)} ve {touch[0]}"
            planted += _planted("dominant", shape, touch)
        else:
            first = (
                f"Sol el {base[0]}, {base_palm[0]}; {_hand('sağ', shape)} ve {place[0]} {rep[0]} {move[0]}"
            )
            planted += _planted("dominant", shape, place, rep, move)
    elif kind == "both":
        palm, move = rng.choice(TR_PALMS_BOTH), rng.choice(TR_MOVES_BOTH)
        shaped = shape[0].replace("parmağı", "parmakları").replace("başparmağı", "başparmakları")
        first = f"{_hand('İki', (shaped, ()))}, {palm[0]} ve eller {place[0]} {rep[0]} {move[0]}"
        planted += _planted("both", ("İki el", (("sign_type", "two_handed"),)), shape, palm, place, rep, move)
    else:
        palm = rng.choice(TR_PALMS)
        first = f"{_hand('Sağ', shape)}, {palm[0]} ve el {place[0]} {rep[0]} {move[0]}"
        planted += _planted("dominant", shape, palm, place, rep, move)
    first = re.sub(r"\s+", " ", first)
    nonmanual = rng.sample(TR_NONMANUALS, 2)
    where = i % 10
    if where in {0, 3, 6}:
        body, clauses = f"{first}. {_cap(nonmanual[0][0])}.", [nonmanual[0][0]]
    elif where in {1, 4, 7}:
        body, clauses = f"{first}, bu sırada {nonmanual[0][0]}.", [f"bu sırada {nonmanual[0][0]}"]
    elif where in {2, 5, 8}:
        body = f"{first}. {_cap(nonmanual[0][0])}, {nonmanual[1][0]}."
        clauses = [nonmanual[0][0], nonmanual[1][0]]
    else:
        body, clauses = f"{first}.", []
    planted += _planted("nonmanual", *nonmanual[: len(clauses)])
    if kind == "one" and i % 2:
        later, later_move = rng.choice(TR_BASES), rng.choice(TR_MOVES)
        body += f" Sonra sol el {later[0]} ve {later_move[0]}."
        planted += _planted("nondominant", later, later_move)
    if i % 5 == 2:
        body += " " + rng.choice(TR_NOTES).format(word=word)
    return body + f" “{word}” anlamına gelir.", planted, clauses


def _hand(side: str, shape: Phrase) -> str:
    """'Sağ elin işaret parmağı uzatılır' (a finger: genitive), 'Sağ el yumruk yapılır' (the hand)."""
    fingers = ("işaret", "parmak", "başparma", "serçe")
    return f"{side} {'elin' if shape[0].startswith(fingers) else 'el'} {shape[0]}"


def _cap(text: str) -> str:
    return (text[:1].replace("i", "İ").upper() + text[1:]) if text else text


def tid_entries(n: int = 120) -> list[PlantedEntry]:
    """``n`` TİD entries (n ≤ 150) with Turkish bodies (ç ğ ı İ ö ş ü), some with alternative forms."""
    out = []
    for i, pair in enumerate(TR_WORDS[:n]):
        word, english = pair.split("=")
        body, planted, clauses = _tr_body(i, word)
        printed = PrintedEntry(word, english, body, TR_VARIANTS.get(word, ()))
        out.append(PlantedEntry(printed, tuple(planted), tuple(clauses)))
    return out


def write_pdfs(folder: Path, language: str, entries: list[PlantedEntry]) -> list[Path]:
    """The entries as printed dictionaries in ``folder``: the first half in one layout, the rest in another."""
    half = (len(entries) + 1) // 2
    return [
        write_dictionary_pdf(
            folder / f"{language}-dictionary-{k}.pdf",
            [e.printed for e in entries[k * half : (k + 1) * half]],
            language,
            brackets=brackets,
            headword_style=style,
            columns=columns,
        )
        for k, (brackets, style, columns) in enumerate(LAYOUTS[language])
    ]

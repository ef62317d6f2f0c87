"""Paraphrases of the generated printed-dictionary entries (gspgen.testing.printed), as a rewording model
would write them: other words for the same facts (a phrase table per language) and the sentences'
clauses in another order. Used by the encoder tests and by bench/multilingual.py.
"""

from __future__ import annotations

import re

# Chinese: phrase -> another way to say it (applied longest first).
ZH = {
    "伸食指": "伸出食指", "置于": "放在", "胸前": "胸部前方", "向前移动": "往前移", "两下": "两次",
    "握拳": "攥拳", "五指张开": "张开五指", "贴于": "贴在", "嘴角": "嘴边", "向上抬起": "往上抬",
    "交替上下移动": "上下交替地动", "面露微笑": "脸带笑容", "由内向外划一圆圈": "从里往外画一个圆",
    "左右晃动": "左右摇动", "轻拍": "轻轻拍", "几下": "几次", "额前": "额头前面", "头部一侧": "头的旁边",
    "腹前": "肚子前", "右肩前": "右肩膀前", "左手掌心上": "左手手心上", "双手": "两只手", "平伸": "伸平",
    "掌心向下": "手心朝下", "侧立": "竖立", "掌心相对": "手心相对", "五指撮合": "五指捏拢",
    "伸拇指": "竖起拇指", "伸小指": "竖起小指", "拇指、食指相捏": "拇指和食指捏在一起",
    "指尖相对": "指尖对着", "向下一顿": "往下一顿", "边向两侧移动边张开": "一边向两边移一边张开",
    "动作要缓慢": "动作慢一些", "眉头微皱": "微微皱眉", "可重复一次": "可以再做一次", "然后": "接着",
    "打手指字母": "做手指字母", "的指式": "的手形", "同时": "与此同时", "停住": "停下",
}  # fmt: skip
# Turkish: the same, with Turkish suffixes.
TR = {
    "yumruk yapılır": "yumruk şeklini alır", "göğüs önünde": "göğsün önünde", "iki kez": "iki defa",
    "aşağı doğru": "aşağıya", "hareket ettirilir": "hareket eder", "düz tutulur": "düz durur",
    "üstüne konur": "üzerine yerleştirilir", "öne doğru itilir": "ileriye itilir",
    "Yüz ifadesi ciddidir": "Yüz ciddi bir ifade taşır", "parmakları açılır": "parmakları açık olur",
    "alnın yanında": "alın yanında", "yavaşça": "ağır ağır", "yukarı kaldırılır": "yukarıya kalkar",
    "avuç içleri aşağı bakar": "avuçlar aşağıya döner", "karın önünde": "karnın önünde",
    "sağa sola sallanır": "iki yana sallanır", "birleştirilir": "birleşir", "küçük bir daire": "ufak bir daire",
    "Göz kaşlar hafifçe kaldırılır": "Kaşlar biraz kalkar", "içe doğru çevrilir": "içeri döner",
    "kısa ve güçlüdür": "kısa ve kuvvetlidir", "parmağı kaldırılır": "parmak kalkar",
    "omuz hizasında": "omuz seviyesinde", "çenenin altında": "çene altında", "ağız önünde": "ağzın önünde",
    "parmağı uzatılır": "parmağı uzanır", "Sonra": "Ardından", "İki el açık tutulur": "İki el açık durur",
}  # fmt: skip


def paraphrase(text: str, language: str, turn: int = 1) -> str:
    """``text`` in other words (``turn`` rotates its sentences so each paraphrase differs in order too)."""
    table = ZH if language in {"zh", "csl"} else TR
    for phrase in sorted(table, key=len, reverse=True):
        text = text.replace(phrase, table[phrase])
    ends = r"(?<=[。！？])" if table is ZH else r"(?<=[.!?])\s+"
    sentences = [s for s in re.split(ends, text) if s.strip()]
    turn %= max(1, len(sentences))
    return ("" if table is ZH else " ").join(sentences[turn:] + sentences[:turn])

"""Number mentions: every figure the prose states, with what it counts.

A mention is a figure written on its own in a sentence ("发布信息120条", "共6个部分", "占21.02%"): its
value, its unit, the measure words just before it in its clause (since the previous figure), the words
after it, its clause and sentence. Dates, serial numbers (第3, 〔2021〕5号), phone numbers and runs of
table digits are not mentions: an answer may only quote a figure the report states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

UNITS = ("个百分点", "个工作日", "万元", "亿元", "人次", "批次", "万人", "元", "条", "件", "场", "期", "篇", "项", "次",
         "个", "名", "起", "份", "家", "批", "人", "%", "％", "万", "亿", "分钟", "小时", "天", "类", "户", "处", "位",
         "部",
         "余条", "余件", "余次", "余人", "余篇", "余场", "余项", "余个", "余家", "多条", "多件", "多次", "多人",
         "张", "册", "本", "封", "通", "所", "座", "种", "方面", "点", "号")
_UNIT_RE = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))
_CN = "零〇一二两三四五六七八九十百千万"
_FIGURE = re.compile(rf"(?<![\d.〔\[第])(\d+(?:\.\d+)?|[{_CN}]+)\s*({_UNIT_RE})?")
_CLAUSE = re.compile(r"[，。；;！？!?,：:]")
# A list ("A 22条；B 2条；C 7条") stays one sentence, and so does one a PDF wrapped over several lines.
_SENTENCE = re.compile(r"(?<=[。！？!?])|(?<=[。！？!?；;：:])\s*\n"
                       r"|\n(?=\s*(?:[（(][一二三四五六七八九十]|[一二三四五六七八九十]、))")
# A heading run into the sentence after it ("（一）主动公开政府信息的数量2023年制作…"): not measure words.
_HEADING = re.compile(r"^.*?[（(][一二三四五六七八九十][)）][^，。；]{0,24}?(?=(?:19|20)\d{2}\s*年)")
# A figure with no unit is stated on its own only after one of these ("总数为12", "共计：8").
_STATED_AFTER = re.compile(r"(为|是|共|计|达|合计|总计|总数|数|：|:)\s*$")  # "不予公开信息数79"
# Words where a Chinese numeral is not a count.
_NOT_COUNTS = re.compile(r"一是|二是|三是|四是|五是|六是|七是|八是|九是|十是|一要|二要|三要|"
                         r"一体|一站|一网|一门|一窗|一次性|"
                         r"一些|一般|一起|一律|一并|一致|一直|一定|一切|一线|一步|进一步|统一|唯一|同一|逐一|万一|十分|"
                         r"一岛|两窗|三区|三公|六稳|六保|五公开|两个维护|四个意识|四个自信|两学一做|一把手|第一|单一|"
                         r"一方面|一年一|一事一|一案一|一季|一月|一周|一期一|一对一|千方百计|一流|一项一")
# Units after which a Chinese numeral is a count people ask about.
_CN_UNITS = {"个", "条", "件", "场", "期", "篇", "项", "次", "名", "起", "份", "家", "批", "人", "类", "户", "处", "位",
             "种", "方面", "点", "部", "本", "万元", "元"}
_OWN_PARTS = re.compile(r"^\s*(个)?\s*部分")


@dataclass(frozen=True)
class Mention:
    value: float
    written: str  # as the report writes it: "120条", "六个"
    unit: str  # "条", "%", "万元" … ("" when none)
    start: int  # offsets in the text
    end: int
    measure: str  # the words just before it in its clause (since the previous figure)
    after: str  # the words after it, to the next figure or the clause's end
    clause: str
    context: str  # the clauses before it in its sentence (its first and the last four)
    sentence: str
    breakdown: bool = False  # an item of a "（其中…）" list
    own_parts: bool = False  # the report counting its own parts ("共分6个部分")
    in_list: int = 0  # how many figures with the same unit its sentence holds (an enumeration when > 2)
    is_total: bool = False  # the figure its sentence's list breaks down ("共159条，其中…", "在…107条政府信息中")

    @property
    def percent(self) -> bool:
        return self.unit in ("%", "％", "个百分点")


def _cn_value(text: str) -> float | None:
    try:
        import cn2an

        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _value(raw: str) -> float | None:
    if raw[0].isdigit():
        return float(raw)
    return _cn_value(raw)


def _is_count(text: str, start: int, end: int, raw: str, unit: str) -> bool:
    """Whether the figure at text[start:end] is a count or amount the report states on its own."""
    before = text[start - 1: start] if start else ""
    if before and (before in _CN or before == "第" or before.isdigit()):
        return False  # the tail of a longer numeral, or an ordinal (第二十条)
    after = text[end: end + 2]
    if before and before in "（(" and unit not in ("%", "％"):
        return False  # "（一）", "（2025版）"; a share in brackets ("564件（47.36%）") is stated
    if raw[0].isdigit():
        if len(raw) > 1 and raw[0] == "0" and "." not in raw:
            return False  # "0000000": a table row run together; "0591": a phone prefix
        if not unit:
            if re.match(r"\s*[年月日号时\-—–/.]", after) or (len(raw) == 4 and raw.startswith(("19", "20"))):
                return False  # a date or a year
            if not _STATED_AFTER.search(text[max(0, start - 4): start]) or len(raw.replace(".", "")) > 6:
                return False  # a run of table digits, a phone number
            if re.match(r"\s*[\dA-Za-z]", after):
                return False
        elif unit == "号":
            return False
        return True
    # Chinese numerals: only with a count unit, and not in fixed phrases (一是, 进一步, 一站式 …).
    if unit not in _CN_UNITS:
        return False
    window = text[max(0, start - 2): end + 2]
    if _NOT_COUNTS.search(window):
        return False
    if raw in ("万", "千", "百"):
        return False
    return True


def _clauses_in_sentences(text: str):
    """(offset, clause, context, sentence) for every clause of every sentence."""
    pos = 0
    for sentence in _SENTENCE.split(text):
        if sentence is None:
            continue
        s_start = text.find(sentence, pos) if sentence else pos
        pos = s_start + len(sentence)
        parts, offset = [], s_start
        for piece in _CLAUSE.split(sentence):
            parts.append((offset, piece, text[offset + len(piece): offset + len(piece) + 1]))
            offset += len(piece) + 1
        done: list[str] = []
        subject = ""  # the first clause of the sentence, or of its part after a "；" (each part has its own)
        for offset, piece, ends in parts:
            if piece.strip():
                before = "".join(done[-4:])
                if subject and subject not in before:
                    before = subject + before  # "区财政金融局加大…，…，今年累计公开…2536条": who did it
                yield offset, piece, before, sentence.strip()
                done.append(piece)
                subject = subject or piece
            if ends and ends in "；;":
                subject = ""


def _inside_breakdown(before: str) -> bool:
    """Inside a "（其中…）" list that breaks a total down (its closing bracket not yet reached); "（涵盖…）",
    "（包括…）" and "（含…）" open one too."""
    opened = max(before.rfind(f"{b}{w}") for b in "（(" for w in ("其中", "涵盖", "包括", "含"))
    return opened >= 0 and before.find("）", opened) == -1 and before.find(")", opened) == -1


# Words that say a figure is a total; 总 of 总结/总体/总站 … says nothing of the kind ("计划方案总结6条" is an item).
TOTAL_WORDS = re.compile(r"共|总(?!结|体|部|局|站|书记|队|院|会|工会|规划|要求)|累计|合计|全年|全部")


@lru_cache(maxsize=4096)
def mentions(text: str) -> tuple[Mention, ...]:
    """Every figure stated in `text` (a chunk of prose), in order."""
    out: list[Mention] = []
    for offset, clause, context, sentence in _clauses_in_sentences(text):
        found = []
        for m in _FIGURE.finditer(clause):
            raw, unit = m.group(1), m.group(2) or ""
            if not raw or not _is_count(clause, m.start(1), m.end(), raw, unit):
                continue
            value = _value(raw)
            if value is None:
                continue
            found.append((m, raw, unit, value))
        # A figure-first list ("1条播放量破亿、2条破千万、49条破百万"): each item's words follow its figure.
        first = [bool(i) and clause[found[i - 1][0].end(): m.start(1)].rstrip().endswith("、")
                 for i, (m, *_rest) in enumerate(found)]
        for i, (m, _raw, unit, value) in enumerate(found):
            left = found[i - 1][0].end() if i else 0
            right = found[i + 1][0].start() if i + 1 < len(found) else len(clause)
            after = clause[m.end(): right]
            sentence_before = sentence[: max(0, sentence.find(clause))] + clause[: m.start()]
            measure = _HEADING.sub("", clause[left: m.start(1)]).strip(" 、：:")
            if first[i] or (i + 1 < len(found) and first[i + 1] and after.strip(" 、")):
                measure = after.strip(" 、")
            if i and not measure.strip(" （("):
                measure = out[-1].measure  # "无法提供564件（47.36%）": the share of what the count before counts
            out.append(Mention(
                value=value, written=m.group(0).strip(), unit=unit, start=offset + m.start(), end=offset + m.end(),
                measure=measure, after=after.strip(),
                clause=clause.strip(),
                context=context, sentence=sentence, breakdown=_inside_breakdown(sentence_before),
                own_parts=bool(_OWN_PARTS.match(clause[m.end(): m.end() + 4]) or
                               (unit == "个" and clause[m.end(): m.end() + 2] == "部分")),
                in_list=0))
    out = _carry_measures(out)
    counts: dict[tuple[str, str], int] = {}
    for m in out:
        counts[(m.sentence, m.unit)] = counts.get((m.sentence, m.unit), 0) + 1
    done = []
    for i, m in enumerate(out):
        rest = [x for x in out[i + 1:] if x.sentence == m.sentence and x.unit == m.unit]
        done.append(replace(m, in_list=counts[(m.sentence, m.unit)], is_total=_is_total(m, rest, text)))
    return tuple(done)


def _is_total(m: Mention, rest: list[Mention], text: str) -> bool:
    """A figure the list after it breaks down, not an item of it: "门户网站公开政府信息159条，其中…",
    "在主动公开的107条政府信息中", "全文电子化的…共198条" before items adding up to no more than it."""
    if not rest:
        return False
    if re.match(r"[^，。；]{0,8}(中|[，,]?\s*其中)", text[m.end: m.end + 14]):
        return True
    rest_sum = sum(x.value for x in rest)
    return ((bool(TOTAL_WORDS.search(m.measure)) and m.value >= rest_sum)
            or abs(m.value - rest_sum) < 1e-9)


_CONNECTIVE = re.compile(r"^(由|从)?(缩短|缩|减少|降低|降|下降|提高|提升|增加|增长|增|压缩|升|上升)?(至|到|为)$")


def _carry_measures(found: list[Mention]) -> list[Mention]:
    """"群众等候时间由42分钟缩至19分钟": 19's measure words are 42's, with the change that links them."""
    out: list[Mention] = []
    for m in found:
        prev = out[-1] if out else None
        if prev is not None and prev.clause == m.clause and _CONNECTIVE.match(m.measure):
            m = replace(m, measure=re.sub(r"(由|从)$", "", prev.measure) + m.measure)
        out.append(m)
    return out


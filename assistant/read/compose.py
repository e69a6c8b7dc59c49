"""Answers computed from several figures of one report: shares, sums, differences, the largest item of a
list, how many items a list has, and which outcome a request had.

Every operand is a supported figure (a certain table cell or a stated prose figure) found by the chain's
resolver; the answer shows the working ("予以公开46件 ÷ 办理结果总计91件 = 50.5%") and cites each operand.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.read.common import bigrams, coverage, key_terms
from assistant.scoring import SCORING, Scoring
from ingest.text.mentions import TOTAL_WORDS, Mention, mentions
from ingest.text.tokenize import tokens


@dataclass
class Operand:
    value: float
    label: str  # what it is: "予以公开（总计）", "减税降费"
    shown: str  # as written: "46件", "22条"
    source: str  # the text quoted: the table row or the clause
    meta: dict  # the passage's report and section (for the citation)
    support: dict  # {"role": "cell" | "mention", …} as Answer.support lists it
    parts: list[Operand] = field(default_factory=list)  # when it is several figures named together, those


@dataclass
class Composite:
    short: str
    working: str  # the answer's explanation: each operand and the arithmetic
    operands: list[Operand] = field(default_factory=list)
    value: float | None = None


Resolver = Callable[[str], "Operand | None"]


def fmt(value: float, decimals: int | None = None) -> str:
    if decimals is not None:
        return f"{value:.{decimals}f}"
    if float(value).is_integer():
        return str(int(value))
    return f"{round(value, 4):g}"


def unit_of(shown: str) -> str:
    return re.sub(r"^\D{0,2}[\d.]+", "", shown)  # "超3170万" is counted in 万 too


def share(a: Operand, b: Operand, decimals: int | None) -> Composite | None:
    if not b.value:
        return None
    pct = a.value / b.value * 100
    digits = 2 if decimals is None else decimals  # as the reports write shares (21.02%) unless asked otherwise
    short = f"{fmt(pct, digits)}%"
    working = f"{a.label}{a.shown} ÷ {b.label}{b.shown} = {short}"
    return Composite(short, working, [a, b], round(pct, digits))


def total(parts: list[Operand]) -> Composite:
    if len(parts) > 1 and len({(p.value, p.source, p.shown) for p in parts}) == 1:
        # "政策宣讲、茶叙会这类活动一共多少场" → both name one figure ("…等政企交流活动10余场"): it, once.
        one = parts[0]
        return Composite(one.shown, f"报告对这几项合计写为{one.shown}（“{one.source[:60]}”）", [one], one.value)
    value = sum(p.value for p in parts)
    unit = unit_of(parts[0].shown)
    short = f"{fmt(value)}{unit}"
    working = " + ".join(f"{p.label}{p.shown}" for p in parts) + f" = {short}"
    return Composite(short, working, parts, value)


def difference(a: Operand, b: Operand) -> Composite:
    value = a.value - b.value
    unit = unit_of(a.shown)
    short = f"{fmt(abs(value))}{unit}"
    word = "多" if value >= 0 else "少"
    working = f"{a.label}{a.shown} − {b.label}{b.shown} = {fmt(value)}{unit}（{a.label}比{b.label}{word}{short}）"
    return Composite(short, working, [a, b], abs(value))


def check(a: Operand, b: Operand, figure_first: bool = False) -> Composite:
    """Whether two figures agree ("结果维持10件 + 结果纠正1件 = 11件，总计0件：对不上"); the first figure leads
    when the question asked for it ("第一项加第二项是多少，等不等于…")."""
    same = abs(a.value - b.value) < 1e-9
    word = "对得上（相等）" if same else "对不上（不相等）"

    def side(x: Operand) -> str:
        if not x.parts:
            return f"{x.label}{x.shown}"
        return f"{' + '.join(f'{p.label}{p.shown}' for p in x.parts)} = {x.shown}"

    working = f"{side(a)}；{side(b)}。两者{word}"
    short = f"{a.shown}，{'等于' if same else '不等于'}{b.label}{b.shown}" if figure_first else \
        f"{word}：两边都是{a.shown}" if same else f"{word}：{a.shown}与{b.shown}"
    return Composite(short, working, [a, b], a.value if figure_first else None)


def rest(whole: Operand, part: Operand) -> Composite | None:
    """What a whole has besides one of its parts ("共发布91条，其中部门工作动态67条" → 24条); None when the part
    is not smaller or is counted in another unit."""
    if not units_compatible(whole, part) or part.value >= whole.value:
        return None
    value = whole.value - part.value
    short = f"{fmt(value)}{unit_of(whole.shown)}"
    working = f"{whole.label}{whole.shown} − {part.label}{part.shown} = {short}"
    return Composite(short, working, [whole, part], value)


# -- the total a stated figure is part of ---------------------------------------------------------
_TOTAL_WORDS = re.compile(rf"{TOTAL_WORDS.pattern}|在.*中")


def stated_total(m: Mention, text: str) -> Mention | None:
    """The figure `m` is an item of: "共发布91条，其中：部门工作动态67条…", "在主动公开的107条政府信息中…22条"."""
    found = mentions(text)
    summed = _summed_by_parts(m, found)  # the arithmetic is surer than a 共 somewhere before
    if summed is not None:
        return summed
    before = [x for x in found if x.end <= m.start and x.value > m.value and _same_family(x, m)]
    for x in reversed(before):
        if _TOTAL_WORDS.search(x.measure + x.after) or "其中" in m.measure or "其中" in text[x.end: m.start]:
            return x
    return None


def _summed_by_parts(m: Mention, found: list[Mention]) -> Mention | None:
    """"收到群众诉求348件，现场解决162件，跟进解决186件": no word says it, but the figures after 348 add up to it,
    so 348 is the whole `m` is a part of (the run after the whole, in one sentence and unit, must hold `m`)."""
    same = [x for x in found if x.sentence == m.sentence and x.unit == m.unit and not x.percent]
    for i, whole in enumerate(same):
        if whole.start >= m.start:
            break
        run = 0.0
        for part in same[i + 1:]:
            run += part.value
            if abs(run - whole.value) < 1e-9 and part.start >= m.start:
                return whole
            if run > whole.value:
                break
    return None


def _same_family(a: Mention, b: Mention) -> bool:
    fam = [{"条", "件", "篇", "份", "项", "个"}, {"次", "场", "期"}, {"人", "人次", "名"}, {"元", "万元", "亿元"}]
    return a.unit == b.unit or any(a.unit in f and b.unit in f for f in fam)


# -- the largest item of a list the report gives ---------------------------------------------------
@dataclass
class Listed:
    label: str
    mention: Mention
    passage: str
    meta: dict


def _label(m: Mention) -> str:
    label = re.sub(r"^(其中|包括|涵盖|分别是|分别为|主要有|有|是|为|：|:|、|，|[（(]|[）)]、?)+", "", m.measure.strip())
    label = re.sub(r"(共|共计|合计|累计|计|约|达|各|分别)$", "", label).strip(" 、：:")
    return label or m.clause


def lists_in(docs, question: str, drop: set[str], idf=None, scoring: Scoring = SCORING) -> list[list[Listed]]:
    """The enumerations of the passages (three or more figures with one unit in a sentence), best matching
    the question first."""
    asked = re.sub(r"(哪|什么)一?(个|类|种|项|方面)?|(是)?(最多|最少|最大|最小|最高|最低)(的)?(是)?|"
                   r"(几|多少)(个|类|项|种)?(类别|类|项|种)?|分成了?|一共|共|列", " ", question)
    weights = key_terms(asked, asked, drop, "", idf)
    q_pairs = bigrams(asked)
    scored: list[tuple[float, list[Listed]]] = []
    for rank, doc in enumerate(docs):
        # A breakdown in brackets ("主动公开117条（涵盖A类10条、B类1条…）、依申请公开274条") is a list of its own.
        spans = [(b.start(), b.end()) for b in re.finditer(r"[（(][^（）()]{4,400}[）)]", doc.page_content)]
        groups: dict[tuple[str, str, tuple | None], list[Mention]] = {}
        for m in mentions(doc.page_content):
            if not m.percent:
                inside = next((s for s in spans if s[0] < m.start < s[1]), None)
                groups.setdefault((m.sentence, m.unit, inside), []).append(m)
        for (sentence, _, inside), ms in groups.items():
            items = [m for m in ms if not m.is_total]
            wholes = {m.value for m in ms if m.is_total}
            # "在主动公开的90条政府信息中，全文电子化的90条，…": a figure equal to the whole restates it
            items = [m for m in items if m.value not in wholes] if len(items) - len(wholes) >= 3 else items
            if len(items) < 3:
                continue
            intro = sentence[: sentence.find(items[0].measure)] if items[0].measure else sentence
            cov = max(coverage(intro, weights, scoring), coverage(sentence, weights, scoring))
            if inside is not None:
                # The figure the brackets break down is named by the clause just before them.
                head = re.split(r"[，,。；;：:]", doc.page_content[max(0, inside[0] - 60): inside[0]])[-1]
                cov += 0.15 * coverage(head, weights, scoring)
            pairs = len(q_pairs & bigrams(sentence)) / max(len(q_pairs), 1)
            listed = [Listed(_label(m), m, doc.page_content, doc.metadata) for m in items]
            scored.append((cov + 0.2 * pairs - scoring.rank_penalty * min(rank, scoring.rank_cap), listed))
    scored.sort(key=lambda s: -s[0])
    return [s[1] for s in scored if s[0] > 0 or not weights]


def name_score(phrase: str, item: Listed, drop: set[str]) -> float:
    """How well a phrase ("专题专栏") names this item of a list: the share of its words the item has."""
    from assistant.read.common import coverage as cov_of

    weights = {w: float(len(w)) for w in tokens(phrase) if len(w) >= 2 and w not in drop}
    return cov_of(item.mention.measure + item.label, weights) if weights else 0.0


def names_item(phrase: str, item: Listed, drop: set[str]) -> bool:
    """Whether a phrase ("专题专栏") names this item of a list."""
    return name_score(phrase, item, drop) >= 0.5


def operand_of(item: Listed) -> Operand:
    from assistant.read.figures import figure_text

    m = item.mention
    return Operand(m.value, item.label, figure_text(m), m.clause, item.meta,
                   {"role": "mention", "value": m.value, "text": m.clause})


_ASCENDING = re.compile(r"从少到多|从低到高|从小到大|由少到多|由低到高|由小到大|升序|倒数")


def ranked(listed: list[Listed], question: str) -> tuple[int, Listed, list[Listed]] | None:
    """The place of the item the question names in the list, counted from the largest (or from the smallest when it
    says 从少到多/倒数): (place, item, the list in that order); equal figures share a place. None when no item's
    label is in the question."""
    named = [i for i in listed if i.label and _named_in(i.label, question)]
    if not named:
        return None
    item = max(named, key=lambda i: len(i.label))
    up = bool(_ASCENDING.search(question))
    order = sorted(listed, key=lambda i: i.mention.value, reverse=not up)
    place = 1 + sum(1 for i in listed if (i.mention.value < item.mention.value if up
                                           else i.mention.value > item.mention.value))
    return place, item, order


def _named_in(label: str, question: str) -> bool:
    """A list item's label as a question names it: whole, or its words (安全生产、应急管理类 of
    安全生产、应急管理类信息)."""
    core = re.sub(r"(类)?(政府)?信息$|类$", "", label)
    return len(core) >= 2 and core in question


_PLACE = re.compile(r"(倒数)?第\s*([二三四五六七八九2-9])\s*(多|少|大|小|高|低)(?![项类点条部])|(最少|最小|最低)")
_SMALL = ("少", "小", "低")


def place_asked(question: str) -> tuple[int, bool]:
    """(place, from the smallest) of "排第二多的是哪一类" (2, False), "倒数第二" (2, True), "最少的" (1, True)."""
    m = _PLACE.search(question)
    if m is None:
        return 1, False
    if m.group(4):
        return 1, True
    place = int(m.group(2)) if m.group(2).isdigit() else "一二三四五六七八九".index(m.group(2)) + 1
    return place, bool(m.group(1)) or m.group(3) in _SMALL


def at_place(items: list, value, place: int, smallest: bool):
    """The item at `place` counted from the largest (or the smallest); None when the list is shorter."""
    order = sorted(items, key=value, reverse=not smallest)
    return order[place - 1] if len(order) >= place else None


# "（不算“其他应主动公开政府信息”），哪类最多": an item the question sets aside before ranking
_LEFT_OUT = re.compile(r"(?:不算|除了|除去|不含|不包括|排除|刨掉|刨去|去掉)[“\"]?(?P<x>[^”\"，,。？?）)]{2,30}?)[”\"]?"
                       r"(?:以外|之外|外)?(?=[”\"）)，,。？?\s]|$)")


def left_out(question: str) -> str:
    """The item the question sets aside ("不算“其他应主动公开政府信息”" → 其他应主动公开政府信息), or ""."""
    m = _LEFT_OUT.search(question)
    return m.group("x").strip() if m else ""


def without_item(items: list, label_of, left: str) -> list:
    """The items but the one set aside (matched either way round: "其他" sets aside "其他应主动公开政府信息")."""
    if not left:
        return items
    kept = [i for i in items if not (left in label_of(i) or label_of(i) in left)]
    return kept if kept and len(kept) < len(items) else items


def largest(listed: list[Listed], smallest: bool = False, place: int = 1) -> Listed | None:
    return at_place(listed, lambda item: item.mention.value, place, smallest)


def count_listed(question: str, docs, drop: set[str], idf=None, scoring: Scoring = SCORING):
    """How many items a list of the report has: figures ("其中：A 67条、B 5条…") or a plain list
    ("采购项目公告、采购文件、采购结果等") in the passage that best matches the question."""
    asked = re.sub(r"(几|多少)(个|类|项|种|条)?(类别|类|项|种)?|分成了?|一共|共|"
                   r"列(了|举了)?|哪几类|哪些", " ", question)
    weights = key_terms(asked, asked, drop, "", idf)
    # "多少个…账号" counts accounts: the list must be of them (the noun ends the run or follows it).
    noun = re.search(r"(?:几|多少|[两二三四五六七八九十\d]+)个[^，。？?]{0,6}?(公众号|平台|栏目|账号|网站)|"
                     r"(公众号|平台|栏目|账号|网站)[^，。？?]{0,4}(?:分别|都|是哪|有哪|叫什么)", question)
    best = None
    for rank, doc in enumerate(docs):
        for sentence in re.split(r"(?<=[。；;！？])", doc.page_content):
            cov = coverage(sentence, weights, scoring) - scoring.rank_penalty * min(rank, scoring.rank_cap)
            runs = [(r.group(0), r.group(0).count("、") + 1)
                    for r in re.finditer(r"[^，。；：:、]{2,40}(?:、[^，。；：:、]{1,40}){1,15}", sentence)]
            runs += [(r.group(0), len(re.findall(r"[“\"][^”\"]{2,20}[”\"]", r.group(0))))  # “A”“B”“C”公众号
                     for r in re.finditer(r"(?:[“\"][^”\"]{2,20}[”\"]\s*){2,}", sentence)]
            for text_, n in runs:
                if _describes_one_thing(text_):
                    continue
                thing = noun and (noun.group(1) or noun.group(2))
                if thing and thing not in sentence[sentence.find(text_):sentence.find(text_) + len(text_) + 8]:
                    continue
                if n >= 2 and (best is None or cov > best[0] or (cov == best[0] and n > best[1])):
                    best = (cov, n, text_, sentence, doc)
    return best


def count_named_things(question: str, docs, drop: set[str], scoring: Scoring = SCORING):
    """"举办了几场培训会" where no figure is stated but the sentence names them: "举办“三提三效”…交流培训会、
    “惠企政策信息发布工作培训会”" is 2. Each item of the run must end in the counted noun, and the sentence must
    say what the question does (its key terms)."""
    from assistant.read.common import Extract

    asked = re.search(r"(?:几|多少)\s*(场|个|次|期|项|家|种)\s*([\u4e00-\u9fff]{2,4}?)(?:[？?。，,]|$|呢|吗)",
                      question)
    if not asked:
        return None
    classifier, noun = asked.group(1), asked.group(2)
    # Plain weights: a rare word of the question ("自己") must not outweigh the verb the sentence shares.
    weights = key_terms(question.replace(noun, " "), question, drop, "")
    item = rf"[^，。；;、]{{2,40}}?{re.escape(noun)}[”\"]?"
    best = None
    for doc in docs:
        for sentence in re.split(r"(?<=[。；;！？])", doc.page_content):
            if noun not in sentence:
                continue
            for run in re.finditer(rf"{item}(?:、{item})+", sentence):
                names = [(x[x.index("“"):] if "“" in x else x).strip("“”\"") for x in run.group(0).split("、")]
                cov = coverage(sentence, weights, scoring) if weights else 1.0
                if cov >= scoring.min_coverage * 0.5 and (best is None or cov > best[0]):
                    best = (cov, names, run.group(0), sentence, doc)
    if best is None:
        return None
    cov, names, run, sentence, doc = best
    n = len(names)
    return Extract(f"{n}{classifier}", sentence[:300], doc.page_content, doc.metadata, cov, float(n),
                   [{"role": "count", "value": n, "items": names, "text": run}])


def _describes_one_thing(run: str) -> bool:
    """"关注度低、更新不及时、无力运维的新媒体账号" lists what the accounts are like, not accounts: the
    items are attributes of the noun after the last 的."""
    last = run.split("、")[-1]
    return "的" in last and not any("的" in item for item in run.split("、")[:-1])


# -- operands that several things make -------------------------------------------------------------
_FAMILIES = [{"条", "件", "篇", "份", "项", "个"}, {"次", "场", "期", "批"}, {"人", "人次", "名", "位"},
             {"元", "万元", "亿元"}, {"%", "个百分点"}]


def family_of(a: Operand) -> frozenset[str] | None:
    unit = unit_of(a.shown)
    fam = next((f for f in _FAMILIES if unit in f), None)
    return frozenset(fam) if fam else None


def units_compatible(a: Operand, b: Operand) -> bool:
    """A share compares like with like: 162件 of 19期 is no share."""
    ua, ub = unit_of(a.shown), unit_of(b.shown)
    if not ua or not ub or ua == ub:
        return True
    return any(ua in fam and ub in fam for fam in _FAMILIES)


def joined(found: list[Operand]) -> Operand:
    """Several operands named together ("予以公开和部分公开") as one: their sum."""
    comp = total(found)
    source = "；".join(dict.fromkeys(f.source for f in found))
    cells = all(f.support.get("role") == "cell" for f in found)
    support = {"role": "cell" if cells else "mention", "certain": cells, "value": comp.value, "text": source}
    if cells:
        support.update(table=found[0].support.get("table"), column=found[0].support.get("column"),
                       row="+".join(f.support.get("row", "") for f in found))
    return Operand(float(comp.value or 0), "＋".join(f.label for f in found), comp.short, source, found[0].meta,
                   support, list(found))


def _operand(m: Mention, doc, label: str) -> Operand:
    from assistant.read.figures import figure_text

    return Operand(m.value, label, figure_text(m), m.clause, doc.metadata,
                   {"role": "mention", "value": m.value, "text": m.clause})


def find_stated(value: float, docs):
    """The passage stating this figure (the question gives it: "预决算公开的197条信息里"), as an Extract."""
    from assistant.read.common import Extract
    from assistant.read.figures import figure_text

    for doc in docs:
        for m in mentions(doc.page_content):
            if m.value == value and not m.percent:
                return Extract(figure_text(m), m.clause, doc.page_content, doc.metadata, 1.0, m.value,
                               [{"role": "mention", "value": m.value, "text": m.clause}])
    return None


def stated_share_of(value: float, unit: str, docs):
    """The percentage the report gives its figure itself ("予以公开及部分公开 208 件（17.46%）", "208件，占17.46%"),
    as an Extract, or None."""
    from assistant.read.common import Extract
    from assistant.read.figures import figure_text

    for doc in docs:
        found = mentions(doc.page_content)
        for m, after in zip(found, found[1:]):
            if m.value == value and unit_of(figure_text(m)) == unit and after.percent and after.unit != "个百分点" \
                    and after.clause == m.clause and re.fullmatch(r"\s*[（(，,]?\s*(占|占比|约占)?\s*",
                                                                 doc.page_content[m.end: after.start]):
                shown = figure_text(after)
                return Extract(shown, m.clause, doc.page_content, doc.metadata, 1.0, after.value,
                               [{"role": "mention", "value": after.value, "text": m.clause}])
    return None


def items_of_one_list(phrases: list[str], docs, drop: set[str]) -> list[Operand] | None:
    """Each phrase as an item of one enumeration of the report ("市政府规章22件、…行政规范性文件34件、人事任免文件
    196件、其他文件84件"): a sum of what one sentence lists is read from that sentence."""
    from assistant.read.common import coverage as cov_of

    for doc in docs:
        by_sentence: dict[str, list[Mention]] = {}
        for m in mentions(doc.page_content):
            by_sentence.setdefault(m.sentence, []).append(m)
        for ms in by_sentence.values():
            if len(ms) < len(phrases):
                continue
            picked: list[Operand] = []
            for phrase in phrases:
                weights = {w: float(len(w)) for w in tokens(phrase) if w not in drop and len(w) >= 2}
                best = max(ms, key=lambda m: cov_of(m.measure, weights)) if weights else None
                if best is None or cov_of(best.measure, weights) < 0.5 or any(p.source == best.clause and
                                                                            p.value == best.value for p in picked):
                    break
                picked.append(_operand(best, doc, phrase))
            if len(picked) == len(phrases):
                return picked
    return None


def names_total(phrase: str, whole: Operand, drop: set[str]) -> bool:
    """Whether the question's denominator ("全部主动公开信息", "制作获取总数") is the total the figure is an item of."""
    from assistant.read.common import coverage as cov_of

    words = [w for w in re.findall(r"[\u4e00-\u9fff]{2,}", phrase) if w not in drop]
    words = [w for part in words
             for w in ([part] if len(part) <= 4 else [part[i: i + 2] for i in range(0, len(part), 2)])]
    weights = {w: float(len(w)) for w in words if w not in ("全部", "全年", "总数", "信息", "所有", "总条数", "条数")}
    # the whole's own words decide ("办结1191件（含上年结转189件）": 189's are 含上年结转, not 办结)
    return not weights or cov_of(whole.label or whole.source, weights) >= 0.5


# -- a net change: what was added less what was removed, stated as two verbs in one sentence ----------------
_REMOVED = re.compile(r"注销|关停|撤销|关闭|删除|取消|下线|清理|撤并|停用")
_ADDED = re.compile(r"新开设|新开|新增|开设|开通|新建|上线|增设|新设|新上线")
_NET_DOWN = re.compile(r"净(?:减少|减|少|下降|降)")


def net_change(question: str, docs, drop: set[str], idf=None, scoring: Scoring = SCORING):
    """"注销了一些又新开了一些，净减少了几个": (value, removed, added, doc) from the sentence that best matches the
    question and states both in one unit ("注销2个…，新开设1个…" → 1); None when no sentence does."""
    asked = re.sub(r"净(?:减少|增加|减|增|少|多|下降|上升|降|升)了?|算下来|一共|(?:多少|几)\s*[个条件家项]?|"
                   r"(?:注销|关停|新开|新增|开设)了?(?:一些|几个|若干)", " ", question)
    weights = key_terms(asked, asked, drop, "", idf)
    best = None
    for rank, doc in enumerate(docs):
        found = mentions(doc.page_content)
        for sentence in {m.sentence for m in found}:
            ms = [m for m in found if m.sentence == sentence and not m.percent]
            gone = [m for m in ms if _REMOVED.search(m.measure[-6:])]
            new = [m for m in ms if _ADDED.search(m.measure[-6:])]
            pairs = [(a, b) for a in gone for b in new if a.unit == b.unit]
            if not pairs:
                continue
            cov = coverage(sentence, weights, scoring) - scoring.rank_penalty * min(rank, scoring.rank_cap)
            if cov >= scoring.min_coverage and (best is None or cov > best[0]):
                best = (cov, *pairs[0], doc)
    if best is None:
        return None
    _, removed, added, doc = best
    value = removed.value - added.value if _NET_DOWN.search(question) else added.value - removed.value
    return value, removed, added, doc


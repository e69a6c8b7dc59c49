"""The extractive reader: find the clause that answers, and the bare value in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.tokenize import tokens

_QUESTION_WORDS = set(
    "多少 几 几件 几条 几个 几次 几场 几期 几名 几项 是 有 哪些 什么 怎么 如何 吗 呢 了 的 一共 总共 共 总计 全年 一年 "
    "本年 本年度 年度 报告 年报 这份 政府信息公开 政府 信息 公开 工作 情况 其中 那 那么 请问 还有 还 因为 因 "
    "件 条 个 次 场 期 篇 项 名 元 万元 起 份 家 是多少 有多少 多少件 多少条 多少元 多少项 "
    "去年 今年 前年 全年 一年 当年 上一年 下一年 全区 全市 全县 我区 我市 我县 我局".split()
)
_CLAUSE = re.compile(r"[，。；;！？!?,]")
_NUMBER = re.compile(r"(?<![\d.〔\[（(])(\d+(?:\.\d+)?)\s*(万元|亿元|元|条|件|场|期|篇|项|次|个|名|起|份|家|批次|批|人次|人|个百分点|%|万)?")
_YEARLIKE = re.compile(r"^(19|20)\d{2}$")
UNIT_WORDS = ["万元", "元", "条", "件", "场", "期", "篇", "项", "次", "个", "名", "起", "份", "家", "批次"]
PHONE = re.compile(r"(?<!\d)(0\d{2,3}\s*[-—–－]\s*\d{7,8}|1[3-9]\d{9}|\d{3,4}[-—–－]\d{7,8})(?!\d)")
PERIOD = re.compile(r"(\d{4}年\s*\d{1,2}月\s*\d{1,2}日)\s*(?:起)?\s*(?:至|到|—|-|～|~)\s*((?:\d{4}年)?\s*\d{1,2}月\s*\d{1,2}日)")
_NOT_CHARGED = re.compile(r"(未|没有|无|不)(收取|发生收费|产生)[^，。；]*?(费|收费)|未收费|免费|无收取|未发生.*?收费")
_PROBLEM_HEAD = re.compile(r"问题|不足|短板|差距|薄弱|改进")


# Everyday words → the words reports use (a term counts as present when any spelling is).
SYNONYMS = {
    "官网": ["网站", "门户网站"], "网上": ["网站"], "登": ["发布", "刊登"], "登了": ["发布"], "发了": ["发布"],
    "东西": ["信息"], "接到": ["收到", "受理"], "收到": ["受理", "接收"], "受理": ["收到"], "个人": ["自然人"],
    "公众号": ["微信公众号", "公众号"], "开了": ["召开"], "办了": ["开展", "办理"], "几期": ["期"],
    "文章": ["信息", "篇"], "回复": ["答复"], "答复": ["回复", "办结"], "办结": ["答复", "办理"],
}


def present(term: str, text: str) -> bool:
    return term in text or any(s in text for s in SYNONYMS.get(term, ()))


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


@dataclass
class Extract:
    short: str
    clause: str  # the clause quoted as evidence
    passage: str  # the chunk it came from
    meta: dict
    coverage: float
    number: float | None = None


def question_kind(q: str) -> str:
    if re.search(r"电话|联系方式|热线|打哪个", q):
        return "phone"
    if re.search(r"统计(期限|时限|期间|区间|时间)|从哪天到哪天|数据.*(期限|时限)", q):
        return "period"
    if re.search(r"信息处理费|处理费", q) or (re.search(r"收费|收取", q) and not re.search(r"行政事业性", q)):
        return "fee"
    if re.search(r"(存在|主要|哪些).*(问题|不足|短板|差距)|需要加强|加强和改进|改进的地方|不足", q):
        return "problems"
    if re.search(r"多少|几|数量|金额|总计|总数", q):
        return "number"
    return "text"


def key_terms(question: str, focus: str, drop: set[str], history_part: str = "", idf=None) -> dict[str, float]:
    """Content words with weights: longer words count more; in a follow-up, its new words count
    most and words carried over from the previous turn count least."""
    weights: dict[str, float] = {}
    focus_toks = set(tokens(focus)) if focus and focus != question else set()
    carried = set(tokens(history_part)) - focus_toks if focus_toks else set()
    long_drop = [d for d in drop if len(d) >= 2]
    for t in tokens(re.sub(r"\d{4}\s*年度?", " ", question)):
        if t in _QUESTION_WORDS or t in drop or re.fullmatch(r"\d+", t) or (len(t) == 1 and t not in SYNONYMS):
            continue
        if any(d in t or (len(t) >= 2 and t in d) for d in long_drop):
            continue  # a piece of the body's name (上海市政府, 区政 of 区政府)
        w = min(len(t), 4) * (3.0 if t in focus_toks else 0.5 if t in carried else 1.0)
        if idf is not None:
            w *= idf(t, tuple(SYNONYMS.get(t, ())))
        weights[t] = max(weights.get(t, 0), w)
    return weights


def _coverage(clause: str, weights: dict[str, float]) -> float:
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(w for t, w in weights.items() if present(t, clause)) / total


def _clauses(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for piece in _CLAUSE.split(text):
        if piece.strip():
            out.append((pos, piece.strip()))
        pos += len(piece) + 1
    return out


def _numbers(clause: str) -> list[tuple[str, str, int, int]]:
    """(value, unit, start, end) of every number that is a count or amount, not a date or a serial."""
    found = []
    for m in _NUMBER.finditer(clause):
        value, unit = m.group(1), m.group(2) or ""
        after = clause[m.end(1): m.end(1) + 2].strip()
        if _YEARLIKE.match(value) and (after.startswith("年") or not unit):
            continue
        if after.startswith(("年", "月", "日", "号", "时")) or clause[max(0, m.start() - 1): m.start()] in ("第",):
            continue
        found.append((value, unit, m.start(), m.end()))
    return found


def _spans(clause: str, nums) -> list[tuple[str, str]]:
    """For each number, the words before it (since the previous number) and after it (to the next)."""
    out = []
    for i, (_, _, start, end) in enumerate(nums):
        left_start = nums[i - 1][3] if i else 0
        right_end = nums[i + 1][2] if i + 1 < len(nums) else len(clause)
        out.append((clause[left_start:start], clause[end:right_end]))
    return out


def read_number(question: str, focus: str, docs, drop: set[str], history_part: str = "", idf=None) -> Extract | None:
    weights = key_terms(question, focus, drop, history_part, idf)
    want_unit = next((u for u in UNIT_WORDS if re.search(rf"(多少|几){u}|{u}数", question)), "")
    q_bigrams = _bigrams(re.sub(r"\s", "", question))
    titles = re.findall(r"《[^》]+》", question)
    best: tuple[float, Extract] | None = None
    for rank, doc in enumerate(docs):
        clauses = _clauses(doc.page_content)
        for i, (_, clause) in enumerate(clauses):
            nums = _numbers(clause)
            if want_unit:
                nums = [n for n in nums if n[1] == want_unit or (not n[1] and want_unit == "件")]
            if not nums:
                continue
            context = "".join(c for _, c in clauses[max(0, i - 2): i])
            cov = max(_coverage(clause, weights), 0.8 * _coverage(context + clause, weights))
            if "年度报告" in clause or "年报" in clause:
                cov -= 0.3
            for (value, unit, _, _), (left, right) in zip(nums, _spans(clause, nums)):
                local = _coverage(left, weights) + 0.5 * _coverage(right, weights)
                overlap = len(q_bigrams & _bigrams(left + right)) / max(len(q_bigrams), 1)
                score = cov + 0.3 * local + 0.2 * overlap - 0.01 * rank
                if titles and any(t in clause for t in titles):
                    score += 0.3  # the exact title the question quotes
                if best is None or score > best[0]:
                    best = (score, Extract(f"{value}{unit}", clause, doc.page_content, doc.metadata, cov,
                                           float(value)))
    return best[1] if best else None


def read_phone(docs) -> Extract | None:
    for doc in docs:
        text = doc.page_content
        for m in PHONE.finditer(text):
            start = max(0, text.rfind("，", 0, m.start()), text.rfind("；", 0, m.start()), text.rfind("（", 0, m.start()))
            before = text[max(0, m.start() - 12): m.start()]
            if re.search(r"电话|联系|传真|热线|电 话", before):
                phone = re.sub(r"\s", "", m.group(1))
                return Extract(phone, text[start: m.end()].lstrip("，；（"), text, doc.metadata, 1.0)
    return None


def read_period(docs) -> Extract | None:
    for doc in docs:
        m = PERIOD.search(doc.page_content)
        if m:
            short = re.sub(r"\s", "", f"{m.group(1)}至{m.group(2)}")
            clause = next((c for _, c in _clauses(doc.page_content) if m.group(1) in c), m.group(0))
            return Extract(short, clause, doc.page_content, doc.metadata, 1.0)
    return None


def read_fee(question: str, focus: str, docs, drop: set[str]) -> Extract | None:
    for doc in docs:
        for _, clause in _clauses(doc.page_content):
            if not re.search(r"处理费|收费|收取", clause):
                continue
            if _NOT_CHARGED.search(clause):
                return Extract("未收取", clause, doc.page_content, doc.metadata, 1.0)
            m = re.search(r"(\d+(?:\.\d+)?)\s*(万元|元)", clause)
            if m and re.search(r"处理费", clause):
                return Extract(f"{m.group(1)}{m.group(2)}", clause, doc.page_content, doc.metadata, 1.0,
                               float(m.group(1)))
    return None


_PROBLEM_WORDS = re.compile(r"不足|问题|短板|差距|有待|仍需|尚需|不够|薄弱|不强|欠缺|不到位|不高")
_REMEDY_WORDS = re.compile(r"下一步|将进一步|改进措施|整改措施|我们将|将继续|将着力|计划")


def read_problems(docs) -> Extract | None:
    """The sentences that state the problems (part 五), not the remedies that follow them."""
    best = None
    for rank, doc in enumerate(docs):
        text, section = doc.page_content, doc.metadata.get("section", "")
        if section.startswith("前言") or re.search(r"[六6]个部分", text):
            continue
        sents = [x for x in re.split(r"(?<=[。；;])", text) if x.strip()]
        hits = [i for i, x in enumerate(sents) if _PROBLEM_WORDS.search(x) and not _REMEDY_WORDS.search(x)]
        if not hits:
            continue
        score = len(hits) + (3 if "问题" in section or "不足" in section else 0) - 0.1 * rank
        if re.search(r"改进情况$|整改情况$", section) and "存在的主要问题" not in section:
            score -= 1
        if best is None or score > best[0]:
            first = hits[0]
            short = "".join(sents[first : first + 3]).strip()
            if len(short) < 15 and first + 1 < len(sents):
                short = "".join(sents[first : first + 4]).strip()
            best = (score, Extract(short[:300], short[:300], text, doc.metadata, 1.0))
    return best[1] if best else None


def read_text(question: str, focus: str, docs, drop: set[str], idf=None) -> Extract | None:
    weights = key_terms(question, focus, drop, "", idf)
    best = None
    for rank, doc in enumerate(docs):
        for _, clause in _clauses(doc.page_content):
            cov = _coverage(clause, weights) - 0.01 * rank
            if best is None or cov > best[0]:
                best = (cov, Extract(clause, clause, doc.page_content, doc.metadata, cov))
    return best[1] if best else None

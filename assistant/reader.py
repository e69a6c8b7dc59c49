"""The extractive reader: find the clause that answers, and the bare value in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.tokenize import tokens

_QUESTION_WORDS = set(
    "多少 几 几件 几条 几个 几次 几场 几期 几名 几项 是 有 哪些 什么 怎么 如何 吗 呢 了 的 一共 总共 共 总计 全年 一年 "
    "本年 本年度 年度 报告 年报 这份 政府信息公开 政府 信息 公开 工作 情况 其中 那 那么 请问 还有 还 因为 因 "
    "件 条 个 次 场 期 篇 项 名 元 万元 起 份 家 是多少 有多少 多少件 多少条 多少元 多少项".split()
)
_CLAUSE = re.compile(r"[，。；;！？!?,]")
_NUMBER = re.compile(r"(?<![\d.〔\[（(])(\d+(?:\.\d+)?)\s*(万元|亿元|元|条|件|场|期|篇|项|次|个|名|起|份|家|批次|批|人次|人|个百分点|%|万)?")
_YEARLIKE = re.compile(r"^(19|20)\d{2}$")
UNIT_WORDS = ["万元", "元", "条", "件", "场", "期", "篇", "项", "次", "个", "名", "起", "份", "家", "批次"]
PHONE = re.compile(r"(?<!\d)(0\d{2,3}\s*[-—–－]\s*\d{7,8}|1[3-9]\d{9}|\d{3,4}[-—–－]\d{7,8})(?!\d)")
PERIOD = re.compile(r"(\d{4}年\s*\d{1,2}月\s*\d{1,2}日)\s*(?:起)?\s*(?:至|到|—|-|～|~)\s*((?:\d{4}年)?\s*\d{1,2}月\s*\d{1,2}日)")
_NOT_CHARGED = re.compile(r"(未|没有|无|不)(收取|发生收费|产生)[^，。；]*?(费|收费)|未收费|免费|无收取|未发生.*?收费")
_PROBLEM_HEAD = re.compile(r"问题|不足|短板|差距|薄弱|改进")


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


def key_terms(question: str, focus: str, drop: set[str]) -> dict[str, float]:
    """Content words of the question with weights: longer words and a follow-up's new words count more."""
    weights: dict[str, float] = {}
    focus_toks = set(tokens(focus)) if focus and focus != question else set()
    for t in tokens(question):
        if t in _QUESTION_WORDS or t in drop or re.fullmatch(r"\d+", t):
            continue
        w = min(len(t), 4) * (2.0 if t in focus_toks else 1.0)
        weights[t] = max(weights.get(t, 0), w)
    return weights


def _coverage(clause: str, weights: dict[str, float]) -> float:
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(w for t, w in weights.items() if t in clause) / total


def _clauses(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for piece in _CLAUSE.split(text):
        if piece.strip():
            out.append((pos, piece.strip()))
        pos += len(piece) + 1
    return out


def _numbers(clause: str) -> list[tuple[str, str, int]]:
    found = []
    for m in _NUMBER.finditer(clause):
        value, unit = m.group(1), m.group(2) or ""
        after = clause[m.end(1): m.end(1) + 2].strip()
        if _YEARLIKE.match(value) and (after.startswith("年") or not unit):
            continue
        if after.startswith(("年", "月", "日", "号", "时")) or clause[max(0, m.start() - 1): m.start()] in ("第",):
            continue
        found.append((value, unit, m.start()))
    return found


def read_number(question: str, focus: str, docs, drop: set[str]) -> Extract | None:
    weights = key_terms(question, focus, drop)
    want_unit = next((u for u in UNIT_WORDS if re.search(rf"多少{u}|几{u}|{u}数", question)), "")
    best: tuple[float, Extract] | None = None
    for rank, doc in enumerate(docs):
        clauses = _clauses(doc.page_content)
        for i, (_, clause) in enumerate(clauses):
            nums = _numbers(clause)
            if not nums:
                continue
            context = clauses[i - 1][1] if i > 0 else ""
            cov = _coverage(clause, weights)
            cov_ctx = max(cov, 0.8 * _coverage(context + clause, weights))
            value, unit, _ = _pick_number(nums, clause, weights, want_unit)
            score = cov_ctx + (0.15 if want_unit and unit == want_unit else 0) - 0.01 * rank
            if "年度报告" in clause or "年报" in clause:
                score -= 0.3
            ex = Extract(f"{value}{unit}", clause, doc.page_content, doc.metadata, cov_ctx, float(value))
            if best is None or score > best[0]:
                best = (score, ex)
    return best[1] if best else None


def _pick_number(nums, clause: str, weights: dict[str, float], want_unit: str):
    """The number right after the last matched key word, preferring the asked unit."""
    last_hit = max((clause.rfind(t) + len(t) for t in weights if t in clause), default=-1)
    def rank(n):
        value, unit, pos = n
        return (0 if (not want_unit or unit == want_unit) else 1, 0 if pos >= last_hit else 1,
                abs(pos - last_hit))
    return min(nums, key=rank)


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


def read_problems(docs) -> Extract | None:
    for doc in docs:
        text = doc.page_content
        section = doc.metadata.get("section", "")
        if not (_PROBLEM_HEAD.search(section) or re.search(r"存在.{0,8}(问题|不足)|不足之处|短板", text)):
            continue
        m = re.search(r"(一是|（1）|1\.|首先)", text)
        if m is None and not re.search(r"问题|不足|有待|仍需|不够", text):
            continue
        body = text[m.start():] if m else text
        clause = body[:220]
        short = re.split(r"[。]", body)[0] if m else clause
        return Extract(short[:200], clause, text, doc.metadata, 1.0)
    return None


def read_text(question: str, focus: str, docs, drop: set[str]) -> Extract | None:
    weights = key_terms(question, focus, drop)
    best = None
    for rank, doc in enumerate(docs):
        for _, clause in _clauses(doc.page_content):
            cov = _coverage(clause, weights) - 0.01 * rank
            if best is None or cov > best[0]:
                best = (cov, Extract(clause, clause, doc.page_content, doc.metadata, cov))
    return best[1] if best else None

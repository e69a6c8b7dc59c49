"""Question understanding: which reports a question is about, and what it asks after follow-ups."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.question.names import ABBREVIATIONS, BodyName, parse_body
from ingest.facts.template import question_slots
from ingest.models import Report

_YEAR = re.compile(r"(20\d{2})\s*年")
_RELATIVE = {"今年": 0, "本年度": 0, "去年": -1, "上一年": -1, "前年": -2}
_ELLIPTICAL = re.compile(r"^(那|那么|其中|另外|还有|而)|呢[？?]?$|的呢|^\d{4}年(度)?(的)?呢")


@dataclass
class Understanding:
    question: str  # as asked
    effective: str  # with an elliptical follow-up completed from the previous turn
    focus: str  # the new words of a follow-up (weighted higher when reading)
    report_ids: list[str]  # reports the question is about (possibly all)
    years: list[int] = field(default_factory=list)
    named_body: bool = False
    named_year: bool = False
    refusal: str | None = None  # a reason to refuse before retrieval
    other_years: list[int] = field(default_factory=list)  # years named that are not the picked report's
    joined: bool = False  # the question names several bodies ("A和B", "A比B")
    ambiguous: list[Report] = field(default_factory=list)


_YEAR_LIST = re.compile(r"(20\d{2})(?=\s*(?:年|、|，|,|和|与|及|跟|至|到|—|－|-|~|～|[两三四五六七八九十]个?年))")
_YEAR_RANGE = re.compile(r"(20\d{2})\s*年?\s*(?:至|到|—|－|-|~|～)\s*(20\d{2})\s*年")


_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_TARGET_YEAR = re.compile(r"(结转|顺延|转入|转)(到|至)\s*(20\d{2}|\d{2})\s*年度?")


def _normalise_years(text: str) -> str:
    """二〇二四年 → 2024年, 24年 → 2024年; a year something is carried over into is not the report's."""
    text = re.sub(r"[〇零一二三四五六七八九]{4}(?=\s*年)", lambda m: m.group(0).translate(_CN_DIGITS), text)
    text = re.sub(r"(?<![\d.])(1[5-9]|2\d|3[0-5])(?=\s*年(?!代|龄|限|轻))", r"20\1", text)
    return _TARGET_YEAR.sub(r"\1\2下一年", text)


def years_in(text: str, today: dt.date) -> list[int]:
    """Years a question names, in order: 2019年, 2019、2020、2021三年, 2019至2021年, 去年 …"""
    text = _normalise_years(text)
    years: list[int] = []
    for m in _YEAR_RANGE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if 0 < b - a <= 10:
            years += list(range(a, b + 1))
    years += [int(y) for y in _YEAR_LIST.findall(text)]
    for word, delta in _RELATIVE.items():
        if word in text:
            years.append(today.year + delta)
    return list(dict.fromkeys(years))


# Words that contain 政府 without naming a body.
_NOT_A_BODY = re.compile(r"政府信息(公开)?|(?:[市县区]|人民)?(?:人民)?政府(?:门户)?网站|政府常务会议|政府采购|政府公报|政务")


def _department_hit(q: str, name: BodyName) -> bool:
    for dept in name.department:
        if "政府" not in dept:
            if dept in q:
                return True
            continue
        # 政府 alone is too common: it names this body only as 沭阳县政府, 县政府, 县人民政府 ….
        suffixes = {unit[0][-1] for unit in name.places} | {s for unit in name.places for s in unit}
        if any(f"{s}{dept}" in q for s in suffixes) or (len(dept) > 4 and dept in q):
            return True
    return False


def _body_score(q: str, name: BodyName, other_hit: bool) -> float:
    matched = _places_hit(q, name)
    unmatched = len(name.places) - matched
    dept_hit = _department_hit(q, name)
    # The full name (枫林市) beats the short one (枫林) that 枫林县 shares.
    full = sum(1 for unit in name.places if unit[0] in q)
    score = matched * 10 + full * 2 - unmatched
    if dept_hit:
        score += 5
    elif other_hit:
        score -= 8  # the question names another department
    return score if (matched or dept_hit) else 0


@lru_cache(maxsize=8)
def _triggers(bodies: frozenset[str]) -> tuple[dict[str, list[str]], tuple[int, ...]]:
    """Each place spelling and department name -> the bodies it belongs to, and the lengths they have.
    A body scores only when one of them occurs in the question."""
    index: dict[str, list[str]] = {}
    for body in bodies:
        name = parse_body(body)
        for word in {s for unit in name.places for s in unit} | set(name.department):
            index.setdefault(word, []).append(body)
    return index, tuple(sorted({len(w) for w in index}))


def _candidates(q: str, bodies: frozenset[str]) -> set[str]:
    """The bodies with a place or department word in q: the question's substrings looked up, so the
    cost grows with the question's length, not with the number of reports."""
    index, lengths = _triggers(bodies)
    found: set[str] = set()
    for n in lengths:
        for i in range(len(q) - n + 1):
            found.update(index.get(q[i : i + n], ()))
    return found


def match_bodies(q: str, reports: list[Report]) -> list[Report]:
    q = _NOT_A_BODY.sub("", q)
    wanted = _candidates(q, frozenset(r.body for r in reports if r.body))
    names = {r.body: parse_body(r.body) for r in reports if r.body in wanted}
    # Only a specific department (发改局, 办公厅 …) named in the question speaks against another body;
    # 市政府/县政府 is too general for that. Computed once per question: O(reports), not O(reports²).
    hit_departments = {tuple(n.department) for n in names.values()
                       if n.department and not any(d.endswith("政府") for d in n.department)
                       and _department_hit(q, n)}
    hit_departments |= {tuple(shorts) for long, shorts in ABBREVIATIONS.items()
                        if "政府" not in long and any(w in q for w in shorts)}
    scores = {body: _body_score(q, n, bool(hit_departments - {tuple(n.department)}))
              for body, n in names.items()}
    scored = [(r, scores[r.body]) for r in reports if r.body in scores]
    if any(_places_hit(q, names[r.body]) for r, s in scored if s > 0):
        # A body whose place the question names beats one matched on 市政府 alone (上海市政府 ≠ 淮安市人民政府).
        scored = [(r, s) for r, s in scored if _places_hit(q, names[r.body])]
    best = max((s for _, s in scored), default=0)
    return [r for r, s in scored if s > 0 and s == best]


def _places_hit(q: str, name: BodyName) -> int:
    return sum(1 for unit in name.places if any(s in q for s in unit))


_JOINERS = re.compile(r"和|与|及|跟|同|、|比|对比|相比")


def _split_joined(q: str, reports: list[Report]) -> list[str]:
    """q cut at its joiners, except inside a body's own words (发展和改革局, 住房和城乡建设局 …)."""
    bodies = _candidates(q, frozenset(r.body for r in reports if r.body))
    words = {w for b in bodies for w in [b, *parse_body(b).department] if _JOINERS.search(w) and w in q}
    inside = [False] * len(q)
    for w in words:
        for m in re.finditer(re.escape(w), q):
            inside[m.start() : m.end()] = [True] * len(w)
    parts, start = [], 0
    for m in _JOINERS.finditer(q):
        if not any(inside[m.start() : m.end()]):
            parts.append(q[start : m.start()])
            start = m.end()
    return [*parts, q[start:]]


def match_several(q: str, reports: list[Report]) -> list[Report]:
    """'淮安市政府和洪泽区政府…' names two bodies: match each part of the question on its own."""
    parts = [p for p in _split_joined(_NOT_A_BODY.sub("", q), reports) if p.strip()]
    found: list[Report] = []
    if len(parts) < 2:
        return found
    for part in parts:
        for r in match_bodies(part, reports):
            if r not in found:
                found.append(r)
    return found


_NOT_PLACES = {"中国", "中华人民共和国", "全国", "国务院", "全省", "全市", "全县", "全区", "本市", "本县", "本区"}


_PROVINCES = set("北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 "
                 "海南 四川 贵州 云南 陕西 甘肃 青海 内蒙古 广西 西藏 宁夏 新疆 香港 澳门".split())
_UNIT = re.compile(r".{2,8}?(?:自治区|自治州|综合实验区|新区|开发区|省|市|县|区|旗|镇|乡|街道)")


def _units(place: str) -> list[str]:
    """上海市浦东新区 → 上海市, 浦东新区: a known city must not vouch for an unknown district."""
    units = _UNIT.findall(place)
    return units if units and "".join(units) == place else [place]


def _unknown_places(question: str, reports: list[Report]) -> list[str]:
    """Administrative units a question names that no indexed report's body contains (海淀区, 浦东新区 …);
    provinces above a body are fine (江苏省淮安市洪泽区)."""
    from ingest.text.tokenize import place_names

    spellings = {s for r in reports for unit in parse_body(r.body).places for s in unit}
    out = []
    text = _NOT_A_BODY.sub("", question)
    for place in place_names(text):
        at = text.find(place) + len(place)
        if not _UNIT.fullmatch(place) and text[at: at + 1] in ("市", "县", "区", "镇", "乡", "旗"):
            place += text[at]  # jieba tags 清江浦 in 清江浦区
        for unit in _units(place):
            short = re.sub(r"(省|自治区|市)$", "", unit)
            if unit in _NOT_PLACES or short in _PROVINCES or unit.endswith(("省", "自治区")):
                continue
            if not _UNIT.fullmatch(unit):
                continue  # jieba also tags words like 三本 (of 表三本年) as places; a unit has a suffix
            if not any(unit in s or s in unit for s in spellings if len(s) >= 2):
                out.append(unit)
    return out


def _swap_slot(core: str, prev: str) -> str | None:
    for slot in question_slots():
        new = next((w for w in slot if w in core), None)
        old = next((w for w in slot if w in prev and w != new), None)
        if new and old and new not in prev:
            return prev.replace(old, new, 1)
    return None


def complete_follow_up(question: str, history: list[tuple[str, str]] | None) -> tuple[str, str]:
    """'2023年呢？' after '平潭…2021年共收到多少件申请？' → the previous question with the new year."""
    if not history:
        return question, question
    prev = history[-1][0]
    core = re.sub(r"^(那么|那|其中|另外|还有|而)|(的)?呢[？?]?$|[？?]$", "", question).strip()
    new_years = _YEAR.findall(question)
    if new_years and re.fullmatch(r"\d{4}\s*年(度)?(的)?", core):
        return _YEAR.sub(f"{new_years[0]}年", prev, count=1), core
    swapped = _swap_slot(core, prev)
    if swapped:
        return swapped, core
    if _ELLIPTICAL.search(question) or len(core) <= 8:
        return f"{core}，{prev}", core
    return question, question


def understand(question: str, reports: list[Report], scope: Report | None = None,
               history: list[tuple[str, str]] | None = None, today: dt.date | None = None) -> Understanding:
    today = today or dt.date.today()
    effective, focus = complete_follow_up(question, history)
    if scope is not None:
        # A picked report decides body and year (去年/今年 included); a year written out that is not
        # the report's is a question about another report.
        u = Understanding(question, effective, focus, [scope.report_id], [scope.year] if scope.year else [])
        named = [int(y) for y in _YEAR.findall(_normalise_years(question))]
        if named and scope.year and scope.year not in named:
            u.other_years = named  # the chain refuses unless the report itself speaks of that year
        return u
    years = years_in(question, today) or years_in(effective, today)
    bodies = match_bodies(question, reports) or match_bodies(effective, reports)
    for earlier, _ in reversed(history or []):
        # A follow-up that names neither body nor year is about the last turn that did.
        if bodies and years:
            break
        bodies = bodies or match_bodies(earlier, reports)
        years = years or years_in(earlier, today)
    several = match_several(question, reports)
    joined = len({r.body for r in several}) > 1  # "A和B", "A比B": the question names several bodies
    if joined:
        bodies = several
    named_body = bool(bodies)
    unknown = _unknown_places(question, reports)
    if unknown:  # 宿迁市人民政府 or 上海市浦东新区 must not fall back to another body's figures
        u = Understanding(question, effective, focus, [], years, False, bool(years))
        u.refusal = f"报告库中没有{'、'.join(unknown)}的政府信息公开工作年度报告，无法回答。"
        return u
    candidates = bodies if bodies else list(reports)
    u = Understanding(question, effective, focus, [], years, named_body, bool(years), joined=joined)
    if years:
        in_years = [r for r in candidates if r.year in years]
        if not in_years:
            who = bodies[0].body if bodies else "任何单位"
            u.refusal = f"报告库中没有{who}{'、'.join(map(str, years))}年的政府信息公开工作年度报告，无法回答。"
            return u
        candidates = in_years
    distinct = {(r.body, r.year) for r in candidates}
    superlative = re.search(r"哪.{0,30}?(最多|最少|最大|最小|最高|最低)", question)
    same_name = named_body and len({r.body for r in candidates}) > 1 and not joined  # 枫林市 and 枫林县
    if len(distinct) > 1 and len(years) <= 1 and not superlative and (same_name or not (named_body and years)):
        u.ambiguous = sorted(candidates, key=lambda r: (r.body, r.year or 0))
    u.report_ids = [r.report_id for r in candidates]
    return u

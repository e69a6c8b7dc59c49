"""What a report's prose says about its table cells, as statements the decoder may use.

“共收到政府信息公开申请81件” says 本年新收/总计 = 81 (or 本年新收 + 上年结转 = 81: both readings occur);
“予以公开及部分公开42件” says 予以公开/总计 + 部分公开/总计 = 42; “本年度制发的规范性文件77件” says
行政规范性文件/本年制发件数 = 77. The decoder (`solve.py`) uses a statement only to choose among readings
the table itself allows, never to fill a cell; the audit compares statements with the certain cells.

Patterns are narrow on purpose: a statement must name its measure next to its figure, in one clause.
Called with the prose only (`regions.prose_only`: tables blanked), so table digits are never read as prose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest.facts.template import (
    T3_CARRIED,
    T3_LEGAL_PERSONS,
    T3_NEW,
    T3_NEXT,
    T3_TOTAL,
    T4_ROWS,
)

Cell = tuple[str, str, str]  # (table, row, column)
Value = int | float | None

# -- the audit's long-standing patterns (table 三's flow, table 四's totals)
_SEP = r"[^。；，,\d]"
RECEIVED = [
    re.compile(rf"(?:受理|收到|接收|接到){_SEP}{{0,25}}?申请{_SEP}{{0,4}}?(?:共计|共)?\s*(\d+)\s*件"),
    re.compile(r"(?:受理|收到|接收|接到)\s*(\d+)\s*件[^。；，,\d]{0,6}申请"),
]
RECEIVED_NONE = re.compile(r"未(?:收到|受理|接到)[^。；，,\d]{0,10}?政府信息公开申请")
DONE = re.compile(rf"(?:办结|共办理|答复)(?:{_SEP}{{0,8}}?)(\d+)\s*件")
NEXT = re.compile(r"(\d+)\s*件(?:结转下一?年度?|顺延到下一?年度)"
                  r"|结转(?:至|到)?(?:下一?年度?|\d{4}\s*年)(?:继续办理)?\s*(\d+)\s*件")
CARRIED = re.compile(r"上一?年度?结转(?:申请)?\s*(\d+)\s*件")
REVIEW = re.compile(r"行政复议(?:案件)?\s*(\d+)\s*[件起]")
LAWSUIT = re.compile(r"行政诉讼(?:案件)?\s*(\d+)\s*[件起]")
NONE_REVIEW = re.compile(r"未收到[^。；，,\d]{0,15}行政复议")
CASES = re.compile(r"案件|复议|诉讼")  # “共办理相关案件74件” counts appeals and lawsuits, not requests

# -- outcomes of requests: “予以公开及部分公开42件”, “因本机关不掌握等原因无法提供564件”
_OUTCOME_ROWS = {"予以公开": ["予以公开"], "部分公开": ["部分公开"]}
_OUTCOME_GROUPS = ["不予公开", "无法提供", "不予处理", "其他处理"]
_OUTCOME = "予以公开|部分公开|" + "|".join(_OUTCOME_GROUPS)
OUTCOMES = re.compile(rf"((?:{_OUTCOME})(?:(?:及|和|与|、)(?:{_OUTCOME}))*)(?:的|申请|共|共计)?\s*(\d+)\s*件(?!次)")
# -- applicants of the requests received: “涉及自然人80件、商业企业1件”, “法人或其他组织申请8件”
_APPLICANT = {"自然人": ["自然人"], "商业企业": ["商业企业"], "科研机构": ["科研机构"],
              "社会公益组织": ["社会公益组织"], "法律服务机构": ["法律服务机构"],
              "法人或其他组织": T3_LEGAL_PERSONS, "法人和其他组织": T3_LEGAL_PERSONS}
APPLICANTS = re.compile(rf"({'|'.join(_APPLICANT)})(?:提出|提交|的)?(?:申请)?(?:共|共计)?\s*(\d+)\s*件")
# -- table 二: documents made, repealed and in force (2021 template), made and published (2019 template)
_DOC_COLUMNS = {
    "2021": {"制发": "本年制发件数", "印发": "本年制发件数", "出台": "本年制发件数", "废止": "本年废止件数",
             "现行有效": "现行有效件数"},
    "2019": {"新制作": "本年新制作数量", "新公开": "本年新公开数量"},
}
_DOC_ROWS = {"2021": "行政规范性文件", "2019": "规范性文件"}
_VERB, _NOUN = "制发|印发|出台|废止|现行有效|新制作|新公开", "行政规范性文件|规范性文件|规章"
T2_DOCS = re.compile(rf"({_VERB})(?:的)?({_NOUN})(?:共|共计)?\s*(\d+)\s*件")
T2_DOCS_AFTER = re.compile(rf"({_NOUN})(?:共|共计)?({_VERB.replace('现行有效|', '')})\s*(\d+)\s*件")


@dataclass(frozen=True)
class Statement:
    """The prose says: the cells of one of `options` add up to `value` (which option it means is open)."""

    rule: str  # the audit's rule, in Chinese
    quote: str
    value: int
    options: tuple[tuple[Cell, ...], ...]
    labels: tuple[str, ...]  # what each option is, in Chinese, for the audit

    @property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(dict.fromkeys(c for option in self.options for c in option))

    def holds(self, value: Callable[[Cell], Value]) -> bool | None:
        """True when some option adds up to the figure, False when none can (counts are never negative)."""
        results = [_adds_up(option, self.value, value) for option in self.options]
        if any(r is True for r in results):
            return True
        if all(r is False for r in results):
            return False
        return None


def _adds_up(cells: tuple[Cell, ...], total: int, value: Callable[[Cell], Value]) -> bool | None:
    values = [value(c) for c in cells]
    known = sum(v for v in values if v is not None)
    if all(v is not None for v in values):
        return abs(known - total) < 1e-6
    return False if known > total + 1e-6 else None


def _number(m: re.Match[str]) -> int:
    return int(next(g for g in m.groups() if g is not None and g.isdigit()))


def _t3(row: str, columns: list[str]) -> tuple[Cell, ...]:
    return tuple(("三", row, c) for c in columns)


def _received(value: int, quote: str, columns: list[str], rule: str) -> Statement:
    # 受理 N 件 sometimes counts the carried-over requests too (沭阳县 2025: 749 = 713 + 36).
    return Statement(rule, quote, value, (_t3(T3_NEW, columns), _t3(T3_NEW, columns) + _t3(T3_CARRIED, columns)),
                     ("表三本年新收", "表三本年新收与上年结转之和"))


def _flow_statements(text: str) -> list[Statement]:
    out: list[Statement] = []
    for pattern in RECEIVED:
        for m in pattern.finditer(text):
            if not CASES.search(m.group(0)):
                out.append(_received(_number(m), m.group(0), ["总计"], "正文与表格：收到申请数"))
    m = RECEIVED_NONE.search(text)
    if m:
        out.append(Statement("正文与表格：收到申请数", m.group(0), 0, (_t3(T3_NEW, ["总计"]),), ("表三本年新收总计",)))
    for rule, pattern, row, label in [
        ("正文与表格：办结申请数", DONE, T3_TOTAL, "表三办理结果总计"),
        ("正文与表格：结转下年度数", NEXT, T3_NEXT, "表三结转下年度继续办理总计"),
        ("正文与表格：上年结转数", CARRIED, T3_CARRIED, "表三上年结转总计"),
    ]:
        for m in pattern.finditer(text):
            if not CASES.search(m.group(0)):
                out.append(Statement(rule, m.group(0), _number(m), (_t3(row, ["总计"]),), (label,)))
    return out


def _outcome_statements(text: str, t3_rows: list[str]) -> list[Statement]:
    out: list[Statement] = []
    for m in OUTCOMES.finditer(text):
        names = re.findall(_OUTCOME, m.group(1))
        rows: list[str] = []
        for name in names:
            rows += _OUTCOME_ROWS.get(name) or [r for r in t3_rows if r == name or r.startswith(f"{name}-")]
        if not rows or len(set(names)) != len(names):
            continue
        cells = tuple(("三", r, "总计") for r in rows)
        label = f"表三{'与'.join(names)}总计"
        out.append(Statement("正文与表格：办理结果", m.group(0), int(m.group(2)), (cells,), (label,)))
    return out


def _applicant_statements(text: str) -> list[Statement]:
    """Usually the requests received (new, or new and carried over); some reports break down those handled."""
    out: list[Statement] = []
    for m in APPLICANTS.finditer(text):
        columns = _APPLICANT[m.group(1)]
        received = _received(int(m.group(2)), m.group(0), columns, "正文与表格：申请人")
        out.append(Statement(received.rule, received.quote, received.value,
                             (*received.options, _t3(T3_TOTAL, columns)), (*received.labels, "表三办理结果总计")))
    return out


def _t4_statements(text: str) -> list[Statement]:
    out = [Statement("正文与表格：行政复议数", m.group(0), _number(m), ((("四", T4_ROWS[0], "总计"),),),
                     ("表四行政复议总计",)) for m in REVIEW.finditer(text)]
    lawsuits = tuple(("四", r, "总计") for r in T4_ROWS[1:])
    out += [Statement("正文与表格：行政诉讼数", m.group(0), _number(m), (lawsuits,), ("表四两类行政诉讼总计之和",))
            for m in LAWSUIT.finditer(text)]
    return out


def _t2_statements(text: str, template: str) -> list[Statement]:
    out: list[Statement] = []
    found = [(m, m.group(1), m.group(2)) for m in T2_DOCS.finditer(text)]
    found += [(m, m.group(2), m.group(1)) for m in T2_DOCS_AFTER.finditer(text)]
    for m, verb, noun in found:
        column = _DOC_COLUMNS[template].get(verb)
        if column is None:
            continue  # a measure this template's table 二 does not have (2019: 废止, 现行有效)
        cell = ("二", "规章" if noun == "规章" else _DOC_ROWS[template], column)
        out.append(Statement("正文与表格：表二", m.group(0), int(m.group(3)), ((cell,),),
                             (f"表二{cell[1]}{cell[2]}",)))
    return out


def statements(prose: str, template: str, t3_rows: list[str]) -> list[Statement]:
    """Every statement of cells the prose makes (duplicates of one figure for one rule kept once)."""
    found = _flow_statements(prose) + _outcome_statements(prose, t3_rows) + _applicant_statements(prose)
    found += _t4_statements(prose)
    if template in _DOC_COLUMNS:
        found += _t2_statements(prose, template)
    seen: set[tuple[str, tuple, int]] = set()
    out = []
    for st in found:
        key = (st.rule, st.options, st.value)
        if key not in seen:
            seen.add(key)
            out.append(st)
    return out


"""Map a question onto a table cell (收到多少申请 → 本年新收…/总计; 个人 → 自然人; …)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.models import Fact

# (pattern in the question, row) — most specific first.
TABLE3_ROWS: list[tuple[str, str]] = [
    (r"国家秘密", "不予公开-属于国家秘密"),
    (r"法律行政法规禁止|禁止公开", "不予公开-其他法律行政法规禁止公开"),
    (r"三安全一稳定", "不予公开-危及“三安全一稳定”"),
    (r"第三方合法权益|第三方", "不予公开-保护第三方合法权益"),
    (r"内部事务", "不予公开-属于三类内部事务信息"),
    (r"过程性信息", "不予公开-属于四类过程性信息"),
    (r"行政执法案卷", "不予公开-属于行政执法案卷"),
    (r"行政查询", "不予公开-属于行政查询事项"),
    (r"不掌握", "无法提供-本机关不掌握相关政府信息"),
    (r"没有现成信息|另行制作", "无法提供-没有现成信息需要另行制作"),
    (r"补正后", "无法提供-补正后申请内容仍不明确"),
    (r"信访|举报|投诉", "不予处理-信访举报投诉类申请"),
    (r"重复申请", "不予处理-重复申请"),
    (r"公开出版物", "不予处理-要求提供公开出版物"),
    (r"大量反复", "不予处理-无正当理由大量反复申请"),
    (r"确认或重新出具|重新出具", "不予处理-要求行政机关确认或重新出具已获取信息"),
    (r"逾期不补正|不补正", "其他处理-申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    (r"缴纳费用|收费通知", "其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    (r"其他处理.{0,10}[“\"‘]?其他[”\"’]?.{0,3}(那|一)?项|其他处理中的其他|其他处理-其他", "其他处理-其他"),
    # A group named without an item: the sum of its items ("不予公开的有多少件").
    (r"不予公开", "不予公开-*"),
    (r"无法提供", "无法提供-*"),
    (r"不予处理", "不予处理-*"),
    (r"其他处理", "其他处理-*"),
    (r"部分公开", "部分公开"),
    (r"予以公开", "予以公开"),
    (r"上年结转|上一年结转|去年结转", "上年结转政府信息公开申请数量"),
    (r"结转|顺延|下一?年度?继续办理|下年", "结转下年度继续办理"),
    (r"办结|办理了|答复了|办理结果|一共办理|共办理|处理了", "总计"),
    (r"新收|收到|受理|接到|接收|提出|提交|申请数量|申请有|申请的有|申请了|要信息|来要|索取|要过", "本年新收政府信息公开申请数量"),
]
# Rows named by words that only mean "applications" next to 申请 or an applicant type.
GENERIC_ROWS = {"本年新收政府信息公开申请数量", "总计", "结转下年度继续办理", "其他处理-*"}
LEGAL_PERSONS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
TABLE3_COLUMNS: list[tuple[str, str]] = [
    (r"法人或其他组织|法人和其他组织|法人", "法人或其他组织"),
    (r"自然人|个人|公民", "自然人"),
    (r"商业企业|企业", "商业企业"),
    (r"科研机构", "科研机构"),
    (r"社会公益|公益组织", "社会公益组织"),
    (r"法律服务|律师", "法律服务机构"),
]
TABLE4_COLUMNS: list[tuple[str, str]] = [
    (r"尚未审结|未审结|没审结|还在审|审理中|正在审理|还没判|未判决|没判|未结案|没结案|没有结果|未结", "尚未审结"),
    (r"维持|胜诉", "结果维持"),
    (r"纠正|纠错|败诉|撤销", "结果纠正"),
    (r"其他结果|驳回|撤诉|终止", "其他结果"),
]
TABLE2: list[tuple[str, str, list[tuple[str, str]]]] = [
    (r"规章", "规章", [(r"废止", "本年废止件数"), (r"有效", "现行有效件数"), (r"制发|制定|发布|出台|印发", "本年制发件数")]),
    (r"规范性文件", "行政规范性文件",
     [(r"废止", "本年废止件数"), (r"有效", "现行有效件数"), (r"制发|制定|发布|出台|印发", "本年制发件数")]),
    (r"行政许可", "行政许可", [(r"", "本年处理决定数量")]),
    (r"行政处罚", "行政处罚", [(r"", "本年处理决定数量")]),
    (r"行政强制", "行政强制", [(r"", "本年处理决定数量")]),
    (r"行政事业性收费", "行政事业性收费", [(r"", "本年收费金额")]),
]
_APPLICATION = re.compile(r"申请|依申请|要信息|来要|索取")
UNITS = {"二": "件", "三": "件", "四": "件"}


@dataclass
class CellQuery:
    table: str
    rows: list[str]  # summed when more than one (行政诉讼 = 未经复议 + 复议后)
    column: str
    label: str  # how the answer names it

    def expand_rows(self, facts: list[Fact]) -> list[str]:
        """'不予公开-*' stands for every item row of that group the report has."""
        out: list[str] = []
        for row in self.rows:
            if row.endswith("-*"):
                group = row[:-1]
                items = list(dict.fromkeys(f.row for f in facts if f.table == self.table and f.row.startswith(group)))
                out += items or [row[:-2]]  # a 2019-style report has one 其他处理 row
            else:
                out.append(row)
        return out

    @property
    def columns(self) -> list[str]:
        # The template's 法人或其他组织 is the sum of its five sub-columns.
        return LEGAL_PERSONS if self.column == "法人或其他组织" else [self.column]


def _first(patterns: list[tuple[str, str]], text: str) -> str | None:
    for pat, name in patterns:
        if re.search(pat, text):
            return name
    return None


def _table4(q: str, focus: str = "") -> CellQuery | None:
    col = _first(TABLE4_COLUMNS, focus) or _first(TABLE4_COLUMNS, q) or "总计"
    if focus and re.search(r"一共|总共|总计|合计|总数|共有", focus) and not _first(TABLE4_COLUMNS, focus):
        col = "总计"  # a follow-up asking for the total drops the previous turn's result column
    if focus and re.search(r"复议|诉讼|起诉|被告|官司", focus):
        q = focus  # the follow-up's own words decide the row ("…诉讼有多少件？" then "复议呢？")
    if re.search(r"复议后.{0,3}(起诉|诉讼|提起)", q):
        return CellQuery("四", ["行政诉讼-复议后起诉"], col, f"行政诉讼（复议后起诉）{col}")
    if re.search(r"未经复议|直接(起诉|提起|向法院)|没有?经过复议", q):
        return CellQuery("四", ["行政诉讼-未经复议直接起诉"], col, f"行政诉讼（未经复议直接起诉）{col}")
    if re.search(r"诉讼|被告|官司|告过|告了|起诉", q):
        return CellQuery("四", ["行政诉讼-未经复议直接起诉", "行政诉讼-复议后起诉"], col, f"行政诉讼{col}")
    if "复议" in q:
        return CellQuery("四", ["行政复议"], col, f"行政复议{col}")
    return None


def parse_cell(question: str, focus: str = "") -> CellQuery | None:
    """The cell a question asks for, or None when it is not a table question."""
    q = question
    if re.search(r"复议|诉讼|起诉|被告|官司|告过|告了", q):
        return _table4(q, focus if focus != question else "")
    for pat, row, cols in TABLE2:
        if re.search(pat, q) and not _APPLICATION.search(q):
            if not _first(cols, q) and re.search(r"修订|修改|清理|审查|备案|解读", q):
                return None  # a measure table 二 doesn't have: read the prose
            col = _first(cols, q) or cols[-1][1]
            return CellQuery("二", [row], col, f"{row}{col}")
    row = _first(TABLE3_ROWS, focus) or _first(TABLE3_ROWS, q)
    col = _first(TABLE3_COLUMNS, focus) or _first(TABLE3_COLUMNS, q)
    if row is None and col:
        row = "本年新收政府信息公开申请数量"  # "社会公益组织提了几件" asks for new applications
    if row is None:
        return None
    # 收到/提交/办理 say "an application" only with 申请 or an applicant type nearby.
    if row in GENERIC_ROWS and not (_APPLICATION.search(q) or col or re.search(r"公开|结转|办结|答复", q)):
        return None
    col = col or "总计"
    label = row[:-2] + "（合计）" if row.endswith("-*") else row.split("-")[-1]
    return CellQuery("三", [row], col, f"{label}（{col}）")


def lookup(cell: CellQuery, facts: list[Fact]) -> tuple[float | int | None, list[Fact]]:
    """The value (summed over rows) and the facts used; None when any cell is missing or blank."""
    used: list[Fact] = []
    for row in cell.expand_rows(facts):
        for column in cell.columns:
            hit = [f for f in facts if f.table == cell.table and f.row == row and f.column == column]
            if not hit or hit[0].value is None:
                return None, []
            used.append(hit[0])
    total = sum(f.value for f in used)  # type: ignore[misc]
    return total, used


def format_value(value: float | int, table: str, column: str) -> str:
    if isinstance(value, float) and value.is_integer() and "金额" not in column:
        value = int(value)
    unit = "万元" if "金额" in column else UNITS.get(table, "")
    return f"{value}{unit}"

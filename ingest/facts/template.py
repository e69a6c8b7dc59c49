"""The rows and columns of the annual-report tables, in the templates' own words.

Each row has the fact name (`group-item` for sub-rows), the label as the template prints it
(used in `source` when the report's own label is scrambled) and a regex that finds the label
in messy text. Keys match the start of the label where possible so that the numbers before it
belong to the previous row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

T3_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T4_COLUMNS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
T4_ROWS = ["行政复议", "行政诉讼-未经复议直接起诉", "行政诉讼-复议后起诉"]

SECTION_TITLES = {
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
}


def fuzzy(words: str) -> re.Pattern[str]:
    """A regex for `a|b` alternatives that tolerates spaces and line breaks between characters."""
    alts = []
    for word in words.split("|"):
        alts.append(r"\s*".join(re.escape(ch) for ch in word))
    return re.compile("|".join(alts))


@dataclass(frozen=True)
class RowSpec:
    name: str
    label: str
    key: re.Pattern[str]


def _row(name: str, label: str, keys: str) -> RowSpec:
    return RowSpec(name, label, fuzzy(keys))


_T3_HEAD = [
    _row("本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", "本年新收"),
    _row("上年结转政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "上年结转"),
    _row("予以公开", "（一）予以公开", "予以公开"),
    _row("部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
]

_WITHHELD = [
    ("属于国家秘密", "属于国家秘密|国家秘密"),
    ("其他法律行政法规禁止公开", "其他法律|禁止公开"),
    ("危及“三安全一稳定”", "危及|三安全"),
    ("保护第三方合法权益", "保护第三方|第三方合法"),
    ("属于三类内部事务信息", "属于三类|内部事务"),
    ("属于四类过程性信息", "属于四类|过程性信息"),
    ("属于行政执法案卷", "属于行政执法|执法案卷"),
    ("属于行政查询事项", "属于行政查询|查询事项"),
]
_UNAVAILABLE = [
    ("本机关不掌握相关政府信息", "本机关不掌握|不掌握"),
    ("没有现成信息需要另行制作", "没有现成|另行制作"),
    ("补正后申请内容仍不明确", "补正后"),
]
_NOT_PROCESSED = [
    ("信访举报投诉类申请", "信访举报"),
    ("重复申请", "重复申请"),
    ("要求提供公开出版物", "要求提供公开|公开出版物"),
    ("无正当理由大量反复申请", "无正当理由大量|大量反复"),
    ("要求行政机关确认或重新出具已获取信息", "要求行政机关确认|重新出具"),
]
_OTHER = [
    ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "申请人无正当理由|逾期不补正"),
    ("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "申请人逾期未按|收费通知"),
]


def _group(group: str, number: str, items: list[tuple[str, str]]) -> list[RowSpec]:
    return [
        _row(f"{group}-{item}", f"（{number}）{group} {i}.{item}", keys) for i, (item, keys) in enumerate(items, 1)
    ]


_T3_MIDDLE = (
    _group("不予公开", "三", _WITHHELD) + _group("无法提供", "四", _UNAVAILABLE) + _group("不予处理", "五", _NOT_PROCESSED)
)
_OTHER_SPLIT = _group("其他处理", "六", _OTHER) + [
    RowSpec("其他处理-其他", "（六）其他处理 3.其他", re.compile(r"3\s*[.、．]\s*其\s*他")),
]
_OTHER_SINGLE = [_row("其他处理", "（六）其他处理", "其他处理")]
_T3_TAIL = [
    _row("总计", "（七）总计", "总计"),
    _row("结转下年度继续办理", "四、结转下年度继续办理", "结转下年度"),
]


def t3_rows(split_other: bool) -> list[RowSpec]:
    """Table 三's rows; the 2019 template (and some 2021 reports) have a single 其他处理 row."""
    other = _OTHER_SPLIT if split_other else _OTHER_SINGLE
    return _T3_HEAD + _T3_MIDDLE + other + _T3_TAIL


T3_RESULT_FIRST = "予以公开"
T3_NEW, T3_CARRIED, T3_TOTAL, T3_NEXT = (
    "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量",
    "总计",
    "结转下年度继续办理",
)
T3_NON_RESULT = {T3_NEW, T3_CARRIED, T3_TOTAL, T3_NEXT}


@dataclass(frozen=True)
class T2Spec:
    name: str
    key: re.Pattern[str]
    columns: tuple[str, ...]


_DOC_COLS = ("本年制发件数", "本年废止件数", "现行有效件数")
_DECISION = ("本年处理决定数量",)
T2_ROWS_2021 = [
    T2Spec("规章", fuzzy("规章"), _DOC_COLS),
    T2Spec("行政规范性文件", re.compile(r"(?:行政)?规范性文件"), _DOC_COLS),
    T2Spec("行政许可", fuzzy("行政许可"), _DECISION),
    T2Spec("行政处罚", fuzzy("行政处罚"), _DECISION),
    T2Spec("行政强制", fuzzy("行政强制"), _DECISION),
    T2Spec("行政事业性收费", fuzzy("行政事业性收费"), ("本年收费金额",)),
]

_DOC_COLS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量")
_ITEM_COLS_2019 = ("上一年项目数量", "本年增/减", "处理决定数量")
T2_ROWS_2019 = [
    T2Spec("规章", fuzzy("规章"), _DOC_COLS_2019),
    T2Spec("规范性文件", re.compile(r"(?:行政)?规范性文件"), _DOC_COLS_2019),
    T2Spec("行政许可", fuzzy("行政许可"), _ITEM_COLS_2019),
    T2Spec("其他对外管理服务事项", fuzzy("其他对外管理服务事项"), _ITEM_COLS_2019),
    T2Spec("行政处罚", fuzzy("行政处罚"), _ITEM_COLS_2019),
    T2Spec("行政强制", fuzzy("行政强制"), _ITEM_COLS_2019),
    T2Spec("行政事业性收费", fuzzy("行政事业性收费"), ("上一年项目数量", "本年增/减")),
    T2Spec("政府集中采购", fuzzy("政府集中采购"), ("采购项目数量", "采购总金额")),
]

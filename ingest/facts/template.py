"""The template's vocabulary: the rows and columns of the annual-report tables, in the templates' own
words, and the words people use for them. Defined here once; fact extraction, the audit, question
understanding, the staff page and the bench all read it.

Each row has the fact name (`group-item` for sub-rows), the label as the template prints it (used in
`source` when the report's own label is scrambled), a regex that finds the label in messy text (keys
match the start of the label where possible so that the numbers before it belong to the previous row)
and `ask`: a regex of the words a question uses for it ("不掌握" for 本机关不掌握相关政府信息).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

T3_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T4_COLUMNS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
T4_ROWS = ["行政复议", "行政诉讼-未经复议直接起诉", "行政诉讼-复议后起诉"]

# The six parts the national template asks for, in order (the 2019 edition words part 四 and 五 a little
# differently; each title's key words are enough to find it).
PART_TITLES = [("一", "总体情况", r"总体情况"), ("二", "主动公开政府信息情况", r"主动公开"),
               ("三", "收到和处理政府信息公开申请情况", r"收到和处理|申请情况"),
               ("四", "政府信息公开行政复议、行政诉讼情况", r"行政复议|行政诉讼"),
               ("五", "存在的主要问题及改进情况", r"存在的?主要问题|改进情况"),
               ("六", "其他需要报告的事项", r"其他需要报告")]

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
    ask: str = ""  # the words a question uses for this row (a regex)


def _row(name: str, label: str, keys: str, ask: str = "") -> RowSpec:
    return RowSpec(name, label, fuzzy(keys), ask)


# "收到/提交/办理" mean an application only with 申请 or an applicant word nearby (question side).
ASK_NEW = ("新收|收到|受理|接到|接收|提出|提交|申请数量|申请有|申请的有|申请了|要信息|来要|索取|要过|来了|递交|"
           "申请.{0,3}(多少|几)|(有|没有|无|多少|几个?)人.{0,10}申请")
_T3_HEAD = [
    _row("本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", "本年新收", ASK_NEW),
    _row("上年结转政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "上年结转",
         "上年结转|上一年结转|去年结转|上年度结转"),
    _row("予以公开", "（一）予以公开", "予以公开", "予以公开|同意公开|全(?:部|都)(?:都)?(?:给|予以|被)?公开|全公开"),
    _row("部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开", "部分公开|区分处理"),
]

# (item, keys that find its label in a report, words a question uses for it)
_WITHHELD = [
    ("属于国家秘密", "属于国家秘密|国家秘密", "国家秘密|涉密"),
    ("其他法律行政法规禁止公开", "其他法律|禁止公开", "法律行政法规禁止|禁止公开"),
    ("危及“三安全一稳定”", "危及|三安全", "三安全一稳定|三安全"),
    ("保护第三方合法权益", "保护第三方|第三方合法", "第三方合法权益|保护第三方|涉及第三方"),
    ("属于三类内部事务信息", "属于三类|内部事务", "内部事务"),
    ("属于四类过程性信息", "属于四类|过程性信息", "过程性信息"),
    ("属于行政执法案卷", "属于行政执法|执法案卷", "行政执法案卷|执法案卷"),
    ("属于行政查询事项", "属于行政查询|查询事项", "行政查询"),
]
_UNAVAILABLE = [
    ("本机关不掌握相关政府信息", "本机关不掌握|不掌握", "不掌握|没找着|找不着|没找到"),
    ("没有现成信息需要另行制作", "没有现成|另行制作", "没有现成|另行制作|另外做|另外制作"),
    ("补正后申请内容仍不明确", "补正后", "补正后"),
]
_NOT_PROCESSED = [
    # an application that is really a complaint; "收到多少件信访件" asks the petitions themselves, no report's figure
    ("信访举报投诉类申请", "信访举报", r"信访举报|信访类|举报类|投诉类|(信访|举报|投诉)[^，,。？?]{0,4}申请|"
                                       r"申请[^，,。？?]{0,6}(信访|举报|投诉)|不予处理[^，,。？?]{0,8}(信访|举报|投诉)"),
    ("重复申请", "重复申请", "重复申请"),
    ("要求提供公开出版物", "要求提供公开|公开出版物", "公开出版物"),
    ("无正当理由大量反复申请", "无正当理由大量|大量反复", "大量反复"),
    ("要求行政机关确认或重新出具已获取信息", "要求行政机关确认|重新出具", "确认或重新出具|重新出具"),
]
_OTHER = [
    ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "申请人无正当理由|逾期不补正",
     "逾期不补正|不补正"),
    ("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "申请人逾期未按|收费通知",
     "缴纳费用|收费通知"),
]
# The groups of table 三's results, with the words a question uses for the whole group (its items summed).
T3_GROUPS = {"不予公开": "不予公开|不公开", "无法提供": "无法提供|没法提供|提供不了|没能提供|未能提供|不能提供|给不了",
             "不予处理": "不予处理|不处理", "其他处理": "其他处理"}


_CN_DIGITS = "一二三四五六七八九"


def _group(group: str, number: str, items: list[tuple[str, str, str]]) -> list[RowSpec]:
    # an item also by its place in the group, as the template numbers it ("不予公开 第5项", "不予公开5.")
    return [_row(f"{group}-{item}", f"（{number}）{group} {i}.{item}", keys,
                 rf"{ask}|{group}[^，,。？?]{{0,6}}(?:第\s*[{i}{_CN_DIGITS[i - 1]}]\s*小?[项条类个]|"
                 rf"(?<!\d){i}\s*[.、．](?!\d))")
            for i, (item, keys, ask) in enumerate(items, 1)]


_T3_MIDDLE = (
    _group("不予公开", "三", _WITHHELD) + _group("无法提供", "四", _UNAVAILABLE)
    + _group("不予处理", "五", _NOT_PROCESSED)
)
_OTHER_SPLIT = _group("其他处理", "六", _OTHER) + [
    RowSpec("其他处理-其他", "（六）其他处理 3.其他", re.compile(r"3\s*[.、．]\s*其\s*他"),
            r"其他处理.{0,10}[“\"‘']?其他[”\"’']?.{0,3}(那|一)?项|其他处理中的其他|其他处理-其他|"
            r"其他处理.{0,10}第\s*[3三]\s*小?项"),
]
_OTHER_SINGLE = [_row("其他处理", "（六）其他处理", "其他处理")]
_T3_TAIL = [
    _row("总计", "（七）总计", "总计",
         r"(?<![没未])办结|办理了|答复了|办理结果|一共办理|共办理|处理了|(?<![没未])办完|办理总数|办理.{0,2}总|表[三3]的?总计|[（(]七[）)]\s*总计|"
         r"要回答|要答复|回答了|回复了"),
    _row("结转下年度继续办理", "四、结转下年度继续办理", "结转下年度",
         "结转下年|结转到|结转至|转入下|顺延|下一?年度?继续办理|下年|结转|(?:转|留|放)到明年|明年(?:继续|接着|再)?办|"
         "[没未]办完|[没未]办结|尚未办结|还没办"),
]


def t3_rows(split_other: bool) -> list[RowSpec]:
    """Table 三's rows; the 2019 template (and some 2021 reports) have a single 其他处理 row."""
    other = _OTHER_SPLIT if split_other else _OTHER_SINGLE
    return _T3_HEAD + _T3_MIDDLE + other + _T3_TAIL


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
    ask: str = ""  # the words a question uses for this row


_DOC_COLS = ("本年制发件数", "本年废止件数", "现行有效件数")
_DECISION = ("本年处理决定数量",)
T2_ROWS_2021 = [
    T2Spec("规章", fuzzy("规章"), _DOC_COLS, "规章"),
    T2Spec("行政规范性文件", re.compile(r"(?:行政)?规范性文件"), _DOC_COLS, "规范性文件"),
    T2Spec("行政许可", fuzzy("行政许可"), _DECISION, "行政许可|许可"),
    T2Spec("行政处罚", fuzzy("行政处罚"), _DECISION, "行政处罚|处罚|罚了|罚过|罚款|被罚|罚(?:几|多少)"),
    T2Spec("行政强制", fuzzy("行政强制"), _DECISION, "行政强制"),
    T2Spec("行政事业性收费", fuzzy("行政事业性收费"), ("本年收费金额",), "行政事业性收费|事业性收费"),
]

_DOC_COLS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量")
_ITEM_COLS_2019 = ("上一年项目数量", "本年增/减", "处理决定数量")
T2_ROWS_2019 = [
    T2Spec("规章", fuzzy("规章"), _DOC_COLS_2019, "规章"),
    T2Spec("规范性文件", re.compile(r"(?:行政)?规范性文件"), _DOC_COLS_2019, "规范性文件"),
    T2Spec("行政许可", fuzzy("行政许可"), _ITEM_COLS_2019, "行政许可|许可"),
    T2Spec("其他对外管理服务事项", fuzzy("其他对外管理服务事项"), _ITEM_COLS_2019, "其他对外管理服务"),
    T2Spec("行政处罚", fuzzy("行政处罚"), _ITEM_COLS_2019, "行政处罚|处罚|罚了|罚过|罚款|被罚|罚(?:几|多少)"),
    T2Spec("行政强制", fuzzy("行政强制"), _ITEM_COLS_2019, "行政强制"),
    T2Spec("行政事业性收费", fuzzy("行政事业性收费"), ("上一年项目数量", "本年增/减"), "行政事业性收费|事业性收费"),
    T2Spec("政府集中采购", fuzzy("政府集中采购"), ("采购项目数量", "采购总金额"), "政府集中采购|集中采购|政府采购"),
]

# Where each row of table 二 stands in the regulation, as both templates head it ("第二十条第（一）项"), and the
# templates by name: what a question about the table's layout is answered from (assistant/read/layout.py).
T2_ITEMS = {"规章": "（一）", "行政规范性文件": "（一）", "规范性文件": "（一）", "行政许可": "（五）",
            "其他对外管理服务事项": "（五）", "行政处罚": "（六）", "行政强制": "（六）", "行政事业性收费": "（八）",
            "政府集中采购": "（九）"}
TEMPLATE_NAMES = {"2019": "2019年版格式（国办公开办函〔2019〕60号）",
                  "2021": "2021年版格式（国办公开办函〔2021〕30号）"}
T2_ROWS = {"2019": T2_ROWS_2019, "2021": T2_ROWS_2021}

# -- columns: the words a question uses for each (first match wins within a table, so specific first)
T3_COLUMN_ASK: list[tuple[str, str]] = [
    # the last sub-column, only where "其他" stands for an applicant ("申请人为“其他”", "“其他”那一列"), never
    # 其他处理/其他结果
    ("其他", r"申请人(?:为|是|类型为?)?[“\"'‘]?其他[”\"'’]?(?![处结应组文方])|"
             r"[“\"'‘]其他[”\"'’](?:那?一?[列栏]|类?申请人)|其他(?:类|类型)?申请人|"
             r"法人或其他组织[^，。？?]{0,6}[“\"'‘]?其他(?![处结应组文方])"),
    ("自然人", r"自然人|(?<!几)(?<!多少)(?<!两)个人|公民"),  # (几个人 counts people)
    ("商业企业", r"商业企业|企业|公司"),
    ("科研机构", r"科研机构|科研单位|研究机构"),
    ("社会公益组织", r"社会公益|公益组织"),
    ("法律服务机构", r"法律服务|律师"),
    # the sum of its five sub-columns, when none of them is named ("法人 商业企业" is the sub-column)
    ("法人或其他组织", r"法人或其他组织|法人和其他组织|法人|单位申请"),
]
T3_LEGAL_PERSONS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
T4_ROW_ASK: list[tuple[str, str]] = [  # most specific first; 行政诉讼 alone is both of its rows
    ("行政诉讼-复议后起诉", r"复议后.{0,3}(起诉|诉讼|提起)|复议(完|结束|之后|以后|过后)了?.{0,10}(起诉|诉讼|告|法院)"),
    ("行政诉讼-未经复议直接起诉", r"未经复议|直接(起诉|提起|向法院|去法院|上法院)|没有?经过复议|没先?走复议|不经复议"),
    # (告(了)?政府 and 法院告(了)? as patterns, not words: the slip corrector must not read "某政府" as them)
    ("行政诉讼", r"诉讼|被告|官司|告过|告了|告上|告到|上法院|起诉|法院告(?:了)?|告(?:了)?政府"),
    ("行政复议", r"复议"),
]
T4_COLUMN_ASK: list[tuple[str, str]] = [
    ("尚未审结", r"尚未审结|未审结|没审结|还在审|审理中|正在审理|还没判|未判决|没判|未结案|没结案|没有结果|未结"),
    ("结果维持", r"维持|胜诉"),
    ("结果纠正", r"纠正|纠错|败诉|撤销|打输|输掉|输了"),
    ("其他结果", r"其他结果|驳回|撤诉|终止"),
]
# A column's own name beats a verb another column shares: "现行有效…文件" asks for 现行有效件数 even when
# the question also says 发布 ("清理并集中发布的现行有效规范性文件有多少件").
T2_COLUMN_ASK: dict[str, str] = {
    "本年制发件数": r"^(?!.*现行有效).*(?:制发|制定|发布|出台|印发|新发|新制定)",
    "本年废止件数": r"废止|废除",
    "现行有效件数": r"现行有效|有效|现行",
    "本年新制作数量": r"新制作|制作",
    "本年新公开数量": r"新公开",
    "对外公开总数量": r"对外公开总|公开总数|总数",
    "上一年项目数量": r"上一年|上年|去年",
    "本年增/减": r"增减|增/减|增加|减少|变化",
    "处理决定数量": r"处理决定|决定",
    "本年处理决定数量": r"处理决定|决定",
    "本年收费金额": r"金额|收费|多少钱|多少万",
    "采购项目数量": r"采购项目|项目数",
    "采购总金额": r"金额|多少钱|总额",
}
# The template's own terms as people mistype or mis-hear them (voice input writes 行政附议, 身请, 处理废): the
# question's slips are read towards these. Two-character ones only where they stand alone (fuzzy.py).
TEMPLATE_TERMS = frozenset({
    "政府信息公开", "信息公开", "依申请公开", "主动公开", "公开申请", "信息公开申请", "申请人", "申请", "行政复议",
    "复议", "行政诉讼", "诉讼", "信息处理费", "处理费", "尚未审结", "审结", "结转", "撤回", "不予公开", "无法提供",
    "不予处理", "予以公开", "部分公开",
})


# Words that fill the same slot of a question: a follow-up naming one replaces the other
# ("…行政诉讼有多少件？" then "复议呢？"). Built from the vocabulary above.
def question_slots() -> list[list[str]]:
    words = lambda pats: [w for p in pats for w in p.split("|") if re.fullmatch(r"[\u4e00-\u9fff]+", w)]  # noqa: E731
    return [
        words(p for _, p in T4_ROW_ASK[2:]),
        words(p for _, p in T3_COLUMN_ASK),
        words(p for _, p in T4_COLUMN_ASK),
        ["予以公开", "部分公开", *T3_GROUPS],
        words(s.ask for s in T2_ROWS_2021[2:]),
        # table 二's columns by name ("那“现行有效件数”呢？" after "…本年废止件数是多少"); not their loose words
        [w for w in (*T2_COLUMN_ASK, "本年制发", "本年废止", "现行有效", "本年新制作", "本年新公开", "对外公开总数",
                     "处理决定") if re.fullmatch(r"[\u4e00-\u9fff]+", w)],
    ]

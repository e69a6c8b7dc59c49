"""Map a question onto a table cell (收到多少申请 → 本年新收…/总计; 个人 → 自然人; …).

Every row and column name, and the words people use for them, come from the template vocabulary
(ingest/facts/template.py); this module only decides which of them a question names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.question.lexicon import NOT_CELL_UNITS, asked_part, asked_unit
from ingest.facts.rows import UNBALANCED
from ingest.facts.template import (
    T2_COLUMN_ASK,
    T2_ROWS_2019,
    T2_ROWS_2021,
    T3_COLUMN_ASK,
    T3_COLUMNS,
    T3_GROUPS,
    T3_LEGAL_PERSONS,
    T3_NEW,
    T3_NEXT,
    T3_TOTAL,
    T4_COLUMN_ASK,
    T4_COLUMNS,
    T4_ROW_ASK,
    t3_rows,
)
from ingest.models import Fact

# Rows named by words that only mean "applications" next to 申请 or an applicant type.
GENERIC_ROWS = {T3_NEW, T3_TOTAL, T3_NEXT, "其他处理-*"}
# 依申请公开的信息 are information items; 依申请 alone ("依申请 收到几件") is the applications
_APPLICATION = re.compile(r"(?<!依)申请|依申请(?!公开)|要信息|来要|索取")
# Table 三 counts applications, not how they came: "通过信函提交的申请" is not a table question.
_CHANNEL = re.compile(r"信函|邮寄|来信|电子邮件|邮件|传真|网上|网络|网站|在线|当面|现场|窗口|电话|信箱")
# Information items (条) and "…类信息" are counted in the prose, not in the tables (件).
_INFO_ITEMS = re.compile(r"(多少|几)\s*条|类信息|信息数|的信息(?!公开申请)")


_ONLY_TABLE3 = re.compile(r"部分公开|无法提供|不予处理|其他处理|本机关不掌握|重复申请")


def names_information(text: str) -> bool:
    """Whether words count published information ("不予公开的信息"), which no table 三 cell counts."""
    return bool(_INFO_ITEMS.search(text)) and not _APPLICATION.search(text)


# (被告知 is being told)
_T4_WORDS = re.compile(r"复议|诉讼|起诉|被告(?!知)|官司|告过|告了|告上|告到|上法院|法院告|告(?:了)?政府")
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
        return T3_LEGAL_PERSONS if self.column == "法人或其他组织" else [self.column]

    @property
    def target(self) -> str:
        """As `understood.target` shows it: "表三 本年新收政府信息公开申请数量 / 总计"."""
        return f"表{self.table} {'+'.join(self.rows)} / {self.column}"


@lru_cache(maxsize=1)
def table3_asks() -> list[tuple[str, str]]:
    """(question words, row) for table 三, most specific first: items, then whole groups, then the
    results and flows (a group's words are in its items' labels, and 结转 is in 上年结转)."""
    specs = t3_rows(split_other=True)
    items = [(s.ask, s.name) for s in specs if "-" in s.name and s.ask]
    groups = [(words, f"{group}-*") for group, words in T3_GROUPS.items()]
    head = [(s.ask, s.name) for s in specs if "-" not in s.name and s.name not in (T3_NEW, T3_TOTAL, T3_NEXT)]
    order = {T3_NEXT: 0, T3_TOTAL: 1, T3_NEW: 2}  # 结转 before 办结 before 收到
    tail = sorted(((s.ask, s.name) for s in specs if s.name in order), key=lambda a: order[a[1]])
    # 部分公开 before 予以公开; 上年结转 before 结转下年度
    return items + groups + sorted(head, key=lambda a: a[1] != "部分公开") + tail


def table2_asks(templates: tuple[str, ...] = ("2021",)) -> list[tuple[str, str, tuple[str, ...]]]:
    """(question words, row, columns) of table 二 in the template of the reports asked about."""
    specs = T2_ROWS_2019 if set(templates) == {"2019"} else T2_ROWS_2021
    return [(spec.ask, spec.name, spec.columns) for spec in specs]


def _default_column(cols: tuple[str, ...]) -> str:
    """The figure a row's name alone asks for: what was made this year for documents (制发/新制作),
    else the row's last column (处理决定数量, 金额)."""
    return next((c for c in cols if "制发" in c or "新制作" in c), cols[-1])


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern:
    # The vocabulary has more patterns than re's own cache holds: compile each once.
    return re.compile(pattern)


def _first(patterns, text: str) -> str | None:
    for name, pat in patterns:
        if _compiled(pat).search(text):
            return name
    return None


def _row_first(patterns, text: str) -> str | None:
    for pat, name in patterns:
        if _compiled(pat).search(text):
            return name
    return None


# "既不是维持也不是纠正、算作“其他结果”的": the results named after 不是 are the ones not asked for
_NEGATED = re.compile(r"(既|也|又)?(不是|不算|并非|不属于)[^，,、。？?也又]{1,8}")


# A column named by where it stands ("第二列", "倒数第二栏", "最后一列"): counted over the template's figure
# columns, as a person reading the printed row counts them.
_POSITION = re.compile(r"(倒数)?第\s*([一二两三四五六七八九十\d]{1,3})\s*(?:列|栏|格|个数)|"
                       r"(最后|末)一?(?:列|栏|格|个数)")


def column_at(text: str, columns: list[str]) -> str | None:
    """The column a position names (1-based over `columns`), or None."""
    m = _POSITION.search(text)
    if not m:
        return None
    if m.group(3):
        return columns[-1]
    import cn2an  # only a question that counts columns needs it

    n = int(cn2an.cn2an(m.group(2).replace("两", "二"), "smart"))
    if not 1 <= n <= len(columns):
        return None
    return columns[-n] if m.group(1) else columns[n - 1]


def _bracketed(question: str) -> str:
    return " ".join(re.findall(r"[（(]([^（）()]{1,40})[）)]", question))


def _table4(q: str, focus: str = "", question: str = "") -> CellQuery | None:
    # a bracket that names the column ("第二列（结果纠正）") is no aside
    col = _first(T4_COLUMN_ASK, _NEGATED.sub("", focus)) or column_at(focus, T4_COLUMNS) or \
        _first(T4_COLUMN_ASK, _NEGATED.sub("", q)) or _first(T4_COLUMN_ASK, _bracketed(question)) or \
        column_at(q, T4_COLUMNS) or "总计"
    if focus and re.search(r"一共|总共|总计|合计|总数|共有", focus) and not _first(T4_COLUMN_ASK, focus):
        col = "总计"  # a follow-up asking for the total drops the previous turn's result column
    if focus and _T4_WORDS.search(focus):
        q = focus  # the follow-up's own words decide the row ("…诉讼有多少件？" then "复议呢？")
    last = re.split(r"[，,；;。]", q.rstrip("？? "))[-1]
    # "…复议、诉讼案件一共74件，这里面行政复议占几件": the clause that asks names the row
    row = (_first(T4_ROW_ASK, last) if _T4_WORDS.search(last) and re.search(r"多少|几", last) else None) or \
        _first(T4_ROW_ASK, q)
    if row is None:
        return None
    both = ["行政诉讼-未经复议直接起诉", "行政诉讼-复议后起诉"]
    named = [r for r, pat in T4_ROW_ASK if r in both and _compiled(pat).search(q)]
    if len(named) == 2:  # "直接起诉的和复议后起诉的都算上": both kinds of lawsuit
        row = "行政诉讼"
    rows = both if row == "行政诉讼" else [row]
    shown = row if "-" not in row else f"行政诉讼（{row.split('-')[1]}）"
    plain = re.sub(r"复议后|未经复议|没有?经过复议|复议(?:完|结束|之后|以后|过后)", "", q)
    if row in ("行政诉讼", "行政复议") and "复议" in plain and re.search(r"诉讼|起诉|官司|被告", plain) and \
            (re.search(r"一共|合计|加起来|总共|共计|合起来|加在一起", last) or
             re.search(r"有没有|是否|有无", q) and re.search(r"或者|或是|或", q)) and \
            not re.search(r"比|相差|差", q):  # (the adding is asked by the last clause, not told before it)
        rows, shown = ["行政复议", *both], "行政复议和行政诉讼"  # "复议和诉讼里，被纠正的一共几起": all three rows
    return CellQuery("四", rows, col, f"{shown}{col}")


def _table2(q: str, templates: tuple[str, ...]) -> CellQuery | None:
    for ask, row, cols in table2_asks(templates):
        if not _compiled(ask).search(q) or _APPLICATION.search(q):
            continue
        if row in ("规章", "规范性文件", "行政规范性文件") and _INFO_ITEMS.search(q):
            return None  # "规章和规范性文件类信息有多少条": a category of published information
        col = next((c for c in cols if _compiled(T2_COLUMN_ASK.get(c, "$^")).search(q)), None)
        if col is None and re.search(r"修订|修改|清理|审查|备案|解读", q):
            return None  # a measure table 二 doesn't have: read the prose
        col = col or _default_column(cols)
        return CellQuery("二", [row], col, f"{row}{col}")
    return None


def _table2_column(cell: CellQuery, q: str) -> CellQuery:
    """A table-二 cell whose row a phrase named: the column the whole question names, when the phrase names none."""
    spec = next((cols for _, row, cols in table2_asks(("2021",)) + table2_asks(("2019",)) if row == cell.rows[0]), ())
    if not spec or cell.column != _default_column(spec):
        return cell  # the phrase named its column itself
    col = next((c for c in spec if _compiled(T2_COLUMN_ASK.get(c, "$^")).search(q)), None)
    return CellQuery("二", cell.rows, col, f"{cell.rows[0]}{col}") if col else cell


# A clause saying what not to count ("上年结转的不算") names a row the question does not ask for.
_LEFT_OUT = re.compile(r"[^，,。；;？?]{2,30}?的?(?:不算|不计|不计入|除外|不包括在内|不含在内)(?:在内)?[。，,？?]*$|"
                       r"(?:不算|不计|不含|不包括|除去|扣除)[^，,。；;？?]{2,30}?[。，,？?]*$")  # "…，不算上年结转的"


# A bracket is an aside, except a table 三 item's number ("（七）总计" is a label)
_ASIDE = re.compile(r"[（(](?![一二三四五六七八九十]{1,3}[）)]\s*"
                    r"(?:总计|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理))[^（）()]{0,40}[）)]")
_QUALIFIER = re.compile(r"[（(]\s*(?:含|包括|包含|不含|不包括|不算|算上|连同|除)[^（）()]{0,40}[）)]")


_ALL_RESULTS = re.compile(r"(?:(各项|所有|全部|每一?项)的?(办理|处理|答复)?结果|"
                          r"(办理|处理|答复)结果(那|这)?(几|各|每)一?项)"
                          r"[^，。？?]{0,30}(加起来|加在一起|合计|之和|相加|加总)")
_RESULT_ROWS = ("予以公开", "部分公开", "不予公开-*", "无法提供-*", "不予处理-*", "其他处理-*")
# What requests were about ("涉及征地拆迁的申请", "关于房屋征收方面的申请")
_ABOUT = re.compile(r"(?:涉及|关于|有关|针对|围绕|就)([^，,。？?的]{2,12}?)(?:方面|问题|领域|事项|类)?的"
                    r"(?:政府信息公开)?申请")
# "这36起行政复议里，涉及征地拆迁信息的有几起": table 四 counts cases by outcome, never by subject
_CASES_ABOUT = re.compile(r"(?:涉及|关于|有关|针对|围绕)([^，,。？?的]{2,12}?)(?:方面|问题|领域|事项|类|信息)?的"
                          r"(?:案件|复议|诉讼|官司)?(?:有|是|占)?(?:多少|几)")


_NOT_COUNTED = re.compile(r"撤回|撤销申请|放弃申请|转办|转送")
_SUBJECT_ASKED = re.compile(r"(?:哪|什么|啥)(?:个|些|一)?(?:方面|领域|内容|事项|主题)")


_PLACE_OF_GIVEN = re.compile(r"^(.{2,20}?(?:表|栏|部分)(?:里|中|上))")
_GIVEN_CELL = re.compile(r"(?:填了?|填的是|写了?|写的是|是|为|有)\s*\d+\s*[件个条]?\s*[，,；;]$")


def _without_given(q: str) -> str:
    """A clause that states a cell's figure ("自然人一列填了2，") is what the asker already knows, not what
    is asked ("那最后的总计列填的是几"): it names no cell."""
    clauses = re.split(r"(?<=[，,；;])", q)
    given = [not (not _GIVEN_CELL.search(c) or re.search(r"多少|几|吗|？|\?", c)) for c in clauses]
    # where the given cell stands ("行政复议那张表里总计栏填的是0，") still says which table is asked about
    kept = [(_PLACE_OF_GIVEN.match(c).group(1) if _PLACE_OF_GIVEN.match(c) else "") if g else c
            for c, g in zip(clauses, given)]
    return "".join(kept) if any(given) and any(re.search(r"多少|几", c) for c, g in zip(clauses, given) if not g) \
        else q


# "法人或其他组织（商业企业、科研机构、…）": brackets that list what a sum is made of name no one cell of it
_LISTED_ASIDE = re.compile(r"[（(][^（）()]{0,40}、[^（）()]{0,40}[）)]")


def _cases_by_subject(q: str) -> bool:
    about = _CASES_ABOUT.search(q)
    return bool(about) and not (_first(T4_COLUMN_ASK, about.group(1)) or _first(T4_ROW_ASK, about.group(1)))


def _without_asides(q: str) -> str:
    """What a question adds about what it counts ("（含上年结转）", "，不算上年结转的") names no cell."""
    return _without_left_out(_ASIDE.sub("", q).strip() or q)


def _without_qualifiers(q: str) -> str:
    """A follow-up's own words keep their brackets ("律所（法律服务机构）"), except those that say what a figure
    includes ("（含上年结转）")."""
    return _without_left_out(_QUALIFIER.sub("", q))


def _without_left_out(q: str) -> str:
    parts = re.split(r"(?<=[，,。；;？?])", q)
    kept = [p for p in parts if not _LEFT_OUT.fullmatch(p.strip())]
    return "".join(kept).strip() if kept and len(kept) < len(parts) else q


_TABLE3_CONTEXT = re.compile(r"公开|结转|办结|答复|办理结果|表[三3]")
# "X里Y有多少" typed without a comma: 里 after a word, not 哪里/这里/公里 or 里程
_BARE_IN = re.compile(r"^(.*[^哪这那公邻])里(?![程面])(\S*?(?:多少|几)\S*)$")
_ASKING_ONLY = re.compile(r"的|有|是|为|共|一共|总共|多少|几|件|个|条|次|起|呐|呢|啊|呀|[？?，,。\s]")
_TABLE_PLACE = re.compile(r"列|行|栏|格|总计|合计|总数|填")  # "总计列填的是几": a place in the table
# The last clause of a question told as a story, when it is "X的有多少件": what it counts
_LAST_ASKED = re.compile(r"[，,]\s*([\u4e00-\u9fff]{2,8}的(?:有|是)?(?:多少|几)[件个条次起]?[呐呢啊呀]?)[？?]?\s*$")


_IS_APPLICANT = re.compile("是(?:" + "|".join(pattern for _, pattern in T3_COLUMN_ASK) + ")")  # "申请人是自然人"


# Who applicants are beyond the template's types (女性, 老年人, 外地的): no table or template sentence counts them
_TRAITS = re.compile(r"(女性|男性|女的|男的|妇女|老年|老人|年轻|青年|未成年|外地|外省|外市|本地|户籍|学历|职业|残疾|"
                     r"党员|少数民族|学生|农民|退休)[\u4e00-\u9fff]{0,3}?(申请人|申请者|申请的人|提出申请)|"
                     r"(申请人|申请者)(中|里|当中|里面)?[\u4e00-\u9fff]{0,6}?(女性|男性|女的|男的|老年|老人|外地|外省|"
                     r"年龄|学历|职业|性别|户籍)")


def breakdown_not_tabled(question: str) -> str | None:
    """What no table counts, asked as if one did: table 四 counts 复议 and 诉讼 by result, never by who applied
    ("36起行政复议里面，申请人是自然人的有几起、企业的有几起？"). A plain refusal then, not the row's total."""
    q = re.sub(r"[（(][^（）()]{0,40}[）)]", "", question)
    if _T4_WORDS.search(q) and _first(T3_COLUMN_ASK, q) and re.search(r"多少|几", q) and \
            (re.search(r"申请人|提起|提出", q) or _IS_APPLICANT.search(q)):
        return "报告的表四只按结果统计行政复议和行政诉讼的件数，不按申请人类型统计，报告中也没有写明这一分类。"
    if _TRAITS.search(q) and re.search(r"多少|几|比例|占", q):
        return ("报告的表三只按自然人、法人或其他组织等申请人类型统计申请，不按性别、年龄、地域等统计，"
                "报告中也没有写明。")
    return None


def _group_by_etc(q: str) -> str | None:
    """"因“本机关不掌握”等原因无法提供的": an item followed by 等 names its whole group."""
    for group, words in T3_GROUPS.items():
        if re.search(rf"等(?:原因|情形|理由|情况)?[^，,。？?]{{0,4}}?(?:{words})", q):
            return f"{group}-*"
    return None


def parse_cell(question: str, focus: str = "", templates: tuple[str, ...] = ("2021",)) -> CellQuery | None:
    """The cell a question asks for, or None when it is not a table question. Asides in brackets only
    explain ("行政诉讼一共多少件（未经复议直接起诉和复议后起诉合计）")."""
    q = _without_given(_without_asides(question))
    focus = _without_given(_without_qualifiers(_LISTED_ASIDE.sub("", focus))) if focus else focus
    if asked_unit(focus or q) in NOT_CELL_UNITS:
        return None
    if _T4_WORDS.search(q):
        return None if _cases_by_subject(q) else _table4(q, focus if focus != question else "", question)
    # A follow-up's or an operand's own words name the row ("规章和行政规范性文件现行有效" asks each in turn);
    # its column may come from the rest of the question.
    own = _table2(focus, templates) if focus and focus != question else None
    cell = _table2(q, templates) if own is None else _table2_column(own, q)
    if cell is not None:
        return cell
    if _ALL_RESULTS.search(question):
        # "各项办理结果（予以公开到其他处理）加起来": every result row added, as an auditor checks the total
        return CellQuery("三", list(_RESULT_ROWS), "总计", "各项办理结果之和（总计）")
    if _SUBJECT_ASKED.search(q) or _NOT_COUNTED.search(q):
        # "26件申请分别是要哪方面的信息": what requests asked for is no count of table 三; nor are requests
        # withdrawn or passed on ("申请人主动撤回的申请"), which the template has no row for
        return None
    about = _ABOUT.search(q)
    if about and not (_row_first(table3_asks(), about.group(1)) or _first(T3_COLUMN_ASK, about.group(1))):
        return None  # "涉及征地拆迁的申请": table 三 counts requests by who and outcome, never by subject
    only_table3 = _ONLY_TABLE3.search(q)  # outcomes no count of information has: "这3条里部分公开的有几条"
    if not _APPLICATION.search(q) and _INFO_ITEMS.search(q) and not only_table3 or \
            (_CHANNEL.search(q) and _APPLICATION.search(q)):
        return None  # published information (条), or applications by channel: the prose, not table 三
    asks = table3_asks()
    part = asked_part(q, noun_phrase=False)  # only "…里/中，": a cell's own words may stand before a comma
    bare = _BARE_IN.match(q) if part == q else None
    if bare and _row_first(table3_asks(), bare.group(1)):
        part = bare.group(2)  # "其他处理里申请人主动撤回的有多少件" as typed, without the comma
    where = q[: q.rfind(part)] if part != q else ""
    if where and not (_row_first(asks, part) or _first(T3_COLUMN_ASK, part)) and \
            len(_ASKING_ONLY.sub("", part)) >= 4 and _row_first(asks, where) == _row_first(asks, q):
        # "其他处理的319件里面，申请人主动撤回的有多少件": what is counted names no cell (while "其他处理里面“其他”
        # 那一项" names one with the words before it)
        return None
    last = _LAST_ASKED.search(q) if part == q else None
    if last and not (_row_first(asks, last.group(1)) or _first(T3_COLUMN_ASK, last.group(1))
                     or _TABLE_PLACE.search(last.group(1))) and \
            len(_ASKING_ONLY.sub("", last.group(1))) >= 2 and _row_first(asks, q[: last.start(1)]):
        # "…好多人申请了又自己撤回了，撤回的有多少件呐？": the clause that asks counts what no cell names; the
        # 申请 before it is the story, not the cell
        return None
    row = _group_by_etc(q) or _row_first(asks, focus) or _row_first(asks, q)
    col = _first(T3_COLUMN_ASK, focus) or column_at(focus, T3_COLUMNS) or _first(T3_COLUMN_ASK, q) or \
        column_at(q, T3_COLUMNS)
    if row is None and col:
        if not _APPLICATION.search(q) and asked_unit(focus or q) not in ("件", "起", ""):
            return None  # "邀请了多少名企业和群众代表": people, not a kind of applicant's requests
        row = T3_NEW  # "社会公益组织提了几件" asks for new applications
    if row is None:
        return None
    # 收到/提交/办理 say "an application" only with 申请 or an applicant type nearby.
    if row in GENERIC_ROWS and not (_APPLICATION.search(q) or col or _TABLE3_CONTEXT.search(q)):
        return None
    col = col or "总计"
    label = row[:-2] + "（合计）" if row.endswith("-*") else row.split("-")[-1]
    return CellQuery("三", [row], col, f"{label}（{col}）")


# "除了自然人以外的申请人", "不是自然人提的", "没有被予以公开的", "结果不是维持的", "既不是予以公开、也不是部分公开
# 的", "（予以公开、部分公开都不算）": what is named, to be taken from its whole
_NOT_X = re.compile(r"(?:既|也|又)?(?<!是)(?:不是|并非|没有被|没被|未被|除了|除去|除开)\s*[“\"]?"
                    r"(?P<x>[^，,。？?“”\"的也又]{2,8}?)[”\"]?(?:以外|之外)?(?=的|提|[，,、]|也|$)")
_SET_OFF = re.compile(r"[（(](?P<x>[^（）()]{2,24}?)(?:都|均)?不算[）)]")


def complement_cells(question: str, templates: tuple[str, ...] = ("2021",)) -> tuple[CellQuery, list[CellQuery]] | None:
    """The whole and the parts a question takes from it, when it counts by what something is not: columns of
    table 三 from the row's 总计, results from 办理结果总计, outcomes of table 四 from the row's 总计."""
    if not re.search(r"多少|几", question):
        return None
    named = [m.group("x") for m in _NOT_X.finditer(question)]
    for m in _SET_OFF.finditer(question):
        named += [x for x in re.split(r"[、和与及,，]", m.group("x")) if x]
    if not named:
        return None
    rest = _SET_OFF.sub("", _NOT_X.sub("", question))
    t4 = [_first(T4_COLUMN_ASK, x) for x in named]
    if all(t4) and _T4_WORDS.search(question):
        base = _table4(rest) or CellQuery("四", ["行政复议"], "总计", "行政复议总计")
        rows = base.rows
        return (CellQuery("四", rows, "总计", f"{'、'.join(rows)}总计"),
                [CellQuery("四", rows, c, f"{'、'.join(rows)}{c}") for c in dict.fromkeys(t4)])
    cols = [_first(T3_COLUMN_ASK, x) for x in named]
    if all(cols):
        base = parse_cell(rest, "", templates)
        rows = base.rows if base is not None and base.table == "三" else [T3_NEW]
        label = rows[0].split("-")[-1]
        return (CellQuery("三", rows, "总计", f"{label}（总计）"),
                [CellQuery("三", rows, c, f"{label}（{c}）") for c in dict.fromkeys(cols)])
    results = [_row_first(table3_asks(), x) for x in named]
    if all(r in _RESULT_ROWS or (r and "-" in r) for r in results):
        return (CellQuery("三", [T3_TOTAL], "总计", "办理结果总计"),
                [CellQuery("三", [r], "总计", r.split("-*")[0]) for r in dict.fromkeys(results)])
    return None


def lookup(cell: CellQuery, facts: list[Fact], printed: bool = False) -> tuple[float | int | None, list[Fact]]:
    """The value (summed over rows) and the facts used; None when any cell is missing or blank.

    A table-三 总计 cell whose row does not add up to it ("2000000": 自然人 2, 总计 0) counts as its
    applicant cells added up, unless `printed`: the question asks what the 总计 column says."""
    used: list[Fact] = []
    for row in cell.expand_rows(facts):
        for column in cell.columns:
            hit = [f for f in facts if f.table == cell.table and f.row == row and f.column == column]
            if not hit or hit[0].value is None:
                return None, []
            if not printed and column == "总计" and cell.table == "三" and UNBALANCED in hit[0].source:
                used += [f for f in facts if f.table == "三" and f.row == row and f.column in T3_COLUMNS[:-1]]
                continue
            used.append(hit[0])
    total = sum(f.value for f in used)  # type: ignore[misc]
    return total, used


def format_value(value: float | int, table: str, column: str) -> str:
    if isinstance(value, float) and value.is_integer() and "金额" not in column:
        value = int(value)
    unit = "万元" if column == "本年收费金额" else "元" if column == "采购总金额" else \
        "项" if ("项目数量" in column or column == "本年增/减") else UNITS.get(table, "")
    return f"{value}{unit}"


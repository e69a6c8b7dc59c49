"""Answer a question from the reports it is about (usually one): the question-kind registry picks the
reader, the planner turns combined questions into operations, and figures come from certain table cells
or stated prose figures only."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.models import Answer
from assistant.question.bodies import places_in
from assistant.question.cells import (
    CellQuery,
    breakdown_not_tabled,
    complement_cells,
    format_value,
    lookup,
    names_information,
    parse_cell,
)
from assistant.question.followup import referents
from assistant.question.kinds import (
    ASKS_UNIT,
    DESCRIBES,
    TEXT,
    TEXT_ONLY,
    Kind,
    by_name,
    classify,
    kind_of,
    names_applicant_type,
)
from assistant.question.lexicon import (
    DENIED_VERB,
    JOIN_WORDS,
    LEFT_OUT,
    LOOSE_UNITS,
    NO_SAYS_VERB,
    NONE_PUBLIC,
    OTHER_REQUESTS,
    asked_unit,
    breakdown_asked,
    counted_noun,
    holds_what_is_asked,
    platforms_missing,
)
from assistant.question.names import parse_body
from assistant.question.plan import (
    RELATION_CHECK,
    Plan,
    plan,
    precision,
    real_question,
    stated_change,
    verification_asked,
)
from assistant.question.years import YEAR, normalise_years
from assistant.read import compose, contact, fee, figures, layout, part, part_five, proofread, text, yesno
from assistant.read.claim import parse_claim, verdict
from assistant.read.common import Extract, chunk_order, coverage, key_terms, passages
from assistant.replies import (
    Context,
    cell_citations,
    cell_support,
    citation_of,
    from_composite,
    from_facts,
    from_prose,
    not_found,
    operand_from_cell,
    operand_from_extract,
    report_name,
)
from assistant.scoring import SCORING, Scoring
from assistant.search.retriever import HybridRetriever
from ingest.facts.rows import UNBALANCED
from ingest.facts.template import (
    SECTION_TITLES,
    T2_ROWS_2019,
    T2_ROWS_2021,
    T3_CARRIED,
    T3_COLUMN_ASK,
    T3_COLUMNS,
    T3_GROUPS,
    T3_LEGAL_PERSONS,
    T3_NEW,
    T3_NEXT,
    T3_NON_RESULT,
    T3_TOTAL,
    T4_COLUMN_ASK,
    T4_COLUMNS,
)
from ingest.models import Fact, Report
from ingest.text.tokenize import tokens

# Totals that reports state in prose too; when the prose says something else, we quote the prose
# and say the table differs (real reports contradict themselves).
_PROSE_TOTALS = {"本年新收政府信息公开申请数量", "总计", "结转下年度继续办理", "行政复议"}
_CONTACTS = set(contact.CONTACT_KINDS)


def drop_terms(reports: list[Report], question: str) -> set[str]:
    """Words of the bodies' names (and places the question names): they say who, not what is asked."""
    drop: set[str] = set()
    for r in reports:
        n = parse_body(r.body)
        for unit in n.places:
            drop.update(unit)
            drop.update(f"{unit[0][-1]}{w}" for w in ("政府", "人民政府", "政府办"))
            drop.update(f"{unit[0][-1]}政")  # jieba's fragment of 区政府
        drop.update(n.department)
        for word in [r.body, *n.department]:
            drop.update(tokens(word))
    for place in places_in(question):  # 江苏省 of 江苏省淮安市洪泽区 is not what is asked
        drop.add(place)
        drop.update(tokens(place))
    return drop


@dataclass(frozen=True)
class _Asked:
    """What a kind's reader gets: the question as understood, its report and the passages to read."""

    ctx: Context
    report: Report
    question: str
    focus: str
    docs: list
    drop: set[str]


class SingleReader:
    def __init__(self, retriever: HybridRetriever, scoring: Scoring = SCORING):
        self.retriever = retriever
        self.scoring = scoring

    def _idf(self):
        return self.retriever.corpus.snapshot().idf

    # -- the entry point ------------------------------------------------------------------------------
    def answer(self, ctx: Context, question: str, focus: str, report_ids: list[str], docs: list | None = None,
               kind: Kind | None = None) -> Answer:
        reports = [ctx.reports[r] for r in report_ids]
        drop = drop_terms(reports, question)
        kind = kind or kind_of(question, focus)
        ctx.u.target = ctx.u.target or kind.label
        if docs is None:
            docs = self.retriever.search(question, report_ids, k=self.scoring.retrieve_k)
        candidates = list(dict.fromkeys(d.metadata["report_id"] for d in docs))
        one = len(report_ids) == 1
        if one or (kind.name not in ("number", "text", "percent") and len(report_ids) <= 3):
            # One report is small: read all of it (the retrieved passages first), so a figure is never
            # missed because retrieval ranked its passage ninth.
            docs = self.retriever.report_documents(report_ids, docs)
        answer = self._by_kind(ctx, kind, question, focus, report_ids, docs, drop)
        if answer.found and kind.figure and one and verification_asked(question)[1]:
            self._with_relation_checked(ctx, answer, question, docs, drop)  # "…是多少？请用“第一项加第二项…”验证"
        answer.candidates = candidates
        if answer.found and kind.figure:
            _to_money_unit_asked(answer, focus or question)
            _to_precision_asked(answer, precision(focus or question))
        return answer

    @staticmethod
    def _complement(ctx: Context, report: Report, question: str) -> Answer | None:
        """"不是自然人提的有几件", "没有被予以公开的": the whole less the certain cells named."""
        taken = complement_cells(question, (report.template,))
        if taken is None:
            return None
        whole, parts = taken
        facts = ctx.facts.get(report.report_id, [])
        cells = [(c, *lookup(c, facts)) for c in [whole, *parts]]
        if any(value is None for _, value, _ in cells):
            return None  # a cell not certain: no arithmetic on it
        ops = [operand_from_cell(report, c, value, used) for c, value, used in cells]
        part = replace(compose.joined(ops[1:]), label="、".join(o.label for o in ops[1:])) \
            if len(ops) > 2 else ops[1]
        comp = compose.difference(ops[0], part)
        comp.short = f"{compose.fmt(comp.value)}{compose.unit_of(ops[0].shown)}"
        comp.working = f"{ops[0].label}{ops[0].shown} − {part.label}{part.shown} = {comp.short}"
        ctx.u.target = f"{whole.label}中除{part.label}以外"
        return from_composite(ctx, report, comp)

    def _with_relation_checked(self, ctx: Context, answer: Answer, question: str, docs, drop: set[str]) -> None:
        check = self._planned(ctx, ctx.reports[ctx.u.report_ids[0]], RELATION_CHECK, question, docs, drop)
        if check.found:
            answer.answer += f"\n核对：{check.answer}"
            answer.citations += [c for c in check.citations if c not in answer.citations]
            answer.support += check.support

    def _by_kind(self, ctx: Context, kind: Kind, question: str, focus: str, report_ids: list[str], docs,
                 drop: set[str]) -> Answer:
        """The kind's own reader first (contacts, dates, part 五 …); then a plan of operations; then the kinds
        read after planning; else one figure or passage."""
        one = len(report_ids) == 1
        report = ctx.reports[report_ids[0]]
        if ctx.u.derived_year is not None and one:
            given = plan(question)  # "…较2019年下降10.33个百分点，照此推算": the change the question gives
            if given is not None and given.op == "points_back":
                return self._planned(ctx, report, given, question, docs, drop)
            return self._derived_year(ctx, report, question, docs, drop)
        a = _Asked(ctx, report, question, focus, docs, drop)
        if kind.name == "has_row" and not one:
            return self._has_row_in_each(ctx, question, focus, report_ids, docs, drop)
        reader = self._BEFORE_PLAN.get(kind.name)
        if reader is not None and (one or kind.name not in self._ONE_REPORT):
            found = reader(self, a)
            if found is not None:
                return found
            if kind.name == "who":
                if ASKS_UNIT.search(a.focus):
                    # No sentence names a unit for it: the report does not say (its counts never name anyone).
                    return not_found(ctx.request.question, "所选报告中没有写明是哪个单位。")
                # "谁提的？个人还是企业" asks which applicant type, a cell's column; "申请人是谁" asks a name
                kind = by_name("text") if names_applicant_type(a.focus) else TEXT_ONLY
        taken = self._complement(ctx, report, question) if one and kind.name in ("number", "yesno") else None
        if taken is not None:
            return taken
        # A follow-up's own words may carry the operation ("其中专项资金那一类占了百分之几？").
        steps = (_given_first(question, focus) if one and kind.figure else None)
        if steps is not None:
            planned = self._planned(ctx, report, steps, question, docs, drop)
            if not planned.found and steps.op == "share" and "given" not in steps.notes:
                # "主动公开加依申请公开的占全部制发信息的比例": an operand not stated, the share itself may be
                # ("主动公开及依申请公开政府信息占比高达80.29%"), named by its part (a stated share rarely names
                # its whole)
                part = f"{steps.operands[0]}的占比是多少？"
                stated = self._share_implied(ctx, report, part, part, docs, drop)
                if stated.found:
                    return stated
            return planned
        reader = self._AFTER_PLAN.get(kind.name)
        if reader is not None and (one or kind.name == "doc_no"):
            found = reader(self, a)
            if found is not None:
                return found
        if kind.cells or kind.name == "text":
            return self._figure(ctx, kind, question, focus, report_ids, docs, drop)
        return not_found(ctx.request.question, "所选报告中没有找到能回答这个问题的内容。")

    # -- the kinds' own readers: an _Asked → an Answer, or None to go on ----------------------------------
    def _why(self, a: _Asked) -> Answer:
        # What is explained, not how the question asks for an explanation (报告里怎么解释的 matches the preface).
        asked = _WHY_WORDS.sub(" ", a.focus).strip() or a.focus
        prose = self._prose(a.docs)
        # The explanation stands where the thing explained is written as asked ("其他处理319件（含…撤回157件）").
        runs = sorted((r for r in re.findall(r"[\u4e00-\u9fff]{3,}", asked)
                       if not any(r in d or d in r for d in a.drop if len(d) >= 2)),  # (not the body's own name)
                      key=len, reverse=True)
        named = next(([d for d in prose if run in d.page_content] for run in runs
                      if any(run in d.page_content for d in prose)), prose)
        found = text.read_text(asked, asked, named, a.drop, self._idf(), self.scoring)
        if found is not None and (found.coverage < self.scoring.min_coverage or
                                  not holds_what_is_asked(a.focus, found.clause)):
            # "10件复议结果被纠正，主要是什么原因": a sentence that does not speak of it explains nothing
            return not_found(a.ctx.request.question, "所选报告中没有说明这一点的原因。")
        if found is not None:
            # "…兼职经办，流动性较大，导致…规范程度参差不齐": what explains it is what comes before 导致
            cause = re.split(r"[，,]\s*(?:从而|进而)?(?:导致|致使|造成|使得|以致)", found.clause)[0]
            if cause != found.clause and len(cause) >= 6:
                found.short = re.sub(r"^[一二三四五六七八九十]+是", "", cause)
        return self._extracted(a.ctx, found)

    def _who(self, a: _Asked) -> Answer | None:
        # A long question's context (我是一名记者，…) is not what the named unit's sentence must match.
        found = text.read_who(real_question(a.question), self._prose(a.docs), a.drop, a.report.body, self._idf(),
                              self.scoring)
        return from_prose(a.ctx, found) if found is not None else None

    def _has_row(self, a: _Asked) -> Answer | None:
        """"表二里还有“政府集中采购”这一项吗": the row's facts, or its name in the table's text; the 2019 and 2021
        templates list different rows."""
        spec = next((s for s in T2_ROWS_2019 + T2_ROWS_2021 if re.search(s.ask, a.question)), None)
        if spec is None:
            return None
        # (a template row the extractor could not find is kept as a None fact: it is not in the report)
        facts = [f for f in a.ctx.facts.get(a.report.report_id, []) if f.table == "二" and f.value is not None]
        held = [f for f in facts if f.row == spec.name]
        part = "".join(d.page_content for d in sorted(a.docs, key=chunk_order)
                       if d.metadata.get("section", "").startswith("二") and d.metadata.get("kind") == "prose")
        in_text = table_two_names(part, spec.name)
        a.ctx.u.target = f"表二 是否有“{spec.name}”"
        rows = "、".join(dict.fromkeys(f.row for f in facts))
        if held or in_text:
            text_ = f"有。{report_name(a.report)}表格（{SECTION_TITLES['二']}）列有“{spec.name}”这一项。"
            return Answer(a.ctx.request.question, text_, f"有（“{spec.name}”）", True,
                          cell_citations(a.report, held[:1] or facts[:1]))
        if not facts:
            return None  # the table was not read: nothing to say it lacks the row
        text_ = (f"没有。{report_name(a.report)}表格（{SECTION_TITLES['二']}）中没有“{spec.name}”这一项"
                 f"（该报告按{a.report.template}年版模板编制，表二列有：{rows}）。")
        return Answer(a.ctx.request.question, text_, f"没有（表二无“{spec.name}”这一项）", True,
                      cell_citations(a.report, facts[:1]))

    def _has_row_in_each(self, ctx: Context, question: str, focus: str, report_ids: list[str], docs,
                         drop: set[str]) -> Answer:
        """"2023年和2025年的年报表二里有“规章”这一行吗": each report's table, and what they have in common."""
        answers = []
        for rid in report_ids:
            own = [d for d in docs if d.metadata.get("report_id") == rid]
            found = self._has_row(_Asked(ctx, ctx.reports[rid], question, focus, own, drop))
            if found is None or not found.found:
                return not_found(ctx.request.question, "所选报告中没有找到能回答这个问题的内容。")
            answers.append((ctx.reports[rid], found))
        says = {a.short_answer.split("（")[0] for _, a in answers}
        lead = f"都{says.pop()}" if len(says) == 1 else "不都一样"
        short = f"{lead}：" + "；".join(f"{r.year}年{a.short_answer}" for r, a in answers)
        text_ = "\n".join(a.answer for _, a in answers)
        return Answer(ctx.request.question, f"{short}。\n{text_}", short, True,
                      [c for _, a in answers for c in a.citations])

    # readers of one report's own front and back matter
    _ONE_REPORT = frozenset({"date", "signed", "end_note", "who", "part", "basis", "note", "signer", "person", "field",
                             "has_row", "proofread", "layout"})
    _BEFORE_PLAN: dict = {
        **{name: (lambda n: lambda self, a: self._extracted(a.ctx, contact.read_contact(n, a.docs)))(name)
           for name in _CONTACTS},
        "date": lambda self, a: self._extracted(a.ctx, contact.read_publish_date(a.report, a.docs)),
        "signed": lambda self, a: self._extracted(a.ctx, contact.read_signed_date(
            a.docs, issued=bool(re.search(r"(?<!不是)印发", a.question)))),
        "end_note": lambda self, a: self._extracted(a.ctx, contact.read_end_note(a.docs)),
        "when": lambda self, a: self._extracted(
            a.ctx, text.read_when(a.focus or a.question, self._prose(a.docs), a.drop, self._idf(), self.scoring)),
        "signer": lambda self, a: self._extracted(a.ctx, contact.read_signer(a.docs)),
        "bracket": lambda self, a: self._extracted(a.ctx, text.read_bracket(a.focus or a.question, a.docs)),
        "field": lambda self, a: self._extracted(a.ctx, contact.read_field(a.question, a.docs),
                                                 "所选报告的页面上没有写明这一项。"),
        "person": lambda self, a: self._extracted(a.ctx, contact.read_person(a.docs),
                                                  "所选报告中没有写明负责人的姓名（年报一般只写职务或部门）。"),
        "period": lambda self, a: self._extracted(a.ctx, contact.read_period(a.docs)),
        "basis": lambda self, a: self._extracted(a.ctx, text.read_basis(a.docs)),
        "note": lambda self, a: self._extracted(a.ctx, text.read_note(a.question, a.docs)),
        "has_row": _has_row,
        # (the report's table 二 is cited, wherever retrieval ranked it)
        "layout": lambda self, a: self._extracted(a.ctx, layout.read_layout(
            a.question, a.report.template, self.retriever.report_documents([a.report.report_id]))),
        "proofread": lambda self, a: self._extracted(a.ctx, proofread.read_proofread(
            a.question, a.docs, (a.report.body, *parse_body(a.report.body).department))),
        "includes": lambda self, a: self._extracted(
            a.ctx, yesno.read_includes(a.question, a.docs, a.drop, self._idf(), self.scoring)),  # a table's 注 too
        "part": lambda self, a: self._extracted(a.ctx, part.read_part(a.focus, a.docs)),
        "fee": lambda self, a: self._extracted(a.ctx, fee.read_fee(a.docs, a.focus)),
        "problems": lambda self, a: self._extracted(a.ctx, part_five.read_problems(a.docs)),
        "measures": lambda self, a: self._extracted(a.ctx, part_five.read_measures(a.docs, a.question)),
        "why": _why,
        "claim": lambda self, a: self._claim(a),
        "who": _who,
        "year_of": lambda self, a: self._extracted(
            a.ctx, text.read_year_of(a.question, self._prose(a.docs), a.drop, self._idf())),
    }
    _AFTER_PLAN: dict = {
        "parts": lambda self, a: self._parts(a.ctx, a.docs),
        "count_items": lambda self, a: self._count_items(a.ctx, a.question, a.docs, a.drop),
        "group_items": lambda self, a: self._group_items(a.ctx, a.report, a.question),
        # a list the names are not found in: read as any text question
        "named_list": lambda self, a: self._named_list(a.ctx, a.question, a.docs, a.drop) or self._figure(
            a.ctx, TEXT, a.question, a.focus, [a.report.report_id], a.docs, a.drop),
        "doc_no": lambda self, a: self._extracted(
            a.ctx, text.read_doc_no(a.question, a.docs, a.drop, self._idf(), self.scoring)),
        # how the 意见建议 sent in were handled: the prose's sentence about them
        "outcome": lambda self, a: self._outcome(a.ctx, a.report, a.question, a.focus, a.docs) or (self._figure(
            a.ctx, TEXT_ONLY, a.question, a.focus, [a.report.report_id], a.docs, a.drop)
            if _NOT_A_REQUEST.search(a.focus) else None),
        "which_most": lambda self, a: self._which_most(a.ctx, a.report, a.question, a.docs, a.drop),
        "net": lambda self, a: self._net(a.ctx, a.question, a.docs, a.drop),
        "rank": lambda self, a: self._rank(a.ctx, a.question, a.docs, a.drop),
        "percent": lambda self, a: self._share_implied(a.ctx, a.report, a.question, a.focus, a.docs, a.drop),
    }

    # -- one figure: a table cell, or a figure the prose states -------------------------------------
    def _figure(self, ctx: Context, kind: Kind, question: str, focus: str, report_ids: list[str], docs,
                drop: set[str]) -> Answer:
        q = ctx.request.question
        facts = [f for r in report_ids for f in ctx.facts.get(r, [])]
        templates = tuple({ctx.reports[r].template for r in report_ids})
        untabled = breakdown_not_tabled(focus or question) if kind.cells else None
        if untabled:
            return not_found(q, untabled)
        # "去年（2024年）新收多少件" on the 2025 report: its cells count 2025; only a sentence on 2024 may answer
        other_years = ctx.u.other_years
        cell = None if other_years else _cell_asked(kind, question, focus, templates)
        fact_answer, blank_cell, value, other_unit = None, False, None, ""
        if cell is not None:
            ctx.u.target = cell.target
            if len(report_ids) == 1:
                fact_answer, blank_cell, value, other_unit = self._cell_answer(ctx, kind, cell, facts, question, focus)
        history_part = ctx.u.effective if focus != question else ""
        prose_docs = self._prose(docs) if kind.figure or kind.name == "text" else docs
        # Figures are read in whole sections (a "(其中…)" list may open in one chunk and close in the next);
        # the answer then cites the chunk that holds the figure.
        prose = self._read(kind, question, focus, self._passages(docs) if kind.figure else prose_docs, drop,
                           history_part)
        if prose is not None and kind.figure:
            prose.passage = _chunk_of(prose.clause, prose_docs) or prose.passage
        if prose is not None and other_years and not _of_years(prose, other_years):
            prose = None
        prose_ok = prose is not None and (kind.name != "text" or holds_what_is_asked(focus or question, prose.clause)) \
            and (kind.name not in ("number", "text", "percent", "yesno")
                                          or prose.coverage >= self.scoring.min_coverage) and \
            not (kind.figure and platforms_missing(focus or question, _around(prose)))  # 抖音 of "15个平台"
        if fact_answer is not None:
            return self._fact_or_stated(ctx, cell, value, fact_answer, question, focus, prose_docs, drop,
                                        history_part)
        # A cell that cannot be read may still be stated in the prose: plainly (prose over table), or as a count of
        # applications in the table's own unit ("全年共受理政府信息公开申请2件" where the 总计 column prints 0s).
        stated = prose is not None and (prose.coverage >= self.scoring.prose_over_table or (
            prose.coverage >= self.scoring.min_coverage and prose.short.endswith("件") and "申请" in prose.clause) or (
            blank_cell and prose.coverage >= self.scoring.prose_in_unit
            and _in_unit_asked(prose.short, focus or question)))
        if cell is not None and kind.name == "yesno":
            count = self._stated_count(question, docs, prose_docs, drop, history_part)
            if count is not None:
                return from_prose(ctx, count)
        if blank_cell and kind.name == "number" and not stated:
            # The table has this cell but it could not be read with certainty: no nearby number instead.
            return not_found(q, f"报告表格中“{cell.label}”一格无法可靠读取（空白或排版错乱），"
                                "为避免给出错误数字，暂不作答。")
        if prose_ok:
            if kind.figure and (not ctx.u.target.startswith("表") or blank_cell):
                ctx.u.target = _measure_words(question, drop)
            return from_prose(ctx, prose)
        named = compose.count_named_things(question, self._passages(docs), drop, self.scoring) \
            if kind.name == "number" and cell is None else None
        if named is not None:  # no figure is stated, but the things are named one by one ("举办“A培训会”、“B培训会”")
            ctx.u.target = "列举的项数"
            answer = from_prose(ctx, named)
            answer.answer += f"\n各项：{'、'.join(named.support[0]['items'])}"
            return answer
        return _no_figure(ctx, kind, question, drop, other_unit, other_years, report_ids)

    @staticmethod
    def _cell_answer(ctx: Context, kind: Kind, cell: CellQuery, facts: list[Fact], question: str, focus: str):
        """The cell's answer, whether the table has the cell but it is blank, its value, and why a cell in another
        unit is no answer ("收费金额是多少万元" of a 2019 table that counts the fees in 项; the prose may still say)."""
        printed = cell.column == "总计" and "总计" in (focus or question)  # "总计一栏填的是多少": as printed
        value, used = lookup(cell, facts, printed)
        if value is not None and kind.name == "percent" and _unit_of(cell, value) not in ("%", "％") and \
                classify(real_question(focus or question)).name == "percent":  # (not a share stated as context)
            # "予以公开及部分公开208件，占比是百分之多少": a count is no share (the prose or the planner gives it)
            return None, False, None, f"报告表格中的“{cell.label}”是件数，不是比例。"
        if value is not None and not _cell_unit_agrees(question, focus, cell, value):
            wanted = asked_unit(focus or question)
            why = f"报告表格中的“{cell.label}”以{_unit_of(cell, value)}计，没有写明所问的{wanted}数。"
            return None, False, None, why
        answer = None
        if value is not None:
            answer = from_facts(ctx, cell, value, used)
            if cell.column == "总计" and any(UNBALANCED in f.source for f in used):
                how = "总计列如此填写" if printed else "这里按各申请人列相加"
                answer.answer += f"\n注意：原表该行总计与各申请人列之和不符，{how}。"
            if kind.name == "yesno":
                _as_yes_no(answer, cell, value, facts, question)
        blank = value is None and any(f.table == cell.table and f.row in cell.rows for f in facts)
        return answer, blank, value, ""

    def _stated_count(self, question: str, docs, prose_docs, drop: set[str], history_part: str):
        """"有人申请信息公开吗？" asks whether a count is above zero: the count the prose states, when the table's
        cell cannot say ("全年共受理政府信息公开申请2件" beside a total column of 0s)."""
        topic = re.sub(r"(有没有|是否|有无|没有|有)人?|[吗么][？?]?$", "", question)
        count = figures.read_number(topic, topic, self._passages(docs), drop, history_part, self._idf(),
                                    scoring=self.scoring)
        if count is None or count.number is None or count.coverage < self.scoring.min_coverage or \
                not count.short.endswith(("件", "起")) or not re.search(r"申请|复议|诉讼|起诉", count.clause):
            return None
        count.passage = _chunk_of(count.clause, prose_docs) or count.passage
        count.short = f"{'有' if count.number else '没有'}（{count.short}）"
        return count

    def _fact_or_stated(self, ctx: Context, cell: CellQuery, value, fact_answer: Answer, question: str, focus: str,
                        prose_docs, drop: set[str], history_part: str) -> Answer:
        """Reports state some totals in prose too; when a prose clause says it plainly, quote the prose."""
        stated = None
        # "报告正文里说，…受理了多少件": the prose's figure is asked — unless what the prose says is only context
        # ("正文说全县共办理相关案件74件，其中行政诉讼是几件？" asks the table's cell)
        in_prose = _ASKS_PROSE.search(question) and not _STATED_THEN_ASKED.search(question)
        if (cell.rows[0] in _PROSE_TOTALS and cell.column == "总计" and len(cell.rows) == 1) or in_prose:
            plain = _ASKS_PROSE.sub("", _ASIDE_ON_WHAT.sub("", question)) if in_prose else question
            stated = figures.read_number(plain, focus, prose_docs, drop, history_part, self._idf())
        bar = self.scoring.min_coverage if in_prose else self.scoring.prose_over_table
        if stated is None or stated.coverage < bar or stated.short[-1:].isdigit():
            return fact_answer
        if not stated.short.endswith("件"):
            return fact_answer  # the tables count applications and cases in 件; 354条 counts information items
        if in_prose:  # what was read is the sentence asked for, not the cell
            ctx.u.target = "正文所写的数字（不是表格）"
        answer = from_prose(ctx, stated)
        if stated.number is not None and float(stated.number) != float(value):
            answer.answer += (f"\n注意：报告表格中的“{cell.label}”为{format_value(value, cell.table, cell.column)}，"
                              "与正文不一致，以上引用的是正文。")
            answer.citations += fact_answer.citations
        return answer

    def _read(self, kind: Kind, question: str, focus: str, docs, drop: set[str], history_part: str = ""):
        if kind.name in ("number", "percent"):
            return figures.read_number(question, focus, docs, drop, history_part, self._idf(), kind.name == "percent",
                                       self.scoring)
        if kind.name == "yesno":
            return yesno.read_yes_no(question, focus, docs, drop, self._idf(), self.scoring)
        return text.read_text(question, focus, docs, drop, self._idf(), self.scoring)

    @staticmethod
    def _prose(docs) -> list:
        # Raw table lines are read through the facts (with the template's sums), never by guessing
        # which number on a flattened row is meant.
        return [d for d in docs if d.metadata["kind"] == "prose"]

    @staticmethod
    def _passages(docs) -> list:
        """The prose joined section by section, in report order: a list, or a total and its items, often runs
        over chunk boundaries. For reading combinations of figures."""
        return passages(docs)

    def _extracted(self, ctx: Context, ex: Extract | None,
                   why: str = "所选报告中没有找到能回答这个问题的内容。") -> Answer:
        if ex is None:
            return not_found(ctx.request.question, why)
        return from_prose(ctx, ex)

    # -- operands: a phrase answered by a certain cell or a stated figure -------------------------------
    def resolve(self, ctx: Context, report: Report, phrase: str, question: str, docs, drop: set[str]):
        """The figure a phrase names in this report: a certain table cell or a stated figure; a phrase that
        joins several ("予以公开和部分公开", "主动公开加上依申请公开的信息") is their sum. None otherwise."""
        plain = _clean_label(phrase, drop)
        whole = self._resolve_one(ctx, report, phrase, question, docs, drop)
        parts = [p for p in re.split(JOIN_WORDS, plain) if len(p.strip(" 的“”\"")) >= 2]
        if len(parts) < 2:  # "主动公开 依申请公开 不予公开三项": typed with spaces for 、
            parts = [p for p in re.sub(r"年报|年度报告|报告", " ", plain).split() if len(p.strip(" 的“”\"")) >= 2]
        if len(parts) < 2 or (whole is not None and re.sub(r"^[的在]|的$", "", plain) in whole.source):
            return whole  # "图文及视频类产品共17篇" names the whole phrase: it is one thing
        found = [self._resolve_one(ctx, report, p, question, docs, drop) for p in parts]
        if not all(found) or len({(f.value, f.source) for f in found}) < len(found):  # type: ignore[union-attr]
            return whole  # "图文及视频类产品" is one name: its parts find the same figure
        if whole is not None and whole.support.get("role") == "cell" and whole.label.count("＋") == 0 and \
                all(f.support.get("role") != "cell" for f in found):  # type: ignore[union-attr]
            return whole
        return compose.joined([f for f in found if f is not None])

    def _resolve_one(self, ctx: Context, report: Report, phrase: str, question: str, docs, drop: set[str]):
        facts = ctx.facts.get(report.report_id, [])
        given = re.search(r"(\d+(?:\.\d+)?)\s*(条|件|篇|项|个|次|场|期|人|万元|元)", phrase)
        if given:  # "预决算公开的197条信息里": the figure the question itself gives, if the report states it
            found = compose.find_stated(float(given.group(1)), self._passages(docs))
            if found is not None:
                return operand_from_extract(found, _clean_label(phrase.replace(given.group(0), ""), drop))
        tmpl = (report.template,)
        # The phrase's own words name the cell; the rest of the question only fills in what the phrase leaves
        # out ("结果纠正" of "行政复议的纠错率（结果纠正占复议总数）"), never overrides it ("新收的申请里" is 总计,
        # though the question asks about 自然人).
        in_prose = bool(_IN_PROSE.search(phrase))  # "正文里写的受理申请": the prose's figure, not the table's
        cell = None if in_prose else parse_cell(phrase, phrase, tmpl) or \
            (None if names_information(phrase) or OTHER_REQUESTS.search(phrase)
             else parse_cell(f"{phrase}申请", phrase, tmpl))
        if cell is None and not OTHER_REQUESTS.search(phrase) and not in_prose:
            in_context = parse_cell(question, phrase, tmpl)
            # …but only when the phrase's words are what make it that cell (or name its table-四 column:
            # "纠错率（结果纠正÷复议总计）" asks 结果纠正 of the 复议 the rest of the question names)
            names_column = in_context is not None and in_context.table == "四" and \
                any(re.search(pat, phrase) for _, pat in T4_COLUMN_ASK)
            cell = (in_context
                    if in_context is not None and (names_column or
                                                   in_context != parse_cell(question.replace(phrase, ""), "", tmpl))
                    else None)
        if cell is not None:
            value, used = lookup(cell, facts)
            if value is not None:
                return operand_from_cell(report, cell, value, used)
            return None  # the cell exists but cannot be read with certainty: never a nearby number
        # A title in 《》 says which programme or paper ("《问政平潭之有事你说》现场解决的诉求", "通过《中卫日报》发布的
        # 信息"): it picks the sentence; the words outside it say what is counted, and the title's own figure
        # (19期《…》) is not it.
        if in_prose:
            phrase = _IN_PROSE_WORDS.sub("", phrase) or phrase
        measure = re.sub(r"《[^》]{1,40}》", " ", phrase)
        titled = measure != phrase and len(re.sub(r"[^\u4e00-\u9fff]|的", "", measure)) >= 3
        ex = figures.read_number(phrase, phrase, self._passages(docs), drop, "", self._idf(), scoring=self.scoring,
                                 not_the_titles=titled)
        if ex is not None and ex.number is not None and ex.coverage >= self.scoring.min_coverage:
            return operand_from_extract(ex, _clean_label(phrase, drop))
        return None

    def _planned(self, ctx: Context, report: Report, steps: Plan, question: str, docs, drop: set[str]) -> Answer:
        q = ctx.request.question
        steps = self._with_referents(ctx, steps)
        if steps.op == "share":
            return self._share(ctx, report, steps, question, docs, drop)
        if steps.op == "points_back":
            return self._points_back(ctx, report, steps, docs, drop)
        if steps.op == "sum_except":
            return self._sum_except(ctx, report, steps.operands[0], question, docs, drop)
        if steps.op == "sum_listed":
            return self._sum_listed(ctx, report, steps.operands[0], docs, drop)
        if steps.op == "rest":
            return self._rest(ctx, report, steps, question, docs, drop)
        if steps.op == "check":
            return self._check(ctx, report, steps, question, docs, drop)
        if steps.op == "balance":
            return self._balance(ctx, report, steps.operands[0], question)
        listed = compose.items_of_one_list(steps.operands, self._passages(docs), drop) if steps.op == "sum" else None
        found = listed or [self.resolve(ctx, report, p, question, docs, drop) for p in steps.operands]
        missing = [p for p, f in zip(steps.operands, found) if f is None]
        ctx.u.target = (f"{'＋'.join(steps.operands)}" if steps.op == "sum"
                        else f"{steps.operands[0]}－{steps.operands[1]}")
        if missing:
            return not_found(q, f"报告中没有写明“{_clean_label(missing[0], drop)}”的确切数字，无法计算。")
        comp = compose.total(found) if steps.op == "sum" else compose.difference(found[0], found[1])
        return from_composite(ctx, report, comp)

    @staticmethod
    def _balance(ctx: Context, report: Report, target: str, question: str) -> Answer:
        """Table 三's relation (第一项加第二项之和，等于第三项加第四项之和) solved for one row, in one column."""
        facts = ctx.facts.get(report.report_id, [])
        column = next((c for c, pat in T3_COLUMN_ASK if re.search(pat, question)), "总计")
        rows = {T3_NEW: "本年新收", T3_CARRIED: "上年结转", T3_TOTAL: "办理结果总计", T3_NEXT: "结转下年度继续办理"}
        wanted = T3_NEXT if target == "结转下年度" else T3_TOTAL
        cells = {row: next((f for f in facts if f.table == "三" and f.row == row and f.column == column), None)
                 for row in rows if row != wanted}
        if any(f is None or f.value is None for f in cells.values()):
            return not_found(ctx.request.question, "所选报告表三的相关行无法确定，不能按勾稽关系推算。")
        new, carried = cells[T3_NEW].value, cells[T3_CARRIED].value
        other = cells[T3_NEXT if wanted == T3_TOTAL else T3_TOTAL].value
        value = new + carried - other
        ctx.u.target = f"表三 按勾稽关系推算的“{rows[wanted]}”（{column}）"
        ops = [operand_from_cell(report, CellQuery("三", [row], column, f"{rows[row]}（{column}）"), f.value, [f])
               for row, f in cells.items()]
        working = (f"{rows[T3_NEW]}{_num(new)}件 + {rows[T3_CARRIED]}{_num(carried)}件 − "
                   f"{rows[T3_NEXT if wanted == T3_TOTAL else T3_TOTAL]}{_num(other)}件 = {_num(value)}件")
        printed = next((f for f in facts if f.table == "三" and f.row == wanted and f.column == column), None)
        note = (f"（报告表中填的是{_num(printed.value)}件）" if printed is not None and printed.value is not None
                and printed.value != value else "")
        comp = compose.Composite(f"{_num(value)}件", f"按勾稽关系，{rows[wanted]}应为{working}{note}", ops, value)
        return from_composite(ctx, report, comp)

    def _check(self, ctx: Context, report: Report, steps: Plan, question: str, docs, drop: set[str]) -> Answer:
        """"结果维持加结果纠正跟总计对得上吗": both sides read (each maybe a sum), and whether they are equal."""
        found = [self.resolve(ctx, report, p, question, docs, drop) for p in steps.operands]
        ctx.u.target = f"{steps.operands[0]} 与 {steps.operands[1]} 是否相等"
        missing = [p for p, f in zip(steps.operands, found) if f is None]
        if missing:
            why = f"报告中没有写明“{_clean_label(missing[0], drop)}”的确切数字，无法核对。"
            return not_found(ctx.request.question, why)
        return from_composite(ctx, report, compose.check(found[0], found[1], "figure" in steps.notes))

    @staticmethod
    def _with_referents(ctx: Context, steps: Plan) -> Plan:
        """"这个占…", "那两个加起来…": an operand that points back stands for what the earlier turns asked about."""
        operands = []
        for phrase in steps.operands:
            back = referents(phrase, ctx.request.history) if phrase else None
            if back:
                ctx.u.carried.append(f"“{phrase}”指上文的“{'、'.join(back)}”")
            operands.append("和".join(back) if back else phrase)
        return Plan(steps.op, operands, steps.precision, steps.notes)

    def _sum_except(self, ctx: Context, report: Report, left_out: str, question: str, docs, drop: set[str]) -> Answer:
        """"除了专题专栏以外，报告列出的其他类别加起来": the report's list, less the items named."""
        q = ctx.request.question
        # The list to take from is the one that has the item left out.
        for listed in compose.lists_in(self._passages(docs), left_out, drop, self._idf(), self.scoring)[:1]:
            keep = self._left_in(listed, left_out, question, drop)
            if 0 < len(keep) < len(listed):
                ctx.u.target = f"列举各项之和（不含{_clean_label(left_out, drop)}）"
                comp = compose.total([compose.operand_of(i) for i in keep])
                return from_composite(ctx, report, comp, f"不含“{_clean_label(left_out, drop)}”，")
        return not_found(q, "所选报告中没有找到可以相加的列举各项。")

    def _sum_listed(self, ctx: Context, report: Report, topic: str, docs, drop: set[str]) -> Answer:
        """"报告里按类别列出来的加起来其实是多少条": the items of the list the question's words find, added (a
        total the report states beside them is not one of them)."""
        # the total the question states to check against ("主动公开90条 …列出来的加起来") is not an item
        stated = {float(v) for v in re.findall(r"(\d+(?:\.\d+)?)\s*[条件项篇个]", ctx.request.question)}
        history = ctx.request.history
        if history and not key_terms(re.sub(r"后面|前面|那几项|这几项|几项|那些|这些", " ", topic), "", drop, ""):
            topic = f"{topic} {history[-1][0]}"  # "后面按类别列的那几项": the list of what the last turn counted
        for listed in compose.lists_in(self._passages(docs), topic, drop, self._idf(), self.scoring)[:1]:
            items = [i for i in listed if i.mention.value not in stated]
            ctx.u.target = "列举各项之和"
            return from_composite(ctx, report, compose.total([compose.operand_of(i) for i in items or listed]))
        return not_found(ctx.request.question, "所选报告中没有找到可以相加的列举各项。")

    def _rest(self, ctx: Context, report: Report, steps: Plan, question: str, docs, drop: set[str]) -> Answer:
        """"主动公开的信息里除了部门工作动态，其余的有多少条": the whole less the part left out, both stated; without
        a stated whole, the other items of the list the part is in added up."""
        left_out, whole_phrase = steps.operands
        whole_phrase = YEAR.sub("", normalise_years(whole_phrase))
        part = self.resolve(ctx, report, left_out, question, docs, drop)
        whole = self.resolve(ctx, report, whole_phrase, question, docs, drop) if len(whole_phrase) >= 2 else None
        comp = compose.rest(whole, part) if part is not None and whole is not None else None
        if comp is None:
            return self._sum_except(ctx, report, left_out, question, docs, drop)
        ctx.u.target = f"{_clean_label(whole_phrase, drop)}（不含{_clean_label(left_out, drop)}）"
        return from_composite(ctx, report, comp)

    def _derived_year(self, ctx: Context, report: Report, question: str, docs, drop: set[str]) -> Answer:
        """"那2019年是多少？" with no 2019 report: the held report's own "较2019年下降10.33个百分点" of the measure
        asked, worked back; else a refusal that says which year is missing."""
        year = ctx.u.derived_year
        history = ctx.request.history
        # "2019年这个比例应该是多少" names its measure by pointing back: the last turn's words then
        asks = [question] + ([f"{question} {history[-1][0]}"] if history else [])
        best = None
        how = (r"按[^，,。？?]{0,14}说法[，,]?|(?:倒推|反推|推算|往回推)(?:一下)?|照这么算|"
               r"[（(][^（）()]{0,8}[）)]")  # how it is asked, not what is measured
        for asked in (re.sub(how, "", YEAR.sub("", normalise_years(q))) for q in asks):
            weights = key_terms(asked, asked, drop, "", self._idf())  # (a follow-up's own words name only the year)
            for doc in self._passages(docs):  # (a sentence may run over a chunk's end)
                for steps in stated_change(doc.page_content, year):
                    cov = coverage(steps.operands[0], weights, self.scoring)
                    if best is None or cov > best[0]:
                        best = (cov, steps)
            if best is not None and best[0] >= self.scoring.min_coverage:
                break
        if best is None or best[0] < self.scoring.min_coverage:
            ctx.u.carried = [c for c in ctx.u.carried if "推算" not in c]
            return not_found(ctx.request.question, f"报告库中没有{report.body}{year}年的政府信息公开工作年度报告，"
                                                   f"无法回答（{report.year}年的报告也没有写明与{year}年相比的这一数字）。")
        steps = best[1]
        return self._points_back(ctx, report, Plan(steps.op, steps.operands, precision(question), steps.notes),
                                 docs, drop)

    def _points_back(self, ctx: Context, report: Report, steps: Plan, docs, drop: set[str]) -> Answer:
        """Another year's share from this year's (as the report states it) and the change the question gives."""
        what, (sign, points, year) = steps.operands[0], steps.notes
        what_label = re.sub(r"\s*\d+(?:\.\d+)?\s*[%％]", "", _clean_label(what, drop))  # (the figure is shown)
        ctx.u.target = f"{year}年的{what_label}"
        stated = figures.read_number(what, what, self._prose(docs), drop, "", self._idf(), True, self.scoring)
        if stated is None or stated.number is None or stated.coverage < self.scoring.min_coverage:
            return not_found(ctx.request.question, f"报告中没有写明“{_clean_label(what, drop)}”的比例，无法推算。")
        now = operand_from_extract(stated, what_label)
        value = now.value + float(points) if sign == "+" else now.value - float(points)
        digits = steps.precision if steps.precision is not None else max(
            len(f"{now.value:g}".partition(".")[2]), len(points.partition(".")[2]))
        short = f"{compose.fmt(value, digits)}%"
        working = f"{now.label}{now.shown} {sign} {points}个百分点 = {short}（{year}年）"
        return from_composite(ctx, report, compose.Composite(short, working, [now], round(value, digits)))

    @staticmethod
    def _left_in(listed, left_out: str, question: str, drop: set[str]):
        """The items a "除了X" leaves: X is the one item the question gives the figure of ("“政府网站信息”那185条"),
        else the items X names best ("政府信息公开指南" shares words with 政府网站信息 but is another item)."""
        given = re.search(re.escape(left_out) + r"\s*(?:那|这)?\s*(\d+(?:\.\d+)?)", question)
        if given:
            value = float(given.group(1))
            named = [i for i in listed if i.mention.value == value]
            if len(named) == 1:
                return [i for i in listed if i is not named[0]]
        scores = [compose.name_score(left_out, i, drop) for i in listed]
        best = max(scores, default=0.0)
        return [i for i, sc in zip(listed, scores) if sc < 0.5 or sc < best]

    def _share(self, ctx: Context, report: Report, steps: Plan, question: str, docs, drop: set[str]) -> Answer:
        q = ctx.request.question
        a_phrase, b_phrase = steps.operands
        ctx.u.target = f"{a_phrase} ÷ {b_phrase or '其总数'}"
        as_written = re.search(r"按报告|报告(里|中|上)?(所)?(写|说|给出|列|载明|公布)的?", question)
        plain = re.sub(r"[（(][^（）()]*[）)]", "",
                       question.replace(as_written.group(0), "") if as_written else question)
        stated = figures.read_number(plain, plain, self._prose(docs), drop, "", self._idf(), True, self.scoring)
        if stated is not None and stated.coverage >= self.scoring.min_coverage and as_written and \
                "given" not in steps.notes:  # ("报告说占11.3%，用53条除以467条算": the division asked wins)
            return from_prose(ctx, stated)  # "报告里写的占比": the percentage as the report prints it
        if stated is not None and stated.coverage >= self.scoring.prose_over_table and not b_phrase and \
                "given" not in steps.notes and not _COMPUTE_ASKED.search(question) and \
                _clean_label(a_phrase, drop) in stated.clause:
            return from_prose(ctx, stated)  # "主动公开的占比多少": "主动公开的政府信息占11.3%" as the report states it
        a = self.resolve(ctx, report, a_phrase, question, docs, drop)
        given = re.search(r"(\d+(?:\.\d+)?)\s*[条件篇项个次场人]", b_phrase or "")
        b_given = self.resolve(ctx, report, b_phrase, question, docs, drop) if a is not None and given else None
        if given:
            # "公开的254条政府信息中，X占比多少": the whole the question states fixes the part's units (X is not a
            # 元 amount from a flattened table row)
            if b_given is not None and b_given.value == float(given.group(1)) and \
                    not compose.units_compatible(a, b_given):
                a = self._stated_whole(b_given, a_phrase, docs, drop)
        if a is not None and not given:
            # the report's own share of that very figure, when the question names no whole by its figure
            own = compose.stated_share_of(a.value, compose.unit_of(a.shown), self._prose(docs))
            if own is not None:
                return from_prose(ctx, own)
        whole = self._total_of(ctx, report, a, docs) if a is not None else None
        b = None
        if b_phrase and whole is not None and compose.names_total(b_phrase, whole, drop):
            b = whole  # "在主动公开的107条政府信息中…22条" is the total the question means
        elif b_phrase:
            b = b_given or self.resolve(ctx, report, b_phrase, question, docs, drop)  # resolved once
        else:
            b = whole
        b = self._fitting_whole(a, b, whole, b_phrase, docs, drop) if a is not None else b
        b, refused = self._less_part(ctx, report, steps, b, question, docs, drop)
        if refused:
            return not_found(q, refused)
        if a is not None and b is not None:
            comp = compose.share(a, b, steps.precision)
            if comp is not None:
                return from_composite(ctx, report, comp)
        if stated is not None and stated.coverage >= self.scoring.min_coverage:
            return from_prose(ctx, stated)
        missing = a_phrase if a is None else (b_phrase or f"{a_phrase}所属的总数")
        return not_found(q, f"报告中没有写明“{_clean_label(missing, drop)}”的确切数字，无法计算比例。")

    def _fitting_whole(self, a, b, whole, b_phrase: str, docs, drop: set[str]):
        """The denominator, when it can be the part's whole: in the part's units, not smaller, not the part itself."""
        if b is not None and not compose.units_compatible(a, b):
            b = whole if whole is not None and compose.units_compatible(a, whole) else None
            if b is None and b_phrase:  # the denominator counted in the numerator's units ("群众诉求348件")
                b = self._stated_whole(a, b_phrase, docs, drop)
        if b is not None and b_phrase and a.value > b.value:
            # A part never exceeds its whole: a denominator smaller than the part was bound to the wrong figure
            # (a table cell for "收到的群众诉求"); the whole as the prose states it, in the part's units, or nothing.
            b = self._stated_whole(a, b_phrase, docs, drop)
            b = b if b is not None and b.value >= a.value else None
        if b is not None and (a.value, a.source) == (b.value, b.source):
            b = None  # a figure over itself is no share: the two phrases found one figure
        return b

    def _less_part(self, ctx: Context, report: Report, steps: Plan, b, question: str, docs, drop: set[str]):
        """"把尚未审结的去掉": the share's whole less that part, as (operand, "") or (None, why not)."""
        less = next((n[5:] for n in steps.notes if n.startswith("less:")), None)
        if not less or b is None:
            return b, ""
        part = self.resolve(ctx, report, less, question, docs, drop)
        rest = compose.rest(b, part) if part is not None else None
        if rest is None:
            return None, f"报告中没有写明“{_clean_label(less, drop)}”的确切数字，无法计算比例。"
        return compose.Operand(rest.value, f"（{b.label}{b.shown} − {part.label}{part.shown}）", rest.short,
                               "；".join(dict.fromkeys([b.source, part.source])), b.meta,
                               {**b.support, "value": rest.value}, [b, part]), ""

    def _stated_whole(self, a: compose.Operand, phrase: str, docs, drop: set[str]):
        ex = figures.read_number(phrase, phrase, self._prose(docs), drop, "", self._idf(), scoring=self.scoring,
                                 units=compose.family_of(a))
        if ex is not None and ex.number is not None and ex.coverage >= self.scoring.min_coverage:
            return operand_from_extract(ex, _clean_label(phrase, drop))
        return None

    def _share_implied(self, ctx, report, question, focus, docs, drop) -> Answer:
        """A percentage question the planner could not cut: a percentage the report states, else refuse."""
        kind = kind_of("百分比")
        return self._figure(ctx, kind, question, focus, [report.report_id], docs, drop)

    def _total_of(self, ctx: Context, report: Report, a: compose.Operand, docs):
        """The whole a figure is a part of: a cell's group total, or the total a stated figure itemises."""
        sup = a.support
        facts = ctx.facts.get(report.report_id, [])
        if sup.get("role") == "cell":
            table, rows, col = sup["table"], sup["row"].split("+"), sup["column"]
            total: CellQuery | None = None
            if table == "三" and rows[0] not in T3_NON_RESULT:
                total = CellQuery("三", ["总计"], col, f"办理结果总计（{col}）")
            elif table == "三" and col != "总计":
                total = CellQuery("三", rows, "总计", f"{rows[0]}（总计）")
            elif table == "四" and col != "总计":
                total = CellQuery("四", rows, "总计", f"{'行政诉讼' if len(rows) > 1 else rows[0]}总计")
            if total is None:
                return None
            value, used = lookup(total, facts)
            return operand_from_cell(report, total, value, used) if value is not None else None
        # The figure's own sentence first; then the same figure stated elsewhere ("在主动公开的90条政府信息中"
        # repeats "其中主动公开政府信息90条", whose sentence gives the total).
        same = [(doc, m) for doc in self._passages(docs) for m in compose.mentions(doc.page_content)
                if m.value == a.value and compose.unit_of(figures.figure_text(m)) == compose.unit_of(a.shown)]
        same.sort(key=lambda dm: dm[1].clause != a.source)
        for doc, m in same:
            whole = compose.stated_total(m, doc.page_content)
            if whole is not None:
                ex = Extract(figures.figure_text(whole), whole.clause, doc.page_content, doc.metadata, 1.0, whole.value)
                return operand_from_extract(ex, _clean_label(whole.measure, set()))
        return None

    # -- lists, counts and outcomes -------------------------------------------------------------------
    def _which_most(self, ctx: Context, report: Report, question: str, docs, drop: set[str]) -> Answer:
        q = ctx.request.question
        place, smallest = compose.place_asked(question)
        most = ("最少" if smallest else "最多") if place == 1 else f"第{place}{'少' if smallest else '多'}"
        facts = ctx.facts.get(report.report_id, [])
        left = compose.left_out(question)
        cells = compose.without_item(_table_list(question, facts), _fact_label, left)
        by_day = f"报告没有按{breakdown_asked(question)}分别列出这些数字。"
        if cells and not holds_what_is_asked(question, ""):  # "哪个月发得最多": the tables never count by month
            return not_found(q, by_day)
        if cells:
            pick = compose.at_place(cells, lambda f: f.value, place, smallest)
            if pick is None:
                return not_found(q, f"所选报告表格中的这些项不足{place}项。")
            label = _fact_label(pick)
            ctx.u.target = f"表{pick.table} {most}的一项"
            listing = "；".join(f"{_fact_label(f)}{_num(f.value)}件" for f in cells)
            text_ = (f"根据{report_name(report)}表格（{SECTION_TITLES[pick.table]}），"
                     f"{most}的是"
                     f"“{label}”，{_num(pick.value)}件。\n各项：{listing}")
            return Answer(q, text_, f"{label}（{_num(pick.value)}件）", True, cell_citations(report, cells),
                          support=cell_support([pick]))
        for listed in compose.lists_in(self._passages(docs), question, drop, self._idf(), self.scoring)[:1]:
            if not holds_what_is_asked(question, "".join(i.label for i in listed)):
                return not_found(q, by_day)  # a list by kind answers no "哪个月"
            listed = compose.without_item(listed, lambda i: i.label, left)
            item = compose.largest(listed, smallest, place)
            if item is None:
                return not_found(q, f"所选报告列举的各项不足{place}项。")
            ctx.u.target = f"列举的各项中{most}的一项"
            shown = figures.figure_text(item.mention)
            listing = "；".join(f"{i.label}{figures.figure_text(i.mention)}" for i in listed)
            ex = Extract(f"{item.label}（{shown}）", item.mention.sentence[:300], item.passage, item.meta, 1.0,
                         None, [{"role": "mention", "value": item.mention.value, "text": item.mention.clause}])
            answer = from_prose(ctx, ex)
            answer.answer += f"\n各项：{listing}"
            return answer
        return not_found(q, "所选报告中没有找到可以比较的各项数字。")

    def _net(self, ctx: Context, question: str, docs, drop: set[str]) -> Answer:
        """"净减少了几个": the figure removed less the figure added, both stated in one sentence, each cited."""
        found = compose.net_change(question, self._passages(docs), drop, self._idf(), self.scoring)
        if found is None:
            return not_found(ctx.request.question, "所选报告中没有在同一处写明增加和减少的数字，无法计算净增减。")
        value, removed, added, doc = found
        ctx.u.target = "净增减"
        shown = f"{_num(value)}{removed.unit}"
        down = value == removed.value - added.value
        working = (f"{figures.figure_text(removed)} − {figures.figure_text(added)}" if down
                   else f"{figures.figure_text(added)} − {figures.figure_text(removed)}")
        ex = Extract(shown, removed.sentence[:300], doc.page_content, doc.metadata, 1.0, value,
                     [{"role": "mention", "value": m.value, "text": m.clause} for m in (removed, added)])
        answer = from_prose(ctx, ex)
        answer.answer += f"\n计算：{working} = {shown}"
        return answer

    def _rank(self, ctx: Context, question: str, docs, drop: set[str]) -> Answer:
        """"十一类主动公开信息里，按条数从多到少排，安全生产、应急管理类排第几": the item's place in the list."""
        for listed in compose.lists_in(self._passages(docs), question, drop, self._idf(), self.scoring)[:3]:
            found = compose.ranked(listed, question)
            if found is None:
                continue
            place, item, order = found
            ctx.u.target = "列举的各项中的名次"
            shown = figures.figure_text(item.mention)
            listing = "；".join(f"{n}. {i.label}{figures.figure_text(i.mention)}" for n, i in enumerate(order, 1))
            operands = [{"role": "mention", "value": i.mention.value, "text": i.mention.clause} for i in order]
            ex = Extract(f"第{place}（{item.label}{shown}）", item.mention.sentence[:300], item.passage, item.meta, 1.0,
                         place, operands)
            answer = from_prose(ctx, ex)
            answer.answer += f"\n按数字排列：{listing}"
            return answer
        return not_found(ctx.request.question, "所选报告中没有找到列出各项数字、且含所问一项的列举。")

    @staticmethod
    def _group_items(ctx: Context, report: Report, question: str) -> Answer:
        """"表三“不予处理”下面一共分了几种情形": the items the report's table 三 lists under that result."""
        group = next((g for g, words in T3_GROUPS.items() if re.search(words, question)), None)
        facts = [f for f in ctx.facts.get(report.report_id, []) if f.table == "三" and f.column == "总计"
                 and group and f.row.startswith(f"{group}-")]
        if not facts:
            return not_found(ctx.request.question, f"所选报告的表三没有分项列出“{group or ''}”的情形。")
        ctx.u.target = f"表三 {group} 下的情形数"
        items = [f.row.partition("-")[2] for f in facts]
        short = f"{len(items)}种"
        text_ = (f"根据{report_name(report)}表格（{SECTION_TITLES['三']}），“{group}”下分{len(items)}种情形："
                 + "；".join(f"{i}. {item}" for i, item in enumerate(items, 1)) + "。")
        return Answer(ctx.request.question, text_, short, True, cell_citations(report, facts),
                      support=[{"role": "count", "value": len(items), "items": items, "text": "；".join(items)}])

    def _count_items(self, ctx: Context, question: str, docs, drop: set[str]) -> Answer:
        q = ctx.request.question
        # "“存在的主要问题”那部分列了几条问题" names part 五 itself: its problems, not every item of the part.
        part_five_named = re.search(r"存在的?(?:主要)?问题|改进(措施|情况)|整改(措施|情况)", question)
        focus = ctx.u.focus or question  # a follow-up's own words count most ("那次收到几条意见建议啊")
        stated = figures.read_number(question, focus, self._prose(docs), drop, "", self._idf(), scoring=self.scoring)
        # "“上海发布”在海内外多少个平台有粉丝" quotes an account, not a part: a figure stated of it answers
        part_asked = re.search(r"部分|这一?块|那一?块|这一?段|那一?段|这一?节|方面", question)
        named = None if part_five_named or (stated is not None and not part_asked and
                                            stated.coverage >= self.scoring.prose_over_table) \
            else part_five.named_section(question, self._passages(docs), drop)
        if named is not None:  # "“突出抓好财政预决算公开”这一部分写了几条做法"
            ctx.u.target = "所指部分列举的条数"
            return self._extracted(ctx, named)
        noun = counted_noun(focus, asked_unit(focus))  # "几条意见建议" → 意见: a figure stated of that very noun
        if stated is not None and not part_five_named and (stated.coverage >= self.scoring.prose_over_table or (
                stated.coverage >= self.scoring.prose_in_unit and _in_unit_asked(stated.short, question)) or (
                stated.coverage >= self.scoring.min_coverage and noun and noun in stated.clause
                and _in_unit_asked(stated.short, focus))):
            # "6期《问政平潭》曝光了几个问题": a figure the prose states of what is named, not part 五's list
            return from_prose(ctx, stated)
        if re.search(r"措施|举措|整改|改进|做法|打算", question):
            ctx.u.target = "改进措施的条数"
            return self._extracted(ctx, part_five.count_part_five(docs, "measures"))
        if re.search(r"问题|不足|短板|差距", question):
            ctx.u.target = "存在问题的条数"
            return self._extracted(ctx, part_five.count_part_five(docs, "problems"))
        if re.search(r"公众号|平台|栏目|账号|网站|媒体", question):
            named = self._count_named(ctx, question, docs, drop)  # “A”“B”“C”微信公众号
            if named is not None:
                return named
        lists = compose.lists_in(self._passages(docs), question, drop, self._idf(), self.scoring)
        unit = asked_unit(question)
        if lists and unit not in LOOSE_UNITS and unit != "类" and lists[0][0].mention.unit == unit:
            # "收到多少条意见建议" beside a list of "…2条；…7条": a figure in the list's own unit is asked,
            # not how many items the list has.
            what = _measure_words(question, drop)
            return not_found(q, f"所选报告中没有写明“{what}”的数字。" if what else
                             "所选报告中没有找到可以计数的列举内容。")
        thing = _COUNTED_THING.search(question)
        if lists and thing and thing.group(1) not in lists[0][0].mention.sentence:
            # "运维多少个政务新媒体账号" beside a list of documents: a list of other things counts no accounts
            return not_found(q, f"所选报告中没有写明“{thing.group(1)}”的个数。")
        if lists:
            listed = lists[0]
            ctx.u.target = "列举的项数"
            names = "、".join(i.label for i in listed)
            ex = Extract(f"{len(listed)}类", listed[0].mention.sentence[:300], listed[0].passage, listed[0].meta, 1.0,
                         float(len(listed)), [{"role": "count", "value": len(listed),
                                               "items": [i.label for i in listed],
                                               "text": listed[0].mention.sentence[:300]}])
            answer = from_prose(ctx, ex)
            answer.answer += f"\n各项：{names}"
            return answer
        named = self._count_named(ctx, question, docs, drop)
        if named is not None:
            return named
        return not_found(q, "所选报告中没有找到可以计数的列举内容。")

    def _named_list(self, ctx: Context, question: str, docs, drop: set[str]) -> Answer | None:
        """"三个微信公众号分别是哪几个": the names the list gives (“A”“B”“C”微信公众号)."""
        counted = self._count_named(ctx, question, docs, drop)
        if counted is None:
            return None
        items = counted.support[0].get("items") or []
        listed = len(items)
        if re.search(r"除了|除去", question):  # "除了“A”和“B”，还有哪个": the names not yet named
            named = set(re.findall(r"[“\"]([^”\"]+)[”\"]", question))
            items = [i for i in items if i not in named] or items
        counted.short_answer = "、".join(f"“{i}”" for i in items)
        counted.answer = counted.answer.replace(f"：{listed}个。", f"：{counted.short_answer}。", 1)
        ctx.u.target = "列举的名称"
        return counted

    def _count_named(self, ctx: Context, question: str, docs, drop: set[str]) -> Answer | None:
        """How many things a plain list names ("采购项目公告、采购文件、…等", “A”“B”“C”微信公众号)."""
        found = compose.count_listed(question, self._passages(docs), drop, self._idf(), self.scoring)
        if found is None or found[0] < self.scoring.min_coverage * 0.5:
            return None
        _, n, run, sentence, doc = found
        items = re.findall(r"[“\"]([^”\"]+)[”\"]", run) if run.startswith(("“", '"')) else \
            [x for x in run.rstrip("等").split("、") if x]
        ctx.u.target = "列举的项数"
        ex = Extract(f"{n}个", sentence[:300], doc.page_content, doc.metadata, 1.0, float(n),
                     [{"role": "count", "value": n, "items": items, "text": run}])
        answer = from_prose(ctx, ex)
        answer.answer += f"\n各项：{'、'.join(items)}"
        return answer

    def _claim(self, a: _Asked) -> Answer | None:
        """"…通过中卫日报发布的是31条，对吗？": the claim's question asked of the report, and whether it holds."""
        found = parse_claim(a.focus if a.focus != a.question else a.question)
        if found is None:
            return None
        kind = kind_of(found.question)
        figure_claimed = found.value is not None or found.rough is not None
        kind = kind if kind.name not in ("claim", "text") else by_name("number" if figure_claimed else "yesno")
        answer = self._by_kind(a.ctx, kind, found.question, found.question, [a.report.report_id], a.docs, a.drop)
        if not answer.found:
            return None
        value = re.search(r"-?\d+(?:\.\d+)?", answer.short_answer)
        answer.short_answer = verdict(found, answer.short_answer, float(value.group()) if value else None)
        answer.answer = f"{answer.short_answer}。\n{answer.answer}"
        return answer

    def _parts(self, ctx: Context, docs) -> Answer:
        for doc in self._prose(docs):
            for m in compose.mentions(doc.page_content):
                if m.own_parts:
                    ctx.u.target = "报告的部分数"
                    ex = Extract(figures.figure_text(m), m.clause, doc.page_content, doc.metadata, 1.0, m.value,
                                 [{"role": "mention", "value": m.value, "text": m.clause}])
                    return from_prose(ctx, ex)
        heads = sorted({d.metadata.get("section", "").split(" > ")[0] for d in docs
                        if re.match(r"[一二三四五六七八]、", d.metadata.get("section", ""))})
        if len(heads) >= 3:
            ctx.u.target = "报告的部分数"
            first = next(d for d in docs if re.match(r"[一二三四五六七八]、", d.metadata.get("section", "")))
            ex = Extract(f"{len(heads)}个部分", "；".join(heads), first.page_content, first.metadata, 1.0,
                         float(len(heads)), [{"role": "count", "value": len(heads), "items": heads,
                                              "text": "；".join(heads)}])
            return from_prose(ctx, ex)
        return not_found(ctx.request.question, "所选报告中没有找到它分为几个部分。")

    def _outcome(self, ctx: Context, report: Report, question: str, focus: str, docs=()) -> Answer | None:
        """"那起行政复议结果如何" / "企业的那件申请怎么处理的": the outcomes whose cells are not zero."""
        if _NOT_A_REQUEST.search(question) and not re.search(r"申请|复议|诉讼|起诉|案件", question):
            return None  # "收到老百姓提的意见建议后来咋处理的": the prose says, no table counts them
        facts = ctx.facts.get(report.report_id, [])
        cell = parse_cell(question, focus, (report.template,))
        history = ctx.request.history
        earlier = ctx.u.effective if ctx.u.effective != question else history[-1][0] if history else ""
        if cell is None and earlier:  # "这两件最后分别是怎么处理的？" after "…收到几件申请？"
            cell = parse_cell(earlier, "", (report.template,))
            if cell is not None and cell.table == "三":
                cell = None  # the earlier turn's cell was the count asked about: its outcomes are every result
            question = question + earlier if cell is None else question
        if cell is None and re.search(r"申请", question):
            cell = CellQuery("三", ["总计"], "总计", "办理结果")  # "申请最后是怎么答复的": every request
        if cell is None:
            return None
        if cell.table == "四":
            cols = [c for c in T4_COLUMNS if c != "总计"]
            hits = [f for f in facts if f.table == "四" and f.row in cell.rows and f.column in cols]
        elif cell.table == "三":
            col = cell.column
            group = next((g for g, words in T3_GROUPS.items() if re.search(words, question)), None)
            within = group is not None and _ASKS_REASONS.search(question)  # "不予公开的那3件都是什么理由"
            hits = [f for f in facts if f.table == "三" and f.row not in T3_NON_RESULT and f.column in cell.columns
                    and "-*" not in f.row and (not within or f.row.startswith(f"{group}-"))] \
                if col in T3_COLUMNS or col == "法人或其他组织" else []
        else:
            return None
        if not hits or any(f.value is None for f in hits):
            return None
        if cell.table == "三" and cell.column == "总计":
            hits = _totals_as_printed_or_summed(hits, facts)
        nonzero = [f for f in hits if f.value]
        ctx.u.target = f"表{cell.table} {'、'.join(dict.fromkeys(cell.rows))} 的办理结果"
        if not nonzero:
            short = "没有（各项结果均为0件）"
        else:
            short = "；".join(f"{_fact_label(f)}{_num(f.value)}件" for f in nonzero)
        if _NONE_PUBLIC.search(question) and cell.table == "三":
            # "是不是一件都没给公开": 部分公开 is disclosed too
            opened = sum(f.value for f in nonzero if f.row in ("予以公开", "部分公开"))
            short = f"{'不是' if opened else '是，一件都没有公开'}：{short}"
        text_ = f"根据{report_name(report)}表格（{SECTION_TITLES[cell.table]}）：{short}。"
        cites = cell_citations(report, nonzero or hits)
        told, doc = _outcomes_told(self._prose(docs)) if cell.table == "三" and cell.column == "总计" else ("", None)
        if told:  # the prose's own words for the same results ("其中公开答复1件，无法提供1件"), cited too
            text_ += f"\n报告正文：“{told}”"
            cites.append(citation_of(report, doc.metadata, doc.page_content))
        if any(UNBALANCED in f.source for f in hits):
            text_ += "（原表这些行的总计与各申请人列之和不符，这里按各申请人列列出。）"
        return Answer(ctx.request.question, text_, short, True, cites, support=cell_support(nonzero or hits))


_STATED_THEN_ASKED = re.compile(r"正文[^，。？?]{0,6}(说|写|提到)[^，。？?]{0,30}\d+\s*[件条个起][，,]\s*"
                                r"(其中|这里面|这些里|那)")
_ASKS_PROSE = re.compile(r"(报告)?正文[^，。？?]{0,16}(那一?段|部分)(里|中)?[，,]?(说|写|提到|讲)?|"
                         r"(报告)?正文(里|中|上)?(说|写|提到|讲)?的?[，,]?|文字(部分)?(里|中)(说|写)的?[，,]?")
# "（问的是正文那句，不是表格）": an aside on where the answer is, no words the sentence must share
_ASIDE_ON_WHAT = re.compile(r"[（(][^（）()]{0,30}(?:问的是|不是|而非|指的是|要的是|别用)[^（）()]{0,30}[）)]")
_ALL_OF = re.compile(r"(全部|全都|都|均|一律|统统)[^，。？?]{0,6}(了|吗|么|没有)|是不是全|是否全|是否都|是否均")
_NONE_PUBLIC = re.compile(NONE_PUBLIC)
_ASKS_OUTCOME = re.compile(r"结果|怎么样|咋样|如何|怎样|结局")
_ASKS_REASONS = re.compile(r"理由|原因|情形|为什么|因为什么|分别|都是|哪些")


_OUTCOMES_TOLD = re.compile(r"[^。；;]*(?:办结|答复|办理)[^。；;]{0,30}其中[^。；;]{0,40}"
                            r"(?:公开|不予|无法提供|不予处理|其他处理)[^。；;]{0,40}\d+\s*件[^。；;]*|"
                            # "共收到依申请信息公开26件，及时回复申请人，并将…信息通过电子邮箱发送给申请人": how
                            r"[^。；;]*申请[^。；;]{0,20}\d+\s*件[^。；;]{0,40}(?:回复|答复|发送|送达|告知|邮寄|反馈)"
                            r"[^。；;]*")


def _outcomes_told(prose) -> tuple[str, object]:
    """The sentence of the prose that tells how requests were handled ("办结依申请2件，其中公开答复1件，
    无法提供1件"), and the passage it stands in."""
    for doc in prose:
        m = _OUTCOMES_TOLD.search(doc.page_content)
        if m:
            told = re.sub(r"^[（(][一二三四五六七八九十]+[）)][\u4e00-\u9fff]{2,16}?情况(?=\d|本|我|全|今)", "",
                          m.group(0).strip())  # the part's heading run into its first sentence
            return told[:200], doc
    return "", None


def _as_yes_no(answer: Answer, cell: CellQuery, value, facts: list[Fact], question: str) -> None:
    """A cell read as yes/no: 有/没有 before the count; "有没有被申请行政复议？结果咋样" adds the row's results;
    "是不是全部都予以公开了" compares the result with every result (办理结果总计)."""
    if _ALL_OF.search(question) and cell.table == "三" and cell.rows[0] not in T3_NON_RESULT:
        total, _ = lookup(CellQuery("三", [T3_TOTAL], cell.column, "总计"), facts)
        if total:
            row = cell.label.split("（")[0]
            counts = f"{row}{answer.short_answer}，办理结果总计{format_value(total, '三', cell.column)}"
            answer.short_answer = f"是，全部{row}（{counts}）" if value == total else f"不是（{counts}）"
            return
    verb = NO_SAYS_VERB.search(question) or DENIED_VERB.search(question)
    no = f"没有{verb.group(1)}" if verb else "没有"  # "有没有发生…纠错" → 没有发生; "都没收到吗" → 没有收到
    answer.short_answer = f"{'有' if value else no}（{answer.short_answer}）"
    outcomes = _outcomes(cell, facts) if value and _ASKS_OUTCOME.search(question) else ""
    if outcomes:
        answer.short_answer += f"，{outcomes}"
        head, _, rest = answer.answer.partition("\n")
        answer.answer = f"{head}其中{outcomes}。\n{rest}"


# A share the asker wants worked out, not read: a division, a precision
_COMPUTE_ASKED = re.compile(r"算|除以|÷|保留|精确|四舍五入|小数")

# What people send that is not a disclosure request: its handling is told in the prose, never in table 三
_NOT_A_REQUEST = re.compile(r"意见|建议|留言|诉求|咨询|投诉|来信|来电|提案|问政|举报")


def _outcomes(cell: CellQuery, facts: list[Fact]) -> str:
    """"结果维持1件、尚未审结1件": the non-zero result columns of a table-四 row (each certain), or ""."""
    if cell.table != "四":
        return ""
    parts = []
    for col in T4_COLUMNS[:-1]:
        value, _ = lookup(CellQuery("四", cell.rows, col, col), facts)
        if value is None:
            return ""
        if value:
            parts.append(f"{col}{format_value(value, '四', col)}")
    return "、".join(parts)


def _cell_asked(kind: Kind, question: str, focus: str, templates: tuple[str, ...]) -> CellQuery | None:
    """The table cell a question asks for, if its kind may be answered by one. A text question that asks for a
    description (how, which channels) never is."""
    if not kind.cells or (kind.name == "text" and DESCRIBES.search(question)):
        return None
    question, focus = LEFT_OUT.sub("", question), LEFT_OUT.sub("", focus or "")
    # (a follow-up's own words decide its cell: its completed question ends with the earlier turn's)
    if (not focus or focus == question or question.endswith(focus)) and (tail := real_question(question)) != question:
        # "我们正在答复一封来信，来信人称…。请问…无法提供的申请有几件？": the context's words (来信) name no cell;
        # "报告里说不予公开5件，这个我核过了。无法提供那一类是多少件？": the real question's cell, not the context's
        own = parse_cell(tail, tail, templates)
        if own is not None:
            return own
    cell = parse_cell(question, focus, templates)
    if cell is None and (tail := real_question(question)) != question:
        cell = parse_cell(tail, focus if focus != question else tail, templates)
    return cell


def _no_figure(ctx: Context, kind: Kind, question: str, drop: set[str], other_unit: str, other_years: list[int],
               report_ids: list[str]) -> Answer:
    """The refusal of a figure no cell and no sentence states, saying what was looked for."""
    q = ctx.request.question
    if other_unit:
        return not_found(q, other_unit)
    if kind.figure:
        what = _measure_words(question, drop)
        if other_years:
            return not_found(q, f"所选报告是{ctx.reports[report_ids[0]].year}年的，其中没有写明"
                                f"{'、'.join(map(str, other_years))}年“{what}”的数字（表格只统计报告当年）。")
        return not_found(q, f"所选报告中没有写明“{what}”的数字。" if what
                         else "所选报告中没有找到能回答这个问题的内容。")
    return not_found(q, "所选报告中没有找到能回答这个问题的内容。")


def _of_years(ex: Extract, years: list[int]) -> bool:
    """Whether the sentence of a figure speaks of one of these years ("2024年…" before it in its sentence), or the
    part it stands in does ("（一）2024年工作中存在问题的改进情况")."""
    at = ex.passage.find(ex.clause)
    start = max(ex.passage.rfind("。", 0, at) + 1, 0) if at >= 0 else 0
    sentence = ex.passage[start: at + len(ex.clause)] if at >= 0 else ex.clause
    where = sentence + (ex.meta.get("section") or "")
    return any(f"{y}年" in where or f"{y} 年" in where for y in years)


def _around(ex: Extract) -> str:
    """A figure's clause with what comes just before it (the sentence before names the account it counts)."""
    at = ex.passage.find(ex.clause)
    return ex.passage[max(0, at - 150): at + len(ex.clause)] if at >= 0 else ex.clause


def _unit_of(cell: CellQuery, value) -> str:
    return re.sub(r"^-?[\d.]+", "", format_value(value, cell.table, cell.column))


def _cell_unit_agrees(question: str, focus: str, cell: CellQuery, value) -> bool:
    """Whether a cell's unit can answer what the question asks in: money ("多少万元") is never a count in 项, nor a
    count money (a count in 人 or 起 still asks the cells' 件)."""
    wanted = asked_unit(focus or question)
    unit = _unit_of(cell, value)
    if cell.table in ("三", "四") and wanted == "条" and "信息" in question and \
            not re.search(r"申请|案件|复议|诉讼", question):
        return False  # "不予公开信息条数" counts published items (the prose's 条), not requests (the table's 件)
    return not wanted or not unit or (wanted in _MONEY) == (unit in _MONEY)


_MONEY = frozenset({"元", "万元", "亿元"})


def _given_first(question: str, focus: str):
    """The plan a turn asks for: on the figures the whole question gives ("…总数510条，其中主动公开198条…按其所列两数
    核算，实占百分之几"), else the follow-up's own words' ("其中专项资金那一类占了百分之几？"), else the question's."""
    whole = plan(question)
    if whole is not None and "given" in whole.notes:
        return whole
    own = plan(focus) if focus and focus != question else None
    if own is None and focus and focus != question and _ALONE.search(focus):
        return None  # "那表三里单独“部分公开”那一行是几件": one cell, not the last turn's sum
    return own or whole


_ALONE = re.compile(r"单独|单看|只看|光看|仅看|单算|只算|单就")


def _in_unit_asked(short: str, question: str) -> bool:
    """Whether a stated figure ("2536条") is in the unit the question names (多少条)."""
    wanted = asked_unit(question)
    return bool(wanted) and re.sub(r"^[\d.,，]+", "", short) == wanted


def _chunk_of(clause: str, docs) -> str | None:
    return next((d.page_content for d in docs if clause and clause in d.page_content), None)


def _num(v) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


_COUNTED_THING = re.compile(r"(?:几|多少)个[^，。？?]{0,8}?(公众号|平台|栏目|账号|网站|客户端|小程序)")


_MONEY = {"元": 1.0, "万元": 1e4, "亿元": 1e8}
_MONEY_ASKED = re.compile(r"(?:多少|几)\s*(亿元|万元|元)|"
                          r"(?:折合|换算成|换成|合成?|以)\s*(?:多少)?\s*(亿元|万元|元|亿|万)|(亿元|万元|元)(?:为单位|计)")


def _to_money_unit_asked(answer: Answer, question: str) -> None:
    """"是多少元" of 4166.214619万元, "折合多少亿元" of 96171.6万元: the amount in the unit asked, the report's
    beside it."""
    m = _MONEY_ASKED.search(question)
    shown = re.match(r"(\d+(?:\.\d+)?)\s*(亿元|万元|元)$", answer.short_answer)
    if m is None or shown is None:
        return
    asked = next(g for g in m.groups() if g)
    asked = asked if asked.endswith("元") else f"{asked}元"
    if asked == shown.group(2):
        return
    value = float(shown.group(1)) * _MONEY[shown.group(2)] / _MONEY[asked]
    converted = f"{f'{value:.6f}'.rstrip('0').rstrip('.')}{asked}"
    answer.short_answer = f"{converted}（报告原数为{shown.group(0)}）"
    answer.answer = f"按{asked}换算：{shown.group(0)} = {converted}。\n{answer.answer}"


def _to_precision_asked(answer: Answer, digits: int | None) -> None:
    """"是多少万元？保留两位小数" of 4166.214619万元: the figure rounded as asked, the report's own beside it."""
    m = re.match(r"(\D{0,3}?)(\d+\.(\d+))([^\d（]*)(（报告原数为[^）]*）)?$", answer.short_answer)
    if digits is None or not m or len(m.group(3)) <= digits:
        return
    rounded = f"{float(m.group(2)):.{digits}f}"
    original = m.group(5) or f"（报告原数为{m.group(2)}{m.group(4)}）"
    answer.short_answer = f"{m.group(1)}{rounded}{m.group(4)}{original}"
    answer.answer = f"按要求保留{digits}位小数：{m.group(1)}{rounded}{m.group(4)}。\n{answer.answer}"


def _totals_as_printed_or_summed(totals: list[Fact], facts: list[Fact]) -> list[Fact]:
    """Table 三's 总计 cells, except where the report's row does not add up to its own 总计
    ("2000000": 自然人 2, 总计 0): there the applicant cells that are not zero say where the
    requests went, so those stand in for the row."""
    out: list[Fact] = []
    for f in totals:  # lookup() holds the rule for a row that does not add up; here only its non-zero cells
        _, used = lookup(CellQuery("三", [f.row], "总计", f.row), facts)
        out += [a for a in used if a.value] if UNBALANCED in f.source else [f]
    return out


def _fact_label(f: Fact) -> str:
    if f.table == "四" or (f.table == "三" and f.row == T3_NEW and f.column != "总计"):
        return f.column  # an applicant type's cell is named by its column
    group, _, item = f.row.partition("-")
    return f"{group}（{item}）" if item else group


_IN_PROSE = re.compile(r"正文|文中|文字部分|报告正文")
_IN_PROSE_WORDS = re.compile(r"(?:我们|咱们)?的?(?:年报|报告)?(?:正文|文中|文字部分)(?:里|中|上)?(?:写|说|提到)?的?")


def table_two_names(part_two: str, row: str) -> bool:
    """Whether the table in part 二's text (from its first 第二十条, not the prose before it) names the row."""
    table = part_two[part_two.find("第二十条"):] if "第二十条" in part_two else part_two
    return row.removeprefix("行政") in table


def _table_list(question: str, facts: list[Fact]) -> list[Fact]:
    """The cells a "哪…最多" question compares: a group's items ("不予公开的各项理由"), table 三's outcomes,
    or its applicant types."""
    group = next((g for g, words in T3_GROUPS.items() if re.search(words, question)), None)
    if group is not None:
        rows = [f for f in facts if f.table == "三" and f.column == "总计" and f.row.startswith(f"{group}-")]
    elif re.search(r"办理结果|处理结果|答复结果|哪种结果|什么结果|哪类结果|办理情况|怎么处理", question):
        rows = [f for f in facts if f.table == "三" and f.column == "总计" and f.row not in T3_NON_RESULT]
        if re.search(r"哪(种|类|一种|一类)(办理|处理|答复)?结果", question):
            rows = _result_groups(rows)  # "占比最高的是哪种处理结果": 无法提供 as a whole, not one of its reasons
    elif re.search(r"申请人|哪类主体|谁申请|哪一类.{0,4}申请|什么人.{0,4}申请", question):
        # "法人或其他组织提出的申请中，哪类申请人最多": only the five kinds of organisation
        among = T3_LEGAL_PERSONS if re.search(r"法人|其他组织|单位|组织", question) else None
        rows = [f for f in facts if f.table == "三" and f.row == T3_NEW and f.column not in ("总计",)
                and (among is None or f.column in among)]
    else:
        return []
    return rows if rows and all(f.value is not None for f in rows) else []


def _result_groups(rows: list[Fact]) -> list[Fact]:
    """Table 三's results as wholes: a group's reasons ("无法提供-本机关不掌握…") summed into one fact of the group
    (its source names every reason's line); None when one of them is uncertain."""
    out: dict[str, Fact] = {}
    for f in rows:
        group = f.row.partition("-")[0]
        have = out.get(group)
        if have is None:
            out[group] = replace(f, row=group)
        else:
            value = None if have.value is None or f.value is None else have.value + f.value
            out[group] = replace(have, value=value, source=f"{have.source}；{f.source}")
    return list(out.values())


def _measure_words(question: str, drop: set[str]) -> str:
    """What the question counts, for a refusal or `understood.target`: its words minus who, when and how."""
    text_ = _clean_label(question, drop).replace("政府信息公开申请", "申请")
    text_ = re.sub(r"(请问|麻烦|帮我|查一下|我想知道|想知道|(?<!申)请|你们|您|一共|总共|共|全年|今年|去年|当年|大概|"
                   r"到底|是|有(?![效关限序力利益])|的|了|吗|呢|"
                   r"(多少|几)(个|件|条|次|场|期|篇|项|名|人|元|万元)?|[？?。，,！!：:]|[（(]\s*[）)])", "", text_)
    return text_[:24]


_WHY_WORDS = re.compile(r"为什么|为何|什么原因|原因是?什么|原因|怎么解释|如何解释|怎么回事|(报告|年报)(里|中|上)?(是)?|"
                        r"(这么|那么|如此)(多|少|高|低|大)?|解释的?|说明的?|呢|[？?，,。]|^那")


def _clean_label(phrase: str, drop: set[str]) -> str:
    # The body's own words go, except inside a title (《中卫日报》 is a paper's name, not the body's).
    pieces = re.split(r"(《[^》]{1,40}》)", phrase)
    for d in sorted((d for d in drop if len(d) >= 2), key=len, reverse=True):
        pieces = [p if p.startswith("《") else p.replace(d, "") for p in pieces]
    label = "".join(pieces)
    label = re.sub(r"\d{4}\s*年度?|^[的在]|“|”", "", label).strip(" 的")
    return label or phrase

"""The answer chain (LCEL): understand → retrieve → answer. Facts first, then the extractive reader."""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field

from langchain_core.runnables import RunnableLambda

from assistant.models import Answer, Citation
from assistant.question.cells import CellQuery, format_value, lookup, parse_cell
from assistant.question.names import parse_body
from assistant.question.understand import Understanding, understand
from assistant.read import reader
from assistant.search.retriever import HybridRetriever
from ingest.models import Fact, Report
from ingest.text.tokenize import tokens

MIN_COVERAGE = 0.6
_PREDICTION = re.compile(r"预计|预测|估计|会不会|将会有|明年会|你觉得|你认为|怎么看|如何评价|好不好")
_ACROSS = [
    ("diff", re.compile(r"比.{0,20}(多|少|增加|减少|增长|下降|差)|相差|差值|变化了?多少")),
    ("max", re.compile(r"(哪|谁).{0,30}?(最多|最大|最高|更多|更大|更高)|(最多|最大|最高)的是")),
    ("min", re.compile(r"(哪|谁).{0,30}?(最少|最小|最低|更少|更小|更低)|(最少|最小|最低)的是")),
    ("sum", re.compile(r"合计|加起来|总共|一共|共计")),
]
# Totals that reports state in prose too; when the prose says something else, we quote the prose
# and say the table differs (real reports contradict themselves).
_PROSE_TOTALS = {"本年新收政府信息公开申请数量", "总计", "结转下年度继续办理", "行政复议"}


@dataclass
class Request:
    question: str
    report: Report | None = None
    history: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Context:
    request: Request
    u: Understanding
    reports: dict[str, Report]
    facts: dict[str, list[Fact]]
    docs: list | None = None  # retrieved for the question as understood (single-answer path)


def _drop_terms(reports: list[Report]) -> set[str]:
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
    return drop


class AnswerChain:
    def __init__(self, retriever: HybridRetriever, today: dt.date | None = None):
        self.retriever = retriever
        self.today = today
        self.runnable = (
            RunnableLambda(self._understand) | RunnableLambda(self._retrieve) | RunnableLambda(self._answer)
        ).with_config(run_name="gongkai-answer")

    def invoke(self, request: Request) -> Answer:
        t0 = time.perf_counter()
        answer = self.runnable.invoke(request)
        answer.latency_ms = (time.perf_counter() - t0) * 1000
        return answer

    # -- steps ------------------------------------------------------------------------
    def _understand(self, request: Request) -> Context:
        snap = self.retriever.corpus.snapshot()
        reports = list(snap.reports.values())
        u = understand(request.question, reports, request.report, request.history, self.today)
        return Context(request, u, snap.reports, snap.facts)

    def _retrieve(self, ctx: Context) -> Context:
        u = ctx.u
        if u.report_ids and not (u.refusal or u.ambiguous) and self._across_op(u) is None:
            ctx.docs = self.retriever.search(u.effective, u.report_ids, k=8)
        return ctx

    def _mentions_year(self, report_id: str, years: list[int]) -> bool:
        """A 2025 report speaks of 2024's problems and 2026's plans; 2030 is another report's business."""
        docs = self.retriever.report_documents([report_id])
        return any(f"{y}年" in d.page_content for d in docs for y in years)

    def _across_op(self, u: Understanding) -> str | None:
        op = next((name for name, pat in _ACROSS if pat.search(u.effective)), None)
        if not op or len(u.report_ids) < 2:
            return None
        if len(u.years) >= 2 or u.joined or (op in ("max", "min") and (u.named_body or u.named_year)):
            return op
        return None

    def _answer(self, ctx: Context) -> Answer:
        u = ctx.u
        q = ctx.request.question
        if not ctx.reports:
            return _not_found(q, "索引中还没有任何报告，请先导入报告。")
        if not re.search(r"[\u4e00-\u9fff]", re.sub(r"<[^>]*>", "", q)):
            return _not_found(q, "没有看懂这个问题。请用中文提出与政府信息公开工作年度报告有关的问题，"
                                 "例如“2024年共收到多少件政府信息公开申请？”")
        if u.refusal:
            return _not_found(q, u.refusal)
        if _PREDICTION.search(q):
            return _not_found(q, "年度报告只记载当年已经发生的情况，不能据此预测或评价。")
        if u.other_years and not self._mentions_year(u.report_ids[0], u.other_years):
            r = ctx.reports[u.report_ids[0]]
            return _not_found(q, f"您选择的是{r.body}{r.year}年的报告，问题问的是{'、'.join(map(str, u.other_years))}年，"
                                 "所选报告中没有这一年的内容。")
        op = self._across_op(u)
        if op:
            return self._across(ctx, op)
        if u.ambiguous:
            names = "；".join(f"{r.body}{r.year or ''}年（{r.file}）" for r in u.ambiguous[:8])
            return _not_found(q, f"这个问题可能涉及多份报告：{names}。请在问题中写明单位和年份，或先选择一份报告。",
                              candidates=[r.report_id for r in u.ambiguous])
        return self._answer_in(ctx, u.effective, u.focus, u.report_ids, ctx.docs)

    def _answer_in(self, ctx: Context, question: str, focus: str, report_ids: list[str],
                   docs: list | None = None) -> Answer:
        reports = [ctx.reports[r] for r in report_ids]
        drop = _drop_terms(reports)
        from ingest.text.tokenize import place_names

        for place in place_names(question):  # 江苏省 of 江苏省淮安市洪泽区 is not what is asked
            drop.add(place)
            drop.update(tokens(place))
        kind = reader.question_kind(question)
        facts = [f for r in report_ids for f in ctx.facts.get(r, [])]
        cell = parse_cell(question, focus) if kind in ("number", "text", "yesno") else None
        if kind == "date" and len(report_ids) == 1:
            docs_all = self.retriever.report_documents(report_ids)
            found = reader.read_publish_date(ctx.reports[report_ids[0]], docs_all)
            if found is not None:
                return _from_prose(ctx, found)
        if docs is None:
            docs = self.retriever.search(question, report_ids, k=8)
        candidates = list(dict.fromkeys(d.metadata["report_id"] for d in docs))
        if len(report_ids) == 1 or (kind not in ("number", "text", "percent") and len(report_ids) <= 3):
            # One report is small: read all of it (the retrieved passages first), so a figure is never
            # missed because retrieval ranked its passage ninth.
            docs = self.retriever.report_documents(report_ids, docs)
        fact_answer = None
        blank_cell = False
        if cell is not None and len(report_ids) == 1:
            value, used = lookup(cell, facts)
            if value is not None:
                fact_answer = _from_facts(ctx, cell, value, used)
            blank_cell = value is None and any(f.table == cell.table and f.row in cell.rows for f in facts)
        history_part = ctx.u.effective if focus != question else ""
        if kind in ("number", "percent"):
            # Raw table lines are read through the facts (with the template's sums), never by guessing
            # which number on a flattened row is meant.
            docs = [d for d in docs if d.metadata["kind"] == "prose"]
        prose = self._read(kind, question, focus, docs, drop, history_part)
        prose_ok = prose is not None and (kind not in ("number", "text", "percent", "yesno")
                                          or prose.coverage >= MIN_COVERAGE)
        if fact_answer is not None:
            # Reports state some totals in prose too; when a prose clause says it plainly, quote the prose.
            stated = None
            if cell.rows[0] in _PROSE_TOTALS and cell.column == "总计" and len(cell.rows) == 1:
                stated = reader.read_number(question, focus, [d for d in docs if d.metadata["kind"] == "prose"],
                                            drop, history_part, self._idf())
            if stated is not None and stated.coverage >= 0.85 and not stated.short[-1:].isdigit():
                answer = _from_prose(ctx, stated)
                prose = stated
                if prose.number is not None and float(prose.number) != float(value):
                    answer.answer += f"\n注意：报告表格中的“{cell.label}”为{format_value(value, cell.table, cell.column)}，与正文不一致，以上引用的是正文。"
                    answer.citations += fact_answer.citations
                answer.candidates = candidates
                return answer
            fact_answer.candidates = candidates
            return fact_answer
        if blank_cell and prose is not None and kind == "number" and prose.coverage < 0.85:
            # The table has this cell but it could not be read with certainty: no nearby number instead.
            return _not_found(ctx.request.question, f"报告表格中“{cell.label}”一格无法可靠读取（空白或排版错乱），"
                              "为避免给出错误数字，暂不作答。", candidates=candidates)
        if prose_ok:
            answer = _from_prose(ctx, prose)
            answer.candidates = candidates
            return answer
        return _not_found(ctx.request.question, "所选报告中没有找到能回答这个问题的内容。", candidates=candidates)

    def _read(self, kind: str, question: str, focus: str, docs, drop: set[str], history_part: str = ""):
        if kind in ("phone", "fax", "email", "postcode", "address", "website"):
            return reader.read_contact(kind, docs)
        if kind == "measures":
            return reader.read_measures(docs)
        if kind == "period":
            return reader.read_period(docs)
        if kind == "fee":
            return reader.read_fee(docs)
        if kind == "problems":
            return reader.read_problems(docs)
        if kind in ("number", "percent"):
            return reader.read_number(question, focus, docs, drop, history_part, self._idf(), kind == "percent")
        if kind == "yesno":
            return reader.read_yes_no(question, focus, docs, drop, self._idf())
        return reader.read_text(question, focus, docs, drop, self._idf())

    def _idf(self):
        return self.retriever.corpus.snapshot().idf

    def _across(self, ctx: Context, op: str) -> Answer:
        """Differences, sums and "which is largest" across reports: answer each report alone from
        its own figures, then combine, showing every figure used and its source."""
        u = ctx.u
        base = re.sub(r"(20\d{2})\s*(年度?|、|，|和|与|及|至|到|—|-)\s*([两三四五六七八九十]个?年)?", "", u.effective)
        for rid in u.report_ids:  # each part is asked of one report: body names only add noise
            for unit in parse_body(ctx.reports[rid].body).places:
                for spelling in sorted(unit, key=len, reverse=True):
                    base = base.replace(spelling, "")
        base = re.sub(r"哪一?年|哪个单位|哪家单位|哪家|最多|最少|最大|最小|最高|最低|合计|加起来|总共|一共|分别"
                      r"|比(?=\s*(?:[的在]|$))|^\s*(和|与|及|、)|(增长|增加|下降|减少)?了?百分之多少|百分比|增长率|增幅"
                      r"|谁|哪个单位|哪家|更多|更少", "", base)
        # "比2023年多收到多少件" → "收到多少件": drop the 多/少 of the comparison, keep 多少.
        base = re.sub(r"(?<![多至])[多少](?:了)?(?=[^多少]{0,8}多少)", "", base)
        base = re.sub(r"比\s*(?=[，,。？?]|$)", "", base)
        order = {y: i for i, y in enumerate(u.years)}
        rids = sorted(u.report_ids, key=lambda r: (order.get(ctx.reports[r].year, 99), ctx.reports[r].body))
        parts: list[tuple[Report, Answer, float]] = []
        for rid in rids:
            a = self._answer_in(ctx, base, "", [rid])
            value = _first_number(a.short_answer) if a.found else None
            if value is None:
                r = ctx.reports[rid]
                return _not_found(ctx.request.question, f"{r.body}{r.year}年的报告中没有找到所需数字，无法计算。")
            parts.append((ctx.reports[rid], a, value))
        unit = re.sub(r"^[\d.]+", "", parts[0][1].short_answer)
        rate = bool(re.search(r"百分之|百分比|%|％|增长率|增幅|降幅", u.effective))
        listing = "；".join(f"{r.body}{r.year}年：{a.short_answer}" for r, a, _ in parts)
        cites = [c for _, a, _ in parts for c in a.citations]
        operands = [{"role": "operand", "value": v, "text": " ".join(s.get("text", "") for s in a.support)
                     or " ".join(c.text for c in a.citations), "certain": all(s.get("certain", True) for s in a.support)}
                    for _, a, v in parts]
        if op == "diff":
            if len(parts) != 2:
                return _not_found(ctx.request.question, "比较需要恰好两份报告，请写明两个年份或两个单位。")
            (r1, a1, v1), (r2, a2, v2) = parts
            who1 = f"{r1.year}年" if r1.body == r2.body else f"{r1.body}"
            who2 = f"{r2.year}年" if r1.body == r2.body else f"{r2.body}"
            text = f"{listing}。{who1}比{who2}{'多' if v1 >= v2 else '少'}{_fmt(abs(v1 - v2), unit)}。"
            # "A比B少多少" asks for B - A; "A比B多多少" for A - B.
            asks_less = re.search(r"比[^多少]{0,12}(少|减少|下降)", u.effective)
            short = _fmt(v2 - v1 if asks_less else v1 - v2, unit)
            if rate and v2:
                change = (v1 - v2) / v2 * 100 * (-1 if asks_less else 1)
                short = f"{change:.2f}%"
                text += f"变化幅度为（{_fmt(v1, '')}-{_fmt(v2, '')}）÷{_fmt(v2, '')}≈{short}。"
            return Answer(ctx.request.question, text, short, True, cites, support=operands)
        if op == "sum":
            short = _fmt(sum(v for *_, v in parts), unit)
            return Answer(ctx.request.question, f"{listing}。合计{short}。", short, True, cites, support=operands)
        pick = max if op == "max" else min
        r, a, v = pick(parts, key=lambda p: p[2])
        word = "最多" if op == "max" else "最少"
        return Answer(ctx.request.question, f"{listing}。{word}的是{r.body}{r.year}年，{a.short_answer}。",
                      f"{r.body}{r.year}年（{a.short_answer}）", True, cites)


def _fmt(value: float, unit: str) -> str:
    return f"{int(value) if float(value).is_integer() else round(value, 4)}{unit}"


def _first_number(s: str) -> float | None:
    m = re.search(r"-?\d+(?:\.\d+)?", s)
    return float(m.group()) if m else None


def _report_name(r: Report) -> str:
    return f"《{r.title}》" if r.title else f"{r.body}{r.year}年报告"


def _from_facts(ctx: Context, cell: CellQuery, value, used: list[Fact]) -> Answer:
    r = ctx.reports[used[0].report_id]
    short = format_value(value, cell.table, cell.column)
    section = {"二": "二、主动公开政府信息情况", "三": "三、收到和处理政府信息公开申请情况",
               "四": "四、政府信息公开行政复议、行政诉讼情况"}[cell.table]
    rows = "；".join(dict.fromkeys(f.source for f in used))
    text = f"根据{_report_name(r)}表格（{section}），“{cell.label}”为{short}。"
    if len(used) > 1:
        text += "（" + " + ".join(f"{f.row.split('-')[-1]}·{f.column}{format_value(f.value, cell.table, f.column)}"
                                 for f in used) + "）"
    scan = "（该段文字由扫描件识别得到）" if any(f.ocr for f in used) else ""
    cites = [Citation(r.report_id, r.file, r.body, r.year, section, f.source, f.page, f.ocr) for f in used]
    support = [{"role": "cell", "value": f.value, "certain": f.value is not None, "text": f.source,
                "table": f.table, "row": f.row, "column": f.column} for f in used]
    return Answer(ctx.request.question, f"{text}\n出处：{rows}{scan}", short, True, cites, support=support)


def _from_prose(ctx: Context, ex: reader.Extract) -> Answer:
    r = ctx.reports[ex.meta["report_id"]]
    section = ex.meta.get("section", "")
    scan = "（该段文字由扫描件识别得到）" if ex.meta.get("ocr") else ""
    text = f"根据{_report_name(r)}（{section}）：{ex.short}。\n原文：“{ex.clause}”{scan}"
    cite = Citation(r.report_id, r.file, r.body, r.year, section, ex.passage, ex.meta.get("page"),
                    bool(ex.meta.get("ocr")))
    support = [{"role": "mention", "value": ex.number, "text": ex.clause}] if ex.number is not None else []
    return Answer(ctx.request.question, text, ex.short, True, [cite], support=support)


def _not_found(question: str, why: str, candidates: list[str] | None = None) -> Answer:
    return Answer(question, f"抱歉，{why}", "", False, [], candidates=candidates or [], note=why)

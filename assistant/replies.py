"""Turn what a reader found into the Answer people see: the sentence, the short answer, the citations
and what supports the figure. Also the shared context of one question as it moves through the chain."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.models import Answer, Citation
from assistant.question.cells import CellQuery, format_value
from assistant.question.understand import Understanding
from assistant.read.common import Extract
from assistant.read.compose import Composite, Operand
from ingest.facts.template import SECTION_TITLES
from ingest.models import Fact, Report


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
    province: object | None = None  # assistant/province.py's plan, when the question asks over a whole place


def report_name(r: Report) -> str:
    return f"《{r.title}》" if r.title else f"{r.body}{r.year}年报告"


def _scan(ocr: bool) -> str:
    return "（该段文字由扫描件识别得到）" if ocr else ""


def cell_support(used: list[Fact]) -> list[dict]:
    return [{"role": "cell", "value": f.value, "certain": f.value is not None, "text": f.source,
             "table": f.table, "row": f.row, "column": f.column} for f in used]


def cell_citations(r: Report, used: list[Fact]) -> list[Citation]:
    out: list[Citation] = []
    for f in used:
        c = Citation(r.report_id, r.file, r.body, r.year, SECTION_TITLES[f.table], f.source, f.page, f.ocr)
        if c not in out:
            out.append(c)
    return out


def from_facts(ctx: Context, cell: CellQuery, value, used: list[Fact]) -> Answer:
    r = ctx.reports[used[0].report_id]
    short = format_value(value, cell.table, cell.column)
    section = SECTION_TITLES[cell.table]
    rows = "；".join(dict.fromkeys(f.source for f in used))
    text = f"根据{report_name(r)}表格（{section}），“{cell.label}”为{short}。"
    if len(used) > 1:
        text += "（" + " + ".join(f"{f.row.split('-')[-1]}·{f.column}{format_value(f.value, cell.table, f.column)}"
                                 for f in used) + "）"
    return Answer(ctx.request.question, f"{text}\n出处：{rows}{_scan(any(f.ocr for f in used))}", short, True,
                  cell_citations(r, used), support=cell_support(used))


def citation_of(r: Report, meta: dict, passage: str) -> Citation:
    return Citation(r.report_id, r.file, r.body, r.year, meta.get("section", ""), passage, meta.get("page"),
                    bool(meta.get("ocr")))


def from_prose(ctx: Context, ex: Extract) -> Answer:
    r = ctx.reports[ex.meta["report_id"]]
    section = ex.meta.get("section", "")
    short = ex.short.rstrip("，,、 ")  # (a sentence cut at its limit ends on a comma)
    stop = "" if short.endswith(("。", "！", "？", "；", "…")) else "。"  # a sentence keeps its own full stop
    text = f"根据{report_name(r)}（{section}）：{short}{stop}\n原文：“{ex.clause}”{_scan(bool(ex.meta.get('ocr')))}"
    support = ex.support or ([{"role": "mention", "value": ex.number, "text": ex.clause}] if ex.number is not None
                             else [])
    return Answer(ctx.request.question, text, ex.short, True, [citation_of(r, ex.meta, ex.passage)], support=support)


def from_composite(ctx: Context, report: Report, comp: Composite, lead: str = "") -> Answer:
    """A computed answer: the working with every operand, each operand cited."""
    cites: list[Citation] = []
    for op in comp.operands:
        c = citation_of(ctx.reports[op.meta.get("report_id", report.report_id)], op.meta, op.source)
        if all(c.text != x.text for x in cites):
            cites.append(c)
    support = [{**leaf.support, "role": "operand"} | ({"certain": True} if leaf.support.get("role") == "cell" else {})
               for op in comp.operands for leaf in (op.parts or [op])]  # a joined operand is backed by its parts
    sources = "；".join(dict.fromkeys(op.source for op in comp.operands))
    text = f"根据{report_name(report)}：{lead}{comp.working}。\n出处：{sources}"
    return Answer(ctx.request.question, text, comp.short, True, cites, support=support)


def operand_from_cell(r: Report, cell: CellQuery, value, used: list[Fact]) -> Operand:
    shown = format_value(value, cell.table, cell.column)
    meta = {"report_id": r.report_id, "section": SECTION_TITLES[cell.table], "page": used[0].page,
            "ocr": any(f.ocr for f in used)}
    source = "；".join(dict.fromkeys(f.source for f in used))
    return Operand(float(value), cell.label, shown, source, meta,
                   {"role": "cell", "value": value, "certain": True, "text": source, "table": cell.table,
                    "row": "+".join(cell.rows), "column": cell.column})


def operand_from_extract(ex: Extract, label: str) -> Operand:
    return Operand(float(ex.number), label, ex.short, ex.clause, ex.meta,
                   {"role": "mention", "value": ex.number, "text": ex.clause})


def not_found(question: str, why: str, candidates: list[str] | None = None) -> Answer:
    return Answer(question, f"抱歉，{why}", "", False, [], candidates=candidates or [], note=why)

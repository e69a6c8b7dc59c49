"""The answer chain (LCEL): understand → retrieve → answer. Facts first, then the extractive readers.

Refusals come first (nothing indexed, a body, year or place the index doesn't hold, a prediction), then
questions across reports, then one report's answer (assistant/single.py). Every answer carries what the
question was understood as (`understood`).
"""

from __future__ import annotations

import datetime as dt
import re
import time

from langchain_core.runnables import Runnable

from assistant.across import AcrossReports, across_op
from assistant.models import Answer
from assistant.province import answer_province, plan_province
from assistant.question.chatter import without_chatter
from assistant.question.hearsay import without_hearsay, without_recollection, without_relay
from assistant.question.kinds import CONTACT_KINDS, kind_of
from assistant.question.numerals import figures_in_digits
from assistant.question.plan import sub_questions
from assistant.question.script import english_read, half_width, to_simplified
from assistant.question.understand import understand
from assistant.question.years import written_years
from assistant.read import source
from assistant.read.layout import templates_named
from assistant.replies import Context, Request, citation_of, not_found, report_name
from assistant.scoring import SCORING, Scoring
from assistant.search.retriever import HybridRetriever
from assistant.single import SingleReader
from ingest.models import Report

__all__ = ["AnswerChain", "Request"]

_PREDICTION = re.compile(r"预计|预测|估计|会不会|将会有|明年会|你觉得|你认为|怎么看|如何评价|好不好|"
                         r"你说[^，,。？?]{0,6}是不是|"
                         r"是不是(?:故意|在隐瞒|有意)|隐瞒|故意(?:拖|不)")  # (motives: no report states them)
_NO_CHINESE = ("没有看懂这个问题。请用中文提出与政府信息公开工作年度报告有关的问题，"
               "例如“2024年共收到多少件政府信息公开申请？”")


class Step(Runnable):
    """One step of the chain. A plain Runnable, not a RunnableLambda: that one inspects the function's
    signature on every call (about 1.5 ms a question for three steps on this machine)."""

    def __init__(self, fn, name: str):
        self.fn = fn
        self.name = name

    def invoke(self, input, config=None, **kwargs):  # noqa: A002, ARG002 - Runnable's signature
        return self.fn(input)


def _in_simplified(request: Request) -> tuple[Request, str]:
    """The request as the reports write it (traditional characters simplified, English words read as theirs), and
    the note that says how it was read ("" when it was read as typed)."""
    typed = half_width(request.question)
    simple = to_simplified(typed)
    question, english = english_read(simple)
    # (not noted: nothing the asker typed is read otherwise)
    question = without_recollection(written_years(without_chatter(question)))
    question = figures_in_digits(without_hearsay(without_relay(question)))
    history = [(english_read(to_simplified(half_width(q)))[0], a) for q, a in request.history]
    if question == request.question and history == list(request.history):
        return request, ""
    read = "、".join(dict.fromkeys(f"“{old}”按“{new}”" for old, new in english))
    note = "；".join(x for x in ("按简体字" if simple != typed else "", read) if x)
    return Request(question, request.report, history), f"（{note}理解）" if note else ""


class AnswerChain:
    def __init__(self, retriever: HybridRetriever, today: dt.date | None = None, scoring: Scoring = SCORING):
        self.retriever = retriever
        self.today = today
        self.scoring = scoring
        self.single = SingleReader(retriever, scoring)
        self.across = AcrossReports(self.single, scoring)
        self.runnable = (
            Step(self._understand, "understand") | Step(self._retrieve, "retrieve") | Step(self._answer, "answer")
        ).with_config(run_name="gongkai-answer")

    def warm_up(self) -> None:
        """Ask one question that goes through every lazily loaded part (jieba and its place tagger, pinyin,
        Chinese numerals), so the first real question does not pay for loading them."""
        import cn2an  # noqa: F401 - loaded now rather than inside a first answer

        self.invoke(Request("平谭2024年一共收到几件申请，予以公开的占百分之几？三个部分"))

    def invoke(self, request: Request) -> Answer:
        t0 = time.perf_counter()
        asked, read_as = _in_simplified(request)
        parts = sub_questions(asked.question)
        answer = self.runnable.invoke(asked) if len(parts) == 1 else self._several(asked, parts)
        if asked is not request:  # the reader sees what it read the question as; the answer keeps it as asked
            answer.question = request.question
            answer.answer = read_as + answer.answer
        answer.latency_ms = (time.perf_counter() - t0) * 1000
        return answer

    def _several(self, request: Request, parts: list[str]) -> Answer:
        """Each question of the turn answered in order, each later one with the earlier as its history
        ("…网络提交的有多少件？邮寄的又有多少件？"); one answer that says each."""
        history = list(request.history)
        answers = []
        for part in parts:
            a = self.runnable.invoke(Request(part, request.report, history))
            answers.append(a)
            history = history + [(part, a.short_answer or a.answer)]
        text = "\n".join(f"{i}. {a.answer}" for i, a in enumerate(answers, 1))
        # The short answer leads with what the questions ask for; a yes/no check ("都是企业申请的吗？") comes last.
        order = sorted(range(len(parts)), key=lambda i: bool(re.search(r"[吗么嘛][？?]?$", parts[i])))
        short = "；".join(answers[i].short_answer for i in order if answers[i].short_answer)
        # "…为什么要用外省的？到底转发的是哪个文件？": an unanswered why (reports seldom say why) does not decide
        # what the turn is about
        asked = [i for i in range(len(parts)) if answers[i].found or kind_of(parts[i]).name != "why"] or [0]
        first = answers[asked[0]]
        # found when the first question asked is answered (what the turn is about; a later part may only go on
        # from it, "…电话是多少？报告上有写吗"), a check before it aside ("这41.5%对吗？按510条算，198条占百分之几？"
        # is answered by the figure): the text says which part the reports do not answer
        return Answer(request.question, text, short, first.found or answers[order[0]].found,
                      [c for a in answers for c in a.citations], candidates=first.candidates,
                      support=[s for a in answers for s in a.support], understood=first.understood)

    # -- steps ------------------------------------------------------------------------
    def _understand(self, request: Request) -> Context:
        snap = self.retriever.corpus.snapshot()
        reports = list(snap.reports.values())
        u = understand(request.question, reports, request.report, request.history, self.today, self._mentions_words)
        _latest_for_contacts(u)
        return Context(request, u, snap.reports, snap.facts)

    def _retrieve(self, ctx: Context) -> Context:
        u = ctx.u
        ctx.province = plan_province(u, ctx) if ctx.reports and not u.refusal else None
        if ctx.province is None and u.report_ids and not (u.refusal or u.ambiguous) and across_op(u) is None:
            ctx.docs = self.retriever.search(u.effective, u.report_ids, k=self.scoring.retrieve_k)
        return ctx

    def _answer(self, ctx: Context) -> Answer:
        answer = self._answer_for(ctx)
        answer.understood = ctx.u.to_dict(ctx.reports)
        if ctx.u.corrected and answer.found:
            read = "、".join(f"“{new}”" for _, new in ctx.u.corrected)
            answer.answer = f"（按{read}理解）{answer.answer}"
        if ctx.u.retargeted and answer.found:
            answer.answer = f"{ctx.u.retargeted}\n{answer.answer}"
        return answer

    def _answer_for(self, ctx: Context) -> Answer:
        u = ctx.u
        q = ctx.request.question
        if not ctx.reports:
            return not_found(q, "索引中还没有任何报告，请先导入报告。")
        if not re.search(r"[\u4e00-\u9fff]", re.sub(r"<[^>]*>", "", q)):
            return not_found(q, _NO_CHINESE)
        quote = source.quoted_source(q)
        if quote:
            return self._source_of(ctx, quote)
        if u.refusal:
            return not_found(q, _understood_prefix(u) + u.refusal)
        if _PREDICTION.search(q):
            return not_found(q, "年度报告只记载当年已经发生的情况，不能据此预测、评价或判断动机。")
        if u.other_years and not self._speaks_of_year(ctx.reports[u.report_ids[0]], u.other_years, q):
            r = ctx.reports[u.report_ids[0]]
            held = sorted({x.year for x in ctx.reports.values() if x.body == r.body and x.year})
            return not_found(q, _understood_prefix(u) +
                             f"您选择的是{r.body}{r.year}年的报告，问题问的是{'、'.join(map(str, u.other_years))}年，"
                             f"所选报告中没有这一年的内容；报告库中{r.body}已有{'、'.join(map(str, held))}年的报告。")
        if ctx.province is not None:  # a whole place's bodies or years, from the facts
            return answer_province(ctx, ctx.province)
        if (u.ambiguous or len(u.report_ids) > 1) and kind_of(u.effective).name == "layout":
            # the template's layout is the same in every report of it: one of the template asked answers (the
            # reader adds the other template's when the question compares them)
            named = templates_named(u.effective)
            among = u.ambiguous or [ctx.reports[r] for r in u.report_ids]
            pick = next((r for r in among if r.template in named[:1]), among[0])
            return self.single.answer(ctx, u.effective, u.focus, [pick.report_id], ctx.docs)
        op = across_op(u)
        if op:
            return self.across.answer(ctx, op)
        if u.ambiguous:
            names = "；".join(f"{r.body}{r.year or ''}年（{r.file}）" for r in u.ambiguous[:8])
            return not_found(q, f"这个问题可能涉及多份报告：{names}。请在问题中写明单位和年份，或先选择一份报告。",
                             candidates=[r.report_id for r in u.ambiguous])
        answer = self.single.answer(ctx, u.effective, u.focus, u.report_ids, ctx.docs)
        if not answer.found and (u.carried or u.corrected):
            answer.answer = f"抱歉，{_understood_prefix(u)}{answer.note}"
        return answer

    def _source_of(self, ctx: Context, quote: str) -> Answer:
        """The reports whose text holds the quoted words (retrieval proposes, the text decides)."""
        q = ctx.request.question
        ctx.u.target = "引文出处"
        scope = ctx.u.report_ids if ctx.request.report else None
        docs = [d for d in self.retriever.search(quote, scope, k=40) if source.holds(d.page_content, quote)]
        found = list(dict.fromkeys(d.metadata["report_id"] for d in docs))
        if not found:
            return not_found(q, f"报告库中没有找到“{quote[:40]}”这句话。")
        names = "；".join(report_name(ctx.reports[r]) for r in found)
        cites = [citation_of(ctx.reports[d.metadata["report_id"]], d.metadata, d.page_content)
                 for d in docs if d.metadata["report_id"] in found[:3]][:3]
        text = f"“{quote}”出自{names}。" if len(found) == 1 else f"“{quote}”见于{len(found)}份报告：{names}。"
        return Answer(q, text, f"出自{names}", True, cites)

    def _mentions_words(self, report_id: str, words: list[str]) -> bool:
        return any(w in d.page_content for d in self.retriever.report_documents([report_id]) for w in words)

    def _speaks_of_year(self, report: Report, years: list[int], question: str) -> bool:
        """A 2025 report speaks of 2024's problems and 2026's plans; 2030 is another report's business. A later
        year's figures ("那2024年呢？" on the 2023 report) are never in it: only its plans are."""
        if report.year and all(y > report.year for y in years) and not _ASKS_PLANS.search(question):
            return False
        docs = self.retriever.report_documents([report.report_id])
        return any(f"{y}年" in d.page_content for d in docs for y in years)


_ASKS_PLANS = re.compile(r"计划|打算|安排|将(要|会)?|准备|下一步|改进|措施|目标")


def _understood_prefix(u) -> str:
    """What a refusal understood, so a wrong reason is visible: the corrections and what a follow-up carried."""
    parts = [f"“{old}”按“{new}”理解" for old, new in u.corrected]
    parts += [f"沿用了{c}" for c in u.carried]
    return f"（{'；'.join(parts)}）" if parts else ""


def _latest_for_contacts(u) -> None:
    """"平潭财政金融局办公室电话是多少？" names no year: a phone, fax, address or site is the latest report's (a
    contact is asked to be used now), not a question to ask back which year."""
    bodies = {r.body for r in u.ambiguous}
    if len(bodies) != 1 or kind_of(u.effective, u.focus).name not in CONTACT_KINDS:
        return
    latest = max(u.ambiguous, key=lambda r: r.year or 0)
    u.report_ids, u.ambiguous = [latest.report_id], []
    u.carried.append(f"年份：{latest.year}（未写明年份，联系方式按最新的报告）")


"""A staff draft reply (答复) to a citizen's question, with the figures and the passages listed."""

from __future__ import annotations

import datetime as dt
import re

from assistant.models import Answer, Draft
from ingest.models import Check, Report

# A sentence that asks something: a question mark, or a question word (a letter often ends questions with 。).
_ASKS = re.compile(r"[？?]|多少|几[件条个项次]|哪些|什么|是否|有没有|怎么|如何|吗")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_NUMERALS = "一二三四五六七八九十"


def split_questions(letter: str) -> list[str]:
    """The questions of a citizen's letter, in order: its sentences that ask something. A letter with one
    question (or none recognised) is one question, the whole letter."""
    parts = [m.group(0).strip() for m in _SENTENCE.finditer(letter or "")]
    asks = [p for p in parts if p and _ASKS.search(p)]
    if len(asks) <= 1:
        return [letter]
    # A sentence before the first question (您好，我想了解平潭…) gives the questions their context.
    lead = "".join(p for p in parts[: parts.index(asks[0])] if not _ASKS.search(p))
    return [(lead + q) if lead and i == 0 else q for i, q in enumerate(asks)]


def audit_flags(answer: Answer, checks: dict[str, list[Check]]) -> list[str]:
    """Warnings for the staff: a figure read from a table row whose report's audit found a sum that does not
    hold there ("表三该行合计关系不一致，请核对原文")."""
    out: list[str] = []
    cites = {c.text: c.report_id for c in answer.citations}
    for s in answer.support or []:
        table, row, column = s.get("table"), s.get("row") or "", s.get("column") or ""
        if s.get("role") != "cell" or not table:
            continue
        rid = cites.get(s.get("text") or "") or (answer.citations[0].report_id if answer.citations else "")
        item = row.split("-")[-1][:4]
        for c in checks.get(rid, []):
            where = c.rule + c.detail
            if not c.ok and f"表{table}" in where and ((column and column in c.detail) or (item and item in where)):
                cell = f"{row.replace('-', ' · ')} / {column}"
                flag = f"表{table}“{cell}”所在的合计关系不一致（{c.detail}），请核对原文。"
                if flag not in out:
                    out.append(flag)
    return out


def make_letter_draft(answers: list[Answer], reports: dict[str, Report],
                      checks: dict[str, list[Check]] | None = None, today: dt.date | None = None) -> Draft:
    """The reply to a letter: one question answered as make_draft does; several answered one by one
    (一、二、…), each with its figures; audit warnings for staff listed at the end."""
    checks = checks or {}
    flags = [f for a in answers for f in audit_flags(a, checks)]
    if len(answers) == 1:
        draft = make_draft(answers[0], reports, today)
        return _flagged(draft, flags)
    today = today or dt.date.today()
    lines = ["您好：", "", f"您来信提出的{len(answers)}个问题已收悉。现逐项答复如下："]
    citations = []
    for i, a in enumerate(answers):
        lines += ["", f"{_NUMERALS[i] if i < len(_NUMERALS) else i + 1}、关于“{a.question}”"]
        lines += _body(a, reports)
        citations += [c for c in a.citations if c not in citations]
    lines += ["", "感谢您对政府信息公开工作的关注。", "", f"{today.year}年{today.month}月{today.day}日"]
    lines += _sources(citations)
    return _flagged(Draft("\n".join(lines), citations), flags)


def _flagged(draft: Draft, flags: list[str]) -> Draft:
    if not flags:
        return draft
    note = ["", "【请工作人员核对（发出前删除本段）】", *(f"- {f}" for f in flags)]
    return Draft(draft.draft + "\n" + "\n".join(note), draft.citations, flags)


def _titles(answer: Answer, reports: dict[str, Report]) -> list[str]:
    """The cited reports' titles, once each, in citation order."""
    names: list[str] = []
    for c in answer.citations:
        r = reports.get(c.report_id)
        title = f"《{r.title}》" if r and r.title else f"{c.body}{c.year}年政府信息公开工作年度报告"
        if title not in names:
            names.append(title)
    return names


def _body(answer: Answer, reports: dict[str, Report]) -> list[str]:
    if not answer.found:
        return ["经查阅已公开的政府信息公开工作年度报告，报告中未载明该项内容。"]
    lines = [f"经查阅{'、'.join(_titles(answer, reports))}，相关情况如下："]
    lines += [f"　　{line}" for line in answer.answer.split("\n") if line.strip()]
    if answer.short_answer:
        lines.append(f"即：{answer.short_answer}。")
    return lines


def _sources(citations) -> list[str]:
    if not citations:
        return []
    lines = ["", "附：所引原文"]
    for i, c in enumerate(citations, 1):
        lines.append(f"{i}. {c.body}{c.year or ''}年报告（{c.section}）：{c.text}")
    return lines


def make_draft(answer: Answer, reports: dict[str, Report], today: dt.date | None = None) -> Draft:
    today = today or dt.date.today()
    lines = ["您好：", "", f"您提出的问题“{answer.question}”已收悉。现答复如下："]
    if answer.found:
        lines.append(f"经查阅{'、'.join(_titles(answer, reports))}，相关情况如下：")
        lines += [f"　　{line}" for line in answer.answer.split("\n") if line.strip()]
        if answer.short_answer:
            lines.append(f"即：{answer.short_answer}。")
    else:
        lines.append("经查阅已公开的政府信息公开工作年度报告，报告中未载明您所询问的内容。"
                     "如需进一步了解，可依法向有关行政机关提出政府信息公开申请。")
    lines += ["", "感谢您对政府信息公开工作的关注。", "", f"{today.year}年{today.month}月{today.day}日"]
    if answer.citations:
        lines += ["", "附：所引原文"]
        for i, c in enumerate(answer.citations, 1):
            lines.append(f"{i}. {c.body}{c.year or ''}年报告（{c.section}）：{c.text}")
    return Draft("\n".join(lines), answer.citations)

"""A staff draft reply (答复) to a citizen's question, with the figures and the passages listed."""

from __future__ import annotations

import datetime as dt

from assistant.models import Answer, Draft
from ingest.models import Report


def make_draft(answer: Answer, reports: dict[str, Report], today: dt.date | None = None) -> Draft:
    today = today or dt.date.today()
    lines = ["您好：", "", f"您提出的问题“{answer.question}”已收悉。现答复如下："]
    if answer.found:
        names = []
        for c in answer.citations:
            r = reports.get(c.report_id)
            title = f"《{r.title}》" if r and r.title else f"{c.body}{c.year}年政府信息公开工作年度报告"
            if title not in names:
                names.append(title)
        lines.append(f"经查阅{'、'.join(names)}，相关情况如下：")
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

"""Whether the body charged the information processing fee (信息处理费), and how much."""

from __future__ import annotations

import re

from assistant.read.common import Extract, clauses

_NOT_CHARGED = re.compile(r"(未|没有|无|不)(收取|发生收费|产生)[^，。；]*?(费|收费)|未收费|免费|无收取|未发生.*?收费")


# "一共收了多少元", "收了多少钱": the amount is asked, so a fee not charged is 0元
_AMOUNT_ASKED = re.compile(r"(多少|几)\s*(万元|元|块|钱)|金额|多少费用")


def read_fee(docs, question: str = "") -> Extract | None:
    for doc in docs:
        for _, clause in clauses(doc.page_content):
            if not re.search(r"处理费|收费|收取", clause):
                continue
            if _NOT_CHARGED.search(clause):
                if _AMOUNT_ASKED.search(question):
                    return Extract("0元（报告写明未收取）", clause, doc.page_content, doc.metadata, 1.0, 0.0,
                                   [{"role": "none", "value": 0, "text": clause}])
                return Extract("未收取", clause, doc.page_content, doc.metadata, 1.0)
            m = re.search(r"(\d+(?:\.\d+)?)\s*(万元|元)", clause)
            if m and re.search(r"处理费", clause):
                return Extract(f"{m.group(1)}{m.group(2)}", clause, doc.page_content, doc.metadata, 1.0,
                               float(m.group(1)), [{"role": "mention", "value": float(m.group(1)), "text": clause}])
    return None

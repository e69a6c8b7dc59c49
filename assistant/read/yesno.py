"""有没有/是否 questions: the sentence that states whether it happened, and whether it says so or not."""

from __future__ import annotations

import re

from assistant.question.lexicon import EXAMPLES
from assistant.read.common import Extract, clauses_in_sentences, coverage, key_terms, own_parts_sentence
from assistant.read.text import ANSWER_TYPE
from assistant.scoring import SCORING, Scoring

_TABLE_RUN = re.compile(r"\d{5,}|(?:\d+\s+){4,}\d")
_NEGATION = re.compile(r"未|没有|无|不存在|零|0件|0起|0次")
_STATES = re.compile(r"未|没有|无|发生|出现|收到")
PLANS = re.compile(r"下一步|将|进一步|加强|加大|完善|推进|提升|强化|健全|规范|持续|深化|拓宽|丰富|抓好|落实|开展|建立")


def read_yes_no(question: str, focus: str, docs, drop: set[str], idf=None,
                scoring: Scoring = SCORING) -> Extract | None:
    """The sentence that states whether it happened (not a plan to prevent it)."""
    question, focus = EXAMPLES.sub("", question), EXAMPLES.sub("", focus)  # the examples illustrate the topic
    asked = re.sub(r"有没有|是否|有无|是不是|吗", " ", ANSWER_TYPE.sub(" ", question))  # the topic, not the 有没有
    weights = key_terms(asked, focus if focus != question else asked, drop, "", idf)
    best = None
    for rank, doc in enumerate(docs):
        section = doc.metadata.get("section", "")
        for clause, context, _, sentence in clauses_in_sentences(doc.page_content):
            if own_parts_sentence(sentence):
                continue  # the preamble's list of the report's parts
            if _TABLE_RUN.search(sentence):
                continue  # a flattened table row: its cells are read through the facts, never as a sentence
            cov = max(coverage(clause, weights, scoring), 0.85 * coverage(context + clause, weights, scoring),
                      scoring.section_credit * coverage(section + clause, weights, scoring))
            states = scoring.yes_no_states if _STATES.search(clause) else 0.0
            plans = scoring.yes_no_plans if PLANS.search(clause) else 0.0
            score = cov + states - plans - scoring.rank_penalty * min(rank, scoring.rank_cap)
            if best is None or score > best[0]:
                best = (score, Extract(clause, sentence[:300] or clause, doc.page_content, doc.metadata, cov))
    if best is None:
        return None
    ex = best[1]
    ex.short = f"{'没有' if _NEGATION.search(ex.short) else '有'}（{ex.short}）"
    return ex

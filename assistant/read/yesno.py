"""有没有/是否 questions: the sentence that states whether it happened, and whether it says so or not."""

from __future__ import annotations

import re

from assistant.question.lexicon import EXAMPLES, things_named
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
    things = things_named(asked)
    best = None
    for rank, doc in enumerate(docs):
        section = doc.metadata.get("section", "")
        for clause, context, _, sentence in clauses_in_sentences(doc.page_content):
            if own_parts_sentence(sentence):
                continue  # the preamble's list of the report's parts
            if any(not any(t in sentence for t in thing) for thing in things):
                continue  # "有没有做手语视频": a sentence on 政策解读 in text and pictures says nothing of it
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


_INCLUDES = re.compile(r"含|包括|包含|计入|算上|在内")
_EXCLUDES = re.compile(r"不含|不包括|不包含|未包括|未包含|不计入|未计入|不算|除外")
_ASKING_INCLUDES = re.compile(r"包不包括|包括不包括|包不包含|包含不包含|含不含|算不算|是否|包括|包含|含|计入|算上|在内|"
                              r"吗|么|没有|那些|这些|的数字|数字|[？?]")


# what a figure counts ("上年度结转的案件"), which the note names by the figure instead ("…数量含上年度结转数量")
_WHAT_IS_COUNTED = frozenset({"数量", "数字", "案件", "件数", "申请", "情况", "事项", "部分"})
_OBJECT = re.compile(r"(?:包不包括|包括不包括|包不包含|包含不包含|含不含|算不算|"
                     r"是否包括|是否包含|是否含有?|是否计入|是否算上|"
                     r"包括|包含|含|计入|算上)(?:了|进|在内)?([^，。？?]{2,24}?)(?:的|在内)?(?:吗|么|没有|数量)?[？?]?$")


def read_includes(question: str, docs, drop: set[str], idf=None, scoring: Scoring = SCORING) -> Extract | None:
    """"表四的数字包不包括上年结转的？": the sentence (often a table's 注) that says what a figure includes, and
    whether it includes or leaves out what is asked."""
    weights = key_terms(_ASKING_INCLUDES.sub(" ", question), "", drop, "", idf)
    # what is asked to be included ("包不包括上年结转的" → 上年结转): the sentence must name it
    obj = _OBJECT.search(question)
    needed = [w for w in key_terms(obj.group(1), "", drop, "", idf) if w not in _WHAT_IS_COUNTED] if obj else []
    best = None
    for rank, doc in enumerate(docs):
        for clause, _context, _, sentence in clauses_in_sentences(doc.page_content):
            if not _INCLUDES.search(sentence) or _TABLE_RUN.search(sentence):
                continue
            if needed and not all(w in sentence for w in needed):
                continue
            cov = max(coverage(sentence, weights, scoring), coverage(clause, weights, scoring))
            score = cov - scoring.rank_penalty * min(rank, scoring.rank_cap)
            if best is None or score > best[0]:
                said = sentence[sentence.rfind("注："):] if "注：" in sentence else sentence  # a note under a table
                best = (score, Extract(said.strip(), said[:300], doc.page_content, doc.metadata, cov))
    if best is None or best[1].coverage < scoring.min_coverage:
        return None
    ex = best[1]
    ex.short = f"{'不包括' if _EXCLUDES.search(ex.short) else '包括'}（{ex.short}）"
    return ex

"""What every reader shares: the Extract it returns, the question's weighted key terms, and coverage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.question.lexicon import (
    INSIDE_OTHER_WORDS,
    INSTRUCTIONS,
    MEASURE_QUESTION_WORDS,
    PUBLISHED_TO,
    QUESTION_WORDS,
    REPORT_WHERE,
    SYNONYMS,
    YEAR_WORDS,
    present,
)
from assistant.scoring import SCORING, Scoring
from ingest.text.tokenize import tokens

CLAUSE = re.compile(r"[，。；;！？!?,]")


@dataclass
class Extract:
    short: str  # the bare answer: "31条", "未收取", a sentence
    clause: str  # the clause quoted as evidence
    passage: str  # the chunk it came from
    meta: dict
    coverage: float
    number: float | None = None
    support: list[dict] = field(default_factory=list)  # what backs the figure (see Answer.support)


_AMOUNT_OF = re.compile(r"^(信息|申请|公开|发布|发文|办件|受理)量$")


# "那两件", "这3条": a count the asker states of what was asked, not what a passage must say
_STATED_COUNT = re.compile(r"(?:那|这|该|上述)\s*([一二两三四五六七八九十百千\d]+[件条次篇起])")
# A figure the asker states roughly ("九十多条", "三千多件"): context, never words a passage must share
_MODAL_HEAD = re.compile(r"^(?:要|想|能|去|哪|得)(?=[\u4e00-\u9fff]$)")
_ROUGH_FIGURE = re.compile(r"[一二两三四五六七八九十百千万\d]+(?:多|余|来|几)\s*[件条次篇起个项人]")
# jieba's cut of "多少条是部门…" leaves "条是": a measure word and a copula, no content
_MEASURE_COPULA = re.compile(r"^[条件个篇项次场期名人份家起][是有的为]$")


def key_terms(question: str, focus: str, drop: set[str], history_part: str = "", idf=None) -> dict[str, float]:
    """Content words with weights: longer words count more; in a follow-up, its new words count
    most and words carried over from the previous turn count least."""
    weights: dict[str, float] = {}
    focus_toks = set(tokens(focus)) if focus and focus != question else set()
    carried = set(tokens(history_part)) - focus_toks if focus_toks else set()
    long_drop = [d for d in drop if len(d) >= 2]
    stated = {m.group(1) for m in _STATED_COUNT.finditer(question)}
    plain = _ROUGH_FIGURE.sub(" ", REPORT_WHERE.sub(" ", question))
    for t in tokens(YEAR_WORDS.sub(" ", INSTRUCTIONS.sub(" ", PUBLISHED_TO.sub(" ", plain)))):
        t = _AMOUNT_OF.sub(r"\1", t)  # 信息量/申请量 are how many 信息/申请 (阅读量, 点击量 stay: other measures)
        t = _MODAL_HEAD.sub("", t)  # jieba's "要查", "哪查": the verb is 查
        if t in QUESTION_WORDS or t in drop or re.fullmatch(r"\d+", t) or (len(t) == 1 and t not in SYNONYMS) \
                or t in stated or _MEASURE_COPULA.match(t):
            continue
        if any(d in t or (len(t) >= 2 and t in d) for d in long_drop):
            continue  # a piece of the body's name (上海市政府, 区政 of 区政府)
        if idf is not None and re.fullmatch(r"[A-Za-z]+", t) and not idf(t, (), seen_only=True):
            continue  # an English word mixed in that no report uses ("international service portal（…）")
        w = min(len(t), 4) * (3.0 if t in focus_toks else 0.5 if t in carried else 1.0)
        if idf is not None:
            # A word no passage contains (colloquial phrasing) weighs like a common one, not like the
            # rarest word in the index, so it cannot outweigh the words that do match.
            spellings = tuple(SYNONYMS.get(t, ()))
            w *= idf(t, spellings) if idf(t, spellings, seen_only=True) else 1.0
        weights[t] = max(weights.get(t, 0), w)
    if not weights and question.strip():
        # "一共公开了多少条政府信息": every word is one reports always use; then they are what is asked.
        for t in tokens(YEAR_WORDS.sub(" ", INSTRUCTIONS.sub(" ", question))):
            if t in MEASURE_QUESTION_WORDS and t not in drop:
                weights[t] = float(min(len(t), 4))
    return weights


def _outside_other_words(term: str, clause: str, weights: dict[str, float]) -> str:
    """The clause without the compounds in which `term` names something else (申请 of 依申请公开, a kind of
    information), unless the question itself uses such a compound."""
    other = INSIDE_OTHER_WORDS.get(term)
    if other is None or any(other.search(k) for k in weights):
        return clause
    return other.sub("", clause)


def _apart(term: str, clause: str, gap: int = 4) -> bool:
    """A compound the question writes whole that the clause writes with a word between its parts: 获取信息 in
    "制作、获取政府信息总数" (a word's own pieces, 取信, then count as found with it)."""
    for i in range(2, len(term) - 1):
        head, tail = term[:i], term[i:]
        at = clause.find(head)
        while at >= 0:
            end = at + len(head)
            nxt = clause.find(tail, end)
            if 0 <= nxt - end <= gap:
                return True
            at = clause.find(head, at + 1)
    return False


def _misspelt(term: str, clause: str) -> bool:
    """A word of four or more characters the report writes with one character wrong ("残差不齐" for 参差不齐): the
    rest of it stands in the clause, at the same length, with one character changed."""
    if len(term) < 4:
        return False
    for piece, offset in ((term[1:], 1), (term[:-1], 0)):
        at = clause.find(piece)
        while at >= 0:
            start = at - offset
            window = clause[start: start + len(term)] if start >= 0 else ""
            if len(window) == len(term) and sum(a != b for a, b in zip(window, term)) == 1:
                return True
            at = clause.find(piece, at + 1)
    return False


def coverage(clause: str, weights: dict[str, float], scoring: Scoring = SCORING) -> float:
    """Share of the question's weighted words in the clause; a synonym counts less than the word. A piece of a
    word (主动 of 主动公开) counts as found when the whole word is found, even through a synonym (公布)."""
    total = sum(weights.values())
    if not total:
        return 0.0
    found = {t for t in weights
             if present(t, _outside_other_words(t, clause, weights)) or _apart(t, clause) or _misspelt(t, clause)}
    got = 0.0
    for t, w in weights.items():
        if t in _outside_other_words(t, clause, weights):
            got += w
        elif t in found or any(t in u and u != t for u in found):
            got += scoring.synonym_credit * w
    return got / total


def counted_terms(weights: dict[str, float], idf=None, few: int = 3) -> list[str]:
    """The question's words that `terms_found` counts: those the index knows (a colloquial 交上来 no passage
    uses is not counted), when there are at most `few` of them; [] for longer questions, whose weights already
    say what matters."""
    known = [t for t in weights if idf is None or idf(t, tuple(SYNONYMS.get(t, ())), seen_only=True)]
    return known if len(known) <= few else []


def terms_found(text: str, weights: dict[str, float], known: list[str]) -> float:
    """The share of the `known` words (by count, not weight) the text has, through synonyms too, so that
    "那3件申请分别是什么内容" (申请, 内容) is not answered by a passage with only the heavier one; 1.0 when none
    are counted."""
    if not known:
        return 1.0
    return sum(1 for t in known
               if present(t, _outside_other_words(t, text, weights)) or _apart(t, text)) / len(known)


def clauses(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for piece in CLAUSE.split(text):
        if piece.strip():
            out.append((pos, piece.strip()))
        pos += len(piece) + 1
    return out


# A sentence ends at its mark, or where a crawled page runs the next part's heading into it ("…发送给申请人（三）完善
#公开制度…"; not "第（一）项")
_SENTENCE_ENDS = re.compile(r"(?<=[。；;！？!?])|(?<=[\u4e00-\u9fff])(?<![第条款项])"
                            r"(?=[（(][一二三四五六七八九十]{1,3}[）)][\u4e00-\u9fff]{4})")


def clauses_in_sentences(text: str) -> list[tuple[str, str, str, str]]:
    """(clause, the clauses just before it, everything before it in its sentence, the sentence)."""
    out = []
    for sentence in _SENTENCE_ENDS.split(text):
        parts = [c.strip() for c in CLAUSE.split(sentence) if c.strip()]
        for i, clause in enumerate(parts):
            out.append((clause, "".join(parts[max(0, i - 4): i]), "".join(parts[:i]), sentence.strip()))
    return out


def bigrams(text: str) -> set[str]:
    return {text[i: i + 2] for i in range(len(text) - 1)}


def quoted(question: str) -> list[str]:
    """Names the question quotes: 《…》 titles with their brackets (《问政平潭》 ≠ 《问政平潭之有事你说》),
    “…” phrases without their quotes."""
    titles = re.findall(r"《[^》]{2,}》", question)
    phrases = re.findall(r"[“\"]([^”\"]{3,})[”\"]", question)
    return titles + phrases


def own_parts_sentence(text: str) -> bool:
    """The preamble's list of the report's own parts ("本报告包括…六个部分")."""
    return bool(re.search(r"[六6七7五5]\s*个?\s*部分", text))


class Passage:
    """Several chunks of one section read as one text (a Document-like object: page_content, metadata)."""

    def __init__(self, text: str, metadata: dict):
        self.page_content = text
        self.metadata = metadata


def chunk_order(doc) -> tuple[str, int]:
    """A chunk's place in its report (chunk ids end in …:n:digest)."""
    parts = str(doc.metadata.get("chunk_id", "")).split(":")
    n = int(parts[-2]) if len(parts) >= 2 and parts[-2].isdigit() else 0
    return str(doc.metadata.get("report_id", "")), n


def passages(docs) -> list:
    """The prose chunks joined section by section, in report order."""
    groups: dict[tuple[str, str], list] = {}
    seen: set = set()
    for d in sorted((d for d in docs if d.metadata.get("kind") == "prose"), key=chunk_order):
        key = d.metadata.get("chunk_id")
        if key in seen:
            continue
        seen.add(key)
        groups.setdefault((d.metadata.get("report_id", ""), d.metadata.get("section", "")), []).append(d)
    return [Passage("".join(d.page_content for d in ds), dict(ds[0].metadata)) for ds in groups.values()]


def report_text(docs) -> str:
    """All prose of the reports, in order (to read what follows a sentence across chunks and sections)."""
    return "".join(p.page_content for p in passages(docs))


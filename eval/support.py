"""Whether an answer's figure is supported by what it cites (summary.json's `unsupported`).

A found answer's figure is supported when it is a certain table cell or a figure stated on its own in
the cited prose. Not supported: a run of table digits returned as a number ("4433477"), a figure that
appears in no citation, a count of the report's own parts when the question is not about them.

The check reads only the answer object, so it applies to other systems' answers too. An answer that
computed its figure (a sum, a share) says so in `support` (a list of operands, each with its value and
the text it was read from); then every operand must pass the same check against its text.
"""

from __future__ import annotations

import re
import unicodedata

# Words that say what a figure counts: a figure followed by one of them is stated on its own.
_UNITS = ("万元", "亿元", "元", "万", "亿", "件", "条", "个", "项", "次", "人次", "人", "篇", "期", "场", "名", "家",
          "份", "起", "批", "户", "位", "类", "部", "%", "％", "个百分点", "分钟", "小时", "天", "日", "个工作日",
          "余", "多", "张", "册", "套", "台", "年", "月", "号", "处", "所", "座", "封", "余件", "余条")
_UNIT_RE = re.compile(r"\s*(?:" + "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True)) + ")")
_NUM = re.compile(r"\d+(?:\.\d+)?")
# The report describing itself: "本报告共分6个部分", "包括……等六个部分".
_OWN_PARTS = re.compile(r"[\d一二三四五六七八九十]+\s*个?\s*部分")
_SPLIT_NOTE = re.compile(r"拆分为\s*([\d\s?.]+)")
# A sentence that says something did not happen or was not charged (a zero stated in words)
_STATES_NONE = re.compile(r"未(?:收取|发生|出现|产生|收到)|没有(?:收取|发生|出现|产生|收到)|不收取|免收|无(?:收费)")
MAX_CELL_DIGITS = 4  # a separated table cell longer than this, with no unit, is more likely a run of cells


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def figure_of(short_answer: str) -> str | None:
    m = _NUM.search(_plain(short_answer).replace(",", ""))
    return m.group(0) if m else None


def _occurrences(figure: str, text: str):
    for m in re.finditer(rf"(?<![\d.]){re.escape(figure)}(?![\d])(?!\.\d)", text):
        yield m


def _is_separated_cell(text: str, start: int, end: int, figure: str) -> bool:
    """Between separators (space, pipe, line ends) in a row of such numbers: a table cell the report printed."""
    before = text[max(0, start - 1): start]
    after = text[end: end + 1]
    if before not in ("", " ", "|", "\t", "\n", "：", ":") or after not in ("", " ", "|", "\t", "\n", "（", "("):
        return False
    return "." in figure or len(figure.lstrip("-")) <= MAX_CELL_DIGITS


def _chinese(figure: str) -> str | None:
    """6 → 六, 12 → 十二: reports write small counts in Chinese numerals ("六个部分")."""
    if not figure.isdigit() or int(figure) > 99:
        return None
    import cn2an

    return cn2an.an2cn(figure)


def stated(figure: str, text: str, question: str = "") -> bool:
    """Whether `figure` is stated on its own in `text`: with a unit, as a separated cell, or in a split note."""
    text = _plain(text)
    cn = _chinese(figure)
    if cn and re.search(rf"(?<![一二三四五六七八九十百零两]){cn}(?![一二三四五六七八九十百零两])" + _UNIT_RE.pattern,
                        text):
        if not (_OWN_PARTS.search(text) and "部分" not in question and re.search(cn + r"\s*个?\s*部分", text)):
            return True
    for note in _SPLIT_NOTE.finditer(text):
        if figure in note.group(1).split():
            return True
    for m in _occurrences(figure, text):
        if _UNIT_RE.match(text, m.end()):
            if _OWN_PARTS.match(text, m.start()) and "部分" not in question:
                continue  # the report's count of its own parts answers only a question about them
            return True
        if _is_separated_cell(text, m.start(), m.end(), figure):
            return True
        if text[max(0, m.start() - 1): m.start()] in ("：", ":", "为", "是", "数", "共", "计") and \
                not text[m.end(): m.end() + 1].isalnum():
            return True  # "邮编：350400）", "总数为12。", "不予公开信息数79。"
    return False


def supported(answer: dict, question: str = "") -> bool:
    """Whether a found answer's figure is backed by its citations (or by its listed operands)."""
    figure = figure_of(answer.get("short_answer") or "")
    if figure is None or not answer.get("found"):
        return True
    texts = [c.get("text") or "" for c in answer.get("citations") or []]
    if any(stated(figure, t, question) for t in texts):
        return True
    support = [s for s in answer.get("support") or [] if s.get("value") is not None]
    if not support:
        return False

    def backed(s: dict) -> bool:
        # A table cell the answerer read with certainty (decoded from a digit run, say), a count of items it
        # lists, or a figure its text states.
        if s.get("certain") and s.get("role") in ("cell", "operand") and s.get("table"):
            return True
        if s.get("role") == "count" and len(s.get("items") or []) == s.get("value"):
            return True
        if s.get("role") == "none" and s.get("value") == 0 and _STATES_NONE.search(s.get("text") or ""):
            return True  # "本机关未收取信息处理费": a sentence stating none is a 0
        return stated(_fmt(s.get("value")), s.get("text") or "", question)

    if any(_fmt(s["value"]) == figure and backed(s) for s in support):
        return True
    # A computed figure (a sum, a share): every operand must be backed.
    return all(backed(s) for s in support)


def _fmt(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

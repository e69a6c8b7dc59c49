"""Text answers: the clause (or sentence) that shares most of the question's words, and the year a
thing was for ("公开的是哪一年的决算")."""

from __future__ import annotations

import re

from assistant.question.lexicon import CHANNEL_WORDS
from assistant.read.common import (
    Extract,
    bigrams,
    clauses_in_sentences,
    counted_terms,
    coverage,
    key_terms,
    own_parts_sentence,
    report_text,
    terms_found,
)
from assistant.scoring import SCORING, Scoring

ANSWER_TYPE = re.compile(r"(哪个|哪些|什么|哪家|何种|哪种|哪类|哪份|哪一份|哪一部|哪部)(新|好|具体的?|主要的?)?"
                         r"(部门|单位|渠道|方式|平台|途径|形式|机构|地方|网站|媒体|机制|制度|做法|办法|工具|系统|"
                         r"文件|通知|规定|规范|意见)")  # (a document asked for is answered by its 《title》)
_LISTING = re.compile(r"哪些|哪几|哪[两三四五六]|什么|怎样|如何|怎么|哪里|哪儿")
# "是指哪两个": how many the answer has, not what it is about
_HOW_MANY_WHICH = re.compile(r"哪[两三四五六七八九十几]\s*(个|项|类|种|家|条)?")
_HEADED = re.compile(r"^\s*[（(][一二三四五六七八九十][)）][^，。；]{2,24}?(?:情况|形式|方式|渠道|措施|做法|内容|工作)")
_YEAR_BEFORE = re.compile(r"((?:19|20)\d{2})\s*年度?[^，。；、\d年]{0,6}$")  # "2022年政府决算"
# "针对“联系群众工作需要进一步巩固”，提到要把…延伸到哪些场所": the quoted problem says where, the rest what
_POINTED_AT = re.compile(r"(?:针对|对于|就|围绕)[“\"][^”\"]{4,40}[”\"](?:这一?(?:条|点|个?问题|方面|项))?"
                         r"(?:[，,]\s*|的)(?=[^？?]{6,})")
_SET_ASIDE = re.compile(r"(除了|除去|除开)[^，,。？?\s]{1,20}?(以外|之外|外)?(?:[，,]|\s+)")
_DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d+\s*号")


def read_text(question: str, focus: str, docs, drop: set[str], idf=None, scoring: Scoring = SCORING) -> Extract | None:
    """The clause (with the rest of its sentence as context) that shares most of the question's words."""
    # "除了门户网站，还在哪里…": what is set aside is not what the answer must say
    question, focus = (_POINTED_AT.sub("", _SET_ASIDE.sub("", t)) for t in (question, focus))
    asked, asked_focus = (_HOW_MANY_WHICH.sub(" ", ANSWER_TYPE.sub(" ", t)) for t in (question, focus))
    # (words only in the context before the real question, or carried from an earlier turn, count least)
    weights = key_terms(asked, asked_focus, drop, asked if asked_focus and asked_focus != asked else "", idf)
    known = counted_terms(weights, idf)  # once per question, not per clause
    listing = bool(_LISTING.search(question))
    # "通过哪些渠道/方式/平台": the sentence that names channels (网站、信函、传真 …) is the answer.
    channels = bool(re.search(r"渠道|方式|平台|途径|形式|媒体|网站|载体", question))
    best = None
    q_pairs = bigrams(re.sub(r"\s", "", focus or question))
    whole = report_text(docs) if listing else ""
    for rank, doc in enumerate(docs):
        previous, current = "", doc.metadata.get("before", "")  # the chunk before ends with the first's previous
        heading = (doc.metadata.get("section") or "").split(" > ")[-1]
        for clause, context, _, sentence in clauses_in_sentences(doc.page_content):
            if sentence != current:
                previous, current = current, sentence
            if own_parts_sentence(sentence):
                continue  # the preamble's list of the report's parts names every topic and answers none
            # The sentence before says what a clause is about ("组织收费项目清单公开。落实“一年一清理”…制度")
            around = previous[-80:] + sentence
            cov = max(coverage(clause, weights, scoring), 0.85 * coverage(context + clause, weights, scoring),
                      scoring.sentence_credit * coverage(sentence, weights, scoring),
                      scoring.previous_sentence_credit * coverage(around, weights, scoring),
                      # "监督保障部分说，…开展了哪两种培训": the words of the part named are its heading's
                      scoring.section_credit * coverage(heading + sentence, weights, scoring) if heading else 0.0)
            cov = min(cov, terms_found(around, weights, known))
            score = cov - scoring.rank_penalty * min(rank, scoring.rank_cap)
            score += scoring.text_overlap_weight * len(q_pairs & bigrams(clause)) / max(len(q_pairs), 1)
            if channels:
                named = {m.group(0) for m in CHANNEL_WORDS.finditer(sentence)}
                score += min(scoring.channel_bonus * len(named), scoring.channel_cap)
            if best is None or score > best[0]:
                # "通过哪些渠道" is answered by the whole sentence, not one of its clauses.
                short = sentence[: scoring.listing_chars] if listing else _closed(clause, sentence)
                named_here = _channel_clause(sentence) if channels and listing and \
                    len(sentence) > scoring.listing_chars // 2 else ""
                # a heading of another topic ("（一）基本情况…") does not introduce the channels its sentence names
                other_heading = bool(named_here) and not re.search(r"方式|渠道|形式", sentence[:30])
                if listing and (re.search(r"[：:]\s*$|如下\s*[：:。]?$", sentence) or _heads_items(sentence)) and \
                        not other_heading:
                    # "抓好以下两个方面的工作：", "(三)主动公开政府信息的主要形式1.门户网站…": the items that follow
                    short = _with_items(sentence, whole or doc.page_content, scoring.listing_chars)
                elif named_here:
                    short = named_here  # a long sentence (under a heading of another topic): its channels' clause
                best = (score, Extract(short, sentence[:300] or clause, doc.page_content, doc.metadata, cov))
    return best[1] if best else None


def _heads_items(sentence: str) -> bool:
    """A part's heading that its items follow ("(三)主动公开政府信息的主要形式1.门户网站…"), not a heading run into a
    sentence of its own ("（二）依申请公开政府信息情况2023年度我局共收到…")."""
    m = _HEADED.match(sentence)
    return bool(m) and (len(sentence) - m.end() < 12 or bool(re.match(r"\s*(?:1[.、．]|一是|①)", sentence[m.end():])))


def _channel_clause(sentence: str) -> str:
    """The clause of a long sentence that names the most channels (at least two), or ""."""
    best, most = "", 1
    for part in re.split(r"[，,；;。]|[)）](?=[^、，,；;。]{4,})", sentence):
        named = len({m.group(0) for m in CHANNEL_WORDS.finditer(part)})
        if named > most:
            best, most = part.strip(), named
    return best


def _closed(clause: str, sentence: str) -> str:
    """A clause cut inside its brackets ("其他处理319件（26.78%") runs on to the closing bracket: what the
    brackets hold ("含申请人主动撤回157件") belongs to it."""
    if clause.count("（") <= clause.count("）"):
        return clause
    at = sentence.find(clause)
    close = sentence.find("）", at + len(clause)) if at >= 0 else -1
    return sentence[at: close + 1] if 0 <= close - at <= len(clause) + 120 else clause


def _with_items(sentence: str, text: str, limit: int) -> str:
    """A sentence that introduces a list ("…以下两个方面的工作：") with the items that follow it."""
    at = text.find(sentence)
    following = text[at + len(sentence): at + len(sentence) + limit] if at >= 0 else ""
    return (sentence + following)[: limit + len(sentence)]


def read_year_of(question: str, docs, drop: set[str], idf=None, scoring: Scoring = SCORING) -> Extract | None:
    """"公开的是哪一年的政府决算": the year written right before the thing asked about."""
    thing = re.sub(r".*哪一?年(度)?的?", "", question)
    thing = re.sub(r"[？?。，,！!]|是|呢|吗", "", thing).strip()
    weights = key_terms(thing, thing, drop, "", idf) if thing else {}
    best = None
    for rank, doc in enumerate(docs):
        text = doc.page_content
        for word in sorted(weights, key=lambda w: -weights[w]):
            for m in re.finditer(re.escape(word), text):
                year = _YEAR_BEFORE.search(text[max(0, m.start() - 8): m.start()])
                if not year:
                    continue
                start = max(0, max(text.rfind(c, 0, m.start()) for c in "，。；") + 1)
                end = min([i for i in (text.find(c, m.end()) for c in "，。；") if i >= 0] or [len(text)])
                clause = text[start:end]
                score = coverage(clause, weights, scoring) - scoring.rank_penalty * min(rank, scoring.rank_cap)
                if best is None or score > best[0]:
                    best = (score, Extract(f"{year.group(1)}年", clause, text, doc.metadata, score))
    return best[1] if best else None


_ONE_DATE = r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:份)?(?:\s*\d{1,2}\s*日)?"
_DATES = re.compile(rf"{_ONE_DATE}(?:\s*(?:、|至|到|和|与|及|-|—)\s*{_ONE_DATE})*")
_WHEN_WORDS = re.compile(r"(这|那)[两二三四五六七八九几\d]*(场|次|个|项|期|件|批)?|"
                         r"几月份?|哪个月份?|哪一个月|什么时候|什么时间|何时|哪天|哪一天|哪段时间|是|的|呢|吗|[？?，,]")
_YEAR_PART = re.compile(r"\d{4}\s*年\s*")


def read_when(question: str, docs, drop: set[str], idf=None, scoring: Scoring = SCORING) -> Extract | None:
    """"那两场培训会是几月份办的": the dates written in the sentence that best matches what was done ("于2022年4月份、
    6月份举办…培训会"); only the months when the question asks for months."""
    weights = key_terms(_WHEN_WORDS.sub(" ", question), question, drop, "", idf)
    if not weights:
        return None
    months = bool(re.search(r"几月|哪个月|哪一个月", question))
    best = None
    for rank, doc in enumerate(docs):
        for sentence in re.split(r"(?<=[。；;！？])", doc.page_content):
            dates = [m.group(0) for m in _DATES.finditer(sentence) if "月" in m.group(0)]
            if not dates or re.search(r"1\s*月\s*1\s*日\s*(至|到|起)", sentence):
                continue  # (the statistics period is no event's date)
            score = coverage(sentence, weights, scoring) - scoring.rank_penalty * min(rank, scoring.rank_cap)
            if best is None or score > best[0]:
                shown = "、".join(_YEAR_PART.sub("", d) if months else d for d in dates)
                best = (score, Extract(re.sub(r"\s+", "", shown), sentence.strip()[:300], doc.page_content,
                                       doc.metadata, score))
    return best[1] if best and best[0] >= scoring.min_coverage else None


def read_doc_no(question: str, docs, drop: set[str], idf=None, scoring: Scoring = SCORING) -> Extract | None:
    """A document number (岚综管办便函〔2021〕95号) in the passage that best matches the question."""
    weights = key_terms(re.sub(r"文号|发文字号|是多少|多少", " ", question), question, drop, "", idf)
    best = None
    for rank, doc in enumerate(docs):
        for clause, context, _, sentence in clauses_in_sentences(doc.page_content):
            m = _DOC_NO.search(clause) or _DOC_NO.search(sentence)
            if not m:
                continue
            score = coverage(context + clause, weights, scoring) - scoring.rank_penalty * min(rank, scoring.rank_cap)
            if best is None or score > best[0]:
                best = (score, Extract(m.group(0), sentence[:300], doc.page_content, doc.metadata, 1.0))
    return best[1] if best else None


_BASIS = re.compile(r"(?:根据|依据|按照|依照|遵照)[^。]{0,40}《[^》]{2,80}》[^。]{0,400}?(?:编制|编写|制定|形成|发布)")
_TITLE_NO = re.compile(r"《[^》]{2,80}》(?:[（(][^（）()]{0,30}号\s*[）)])?")
_ALIAS = re.compile(r"[（(]以下简称[^（）()]{0,20}[）)]")  # "（以下简称《条例》）" names no other document


_NOTE = re.compile(r"注\s*[：:]\s*[^。]{2,200}。?")
# the template's own note on table 三's columns: "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_CHECK_NOTE = re.compile(r"本列数据的[勾钩]稽关系为\s*[：:]\s*[^）)]{4,80}")
_TABLE_NO = re.compile(r"表\s*([一二三四1-4])")


def read_note(question: str, docs) -> Extract | None:
    """"表四下面那行注是怎么写的": the note ("注：…") of the table the question names, else the first note."""
    table = _TABLE_NO.search(question)
    want = "一二三四".find(table.group(1)) + 1 if table and not table.group(1).isdigit() else \
        int(table.group(1)) if table else 0
    notes = []
    pattern = _CHECK_NOTE if re.search(r"[勾钩]稽", question) else _NOTE
    for doc in docs:
        for m in pattern.finditer(doc.page_content):
            section = doc.metadata.get("section", "")
            fits = bool(want) and section.startswith("一二三四五六"[want - 1] + "、")
            notes.append((not fits, _order_in_report(doc), m.group(0), doc))
    if not notes:
        return None
    _, _, note, doc = min(notes, key=lambda n: (n[0], n[1]))
    return Extract(note.strip(), note, doc.page_content, doc.metadata, 1.0)


_BRACKET_ASKED = re.compile(r"([\u4e00-\u9fff]{2,14}?)[”\"]?(?:后面|后边|之后|旁边)?的?(?:那个|那段)?括号")


def read_bracket(question: str, docs) -> Extract | None:
    """"部分公开后面括号注的计数规则是什么": what the report's brackets right after those words say ("（区分处理的，
    只计这一情形，不计其他情形）"); the longest end of the words that the report writes before a bracket."""
    m = _BRACKET_ASKED.search(question)
    if m is None:
        return None
    words = m.group(1)
    for start in range(max(len(words) - 2, 1)):  # (three characters at least: 公开 alone names no label)
        head = words[start:]
        for doc in sorted(docs, key=_order_in_report):
            found = re.search(rf"{re.escape(head)}\s*[（(]([^（）()]{{2,60}})[）)]", doc.page_content)
            if found:
                return Extract(found.group(1), found.group(0), doc.page_content, doc.metadata, 1.0)
    return None


def read_basis(docs) -> Extract | None:
    """"这份年报是按哪个文件的要求编的": the documents the report says it was compiled under (its preamble's
    "根据《条例》…《…通知》（国办公开办函〔2019〕60号）要求，编制本报告"), each with its number."""
    for doc in sorted(docs, key=_order_in_report):  # the preamble says it; a later 根据《…》 is about other work
        m = _BASIS.search(doc.page_content)
        if m:
            titles = [t.group(0) for t in _TITLE_NO.finditer(_ALIAS.sub("", m.group(0)))]
            if titles:
                return Extract("、".join(titles), m.group(0)[:300], doc.page_content, doc.metadata, 1.0)
    return None


def _order_in_report(doc) -> int:
    """A chunk's place in its report ("rid:v:12:x" is the 13th), for readers of the front matter."""
    parts = str(doc.metadata.get("chunk_id", "")).split(":")
    return int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0


_DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:委员会|办公室|局|委|办|中心|厅|院|所|站|队|街道|镇|乡)"
                         r"(?![法理事结件公面势限好会])")
_NOT_DEPARTMENT = re.compile(r"^(我局|本局|该局|各局|我委|我办|本办|办公|中心|结果|政府网站|单位|部门)")


_COMPILED = re.compile(r"(年报|报告)[^，,。？?]{0,8}(哪个|什么|哪一?个|谁)[^，,。？?]{0,4}"
                       r"(编|编制|编写|起草|撰写|制作|整理)|"
                       r"(编制|编写|起草|撰写)(单位|部门|机关|者)")


def read_who(question: str, docs, drop: set[str], own_body: str, idf=None,
             scoring: Scoring = SCORING) -> Extract | None:
    """"信息处理费是哪个部门收的": the department named in the sentence that best matches the question
    (not the reporting body itself)."""
    asked = re.sub(r"哪个部门|哪些部门|什么部门|哪个单位|哪些单位|哪个机构|谁|是|的|呢|吗|[？?]", " ", question)
    if _COMPILED.search(question):
        asked = "本报告 编制"  # "年报是哪个部门编的": the report's own line on who compiled it ("X编制完成了本报告")
    weights = key_terms(asked, asked, drop, "", idf)
    best = None
    for rank, doc in enumerate(docs):
        sentences = [x for x in re.split(r"(?<=[。！？])", doc.page_content) if x.strip()]
        for sentence in sentences:
            names = [m.group(0) for m in _DEPARTMENT.finditer(sentence)
                     if not _NOT_DEPARTMENT.match(m.group(0)) and m.group(0) not in own_body
                     # a piece of the body's own name is not another unit; its office (淮安市人民政府办公室) is
                     and not any(m.group(0) in d for d in drop if len(d) >= 3)]
            if not names:
                continue
            score = coverage(sentence, weights, scoring) - scoring.rank_penalty * min(rank, scoring.rank_cap)
            if best is None or score > best[0]:
                name = re.sub(r"^(.{0,6}?(由|经|向)|其中|包括)(?=.{3,})", "", names[-1])  # "本报告由X"
                best = (score, Extract(name, sentence[:300], doc.page_content, doc.metadata, score))
    return best[1] if best and best[0] >= scoring.min_coverage else None


"""The extractive reader: find the clause that answers, and the bare value in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.text.tokenize import tokens

_QUESTION_WORDS = set(
    "多少 几 几件 几条 几个 几次 几场 几期 几名 几项 是 有 哪些 什么 怎么 如何 吗 呢 了 的 一共 总共 共 总计 全年 一年 "
    "本年 本年度 年度 报告 年报 这份 政府信息公开 政府 信息 公开 工作 情况 其中 那 那么 请问 还有 还 因为 因 "
    "件 条 个 次 场 期 篇 项 名 元 万元 起 份 家 是多少 有多少 多少件 多少条 多少元 多少项 "
    "去年 今年 前年 全年 一年 当年 上一年 下一年 全区 全市 全县 我区 我市 我县 我局 "
    "的话 一下 想 想知道 知道 告诉 告诉我 麻烦 帮 帮我 查 查一下 看看 能 能否 可以 要 需要 到底 究竟".split()
)
_CLAUSE = re.compile(r"[，。；;！？!?,]")
_NUMBER = re.compile(r"(?<![\d.〔\[])(\d+(?:\.\d+)?)\s*(万元|亿元|元|条|件|场|期|篇|项|次|个|名|起|份|家|批次|批|人次|人|个百分点|%|万|分钟|小时|个工作日|天)?")
_YEARLIKE = re.compile(r"^(19|20)\d{2}$")
UNIT_WORDS = ["万元", "元", "条", "件", "场", "期", "篇", "项", "次", "个", "名", "起", "份", "家", "批次", "分钟", "小时",
              "天", "个工作日", "人次"]
PHONE = re.compile(r"(?<!\d)(0\d{2,3}\s*[-—–－]\s*\d{7,8}|1[3-9]\d{9}|\d{3,4}[-—–－]\d{7,8})(?!\d)")
PERIOD = re.compile(r"(\d{4}年\s*\d{1,2}月\s*\d{1,2}日)\s*(?:起)?\s*(?:至|到|—|-|～|~)\s*((?:\d{4}年)?\s*\d{1,2}月\s*\d{1,2}日)")
_NOT_CHARGED = re.compile(r"(未|没有|无|不)(收取|发生收费|产生)[^，。；]*?(费|收费)|未收费|免费|无收取|未发生.*?收费")
_PROBLEM_HEAD = re.compile(r"问题|不足|短板|差距|薄弱|改进")


# Everyday words → the words reports use (a term counts as present when any spelling is).
SYNONYMS = {
    "官网": ["网站", "门户网站"], "网上": ["网站"], "登": ["发布", "刊登"], "登了": ["发布"],
    "东西": ["信息"], "接到": ["收到", "受理"], "收到": ["受理", "接收"], "受理": ["收到"], "个人": ["自然人"],
    "公众号": ["微信公众号", "公众号"], "开了": ["召开"], "办了": ["开展", "办理"], "几期": ["期"],
    "文章": ["信息", "篇"], "回复": ["答复"], "答复": ["回复", "办结"], "办结": ["答复", "办理"],
    "主动公开": ["公布", "发布", "公开"], "公布": ["公开", "发布"], "发了": ["制发", "印发", "发布"],
    "发文": ["制发", "印发"], "网站": ["门户网站", "网站"], "发布会": ["新闻发布会"],
}


def present(term: str, text: str) -> bool:
    return term in text or any(s in text for s in SYNONYMS.get(term, ()))


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


@dataclass
class Extract:
    short: str
    clause: str  # the clause quoted as evidence
    passage: str  # the chunk it came from
    meta: dict
    coverage: float
    number: float | None = None


_WHICH = re.compile(r"哪个部门|哪些部门|什么部门|哪个单位|哪些单位|哪个机构|谁")
_YES_NO = re.compile(r"有没有|是否|有无|是不是|[^么]吗[？?]?$")


# What a question asks for, by its words, first match wins. (kind, pattern, pattern that vetoes it)
_KINDS: list[tuple[str, re.Pattern, re.Pattern | None]] = [
    ("email", re.compile(r"邮箱|电子邮件|e-?mail", re.I), None),
    ("postcode", re.compile(r"邮编|邮政编码"), None),
    ("fax", re.compile(r"传真"), re.compile(r"电话")),
    ("phone", re.compile(r"电话|联系方式|热线|打哪个"), None),
    ("website", re.compile(r"下载|网址|网站地址|官网地址|(电子版|全文).{0,8}(哪|什么)"), None),
    ("address", re.compile(r"地址|办公地点|在什么地方|(?<!存)在哪(?!些)|位置|怎么去"), None),
    ("date", re.compile(r"(哪天|哪一天|什么时候|何时|日期|时间).{0,6}(发布|公布|印发|公开|出|发)|"
                        r"(发布|公布|印发|公开|出)的?(日期|时间)|(发布|公布|印发)于"), None),
    ("period", re.compile(r"统计(期限|时限|期间|区间|时间)|从哪天到哪天|数据.*(期限|时限)"), None),
    ("fee", re.compile(r"信息处理费|处理费"), None),
    ("fee", re.compile(r"收.{0,2}费|收取"), re.compile(r"行政事业性")),
    ("measures", re.compile(r"措施|怎么改|如何改|改进.{0,4}(做法|办法|工作)|下一步|打算|准备怎么|将如何|怎么做|计划"), None),
    ("problems", re.compile(r"(存在|主要|哪些).*(问题|不足|短板|差距)|需要加强|加强和改进|改进的地方|不足|短板|差距"), None),
    ("percent", re.compile(r"占比|百分之|百分比|比例|比重|%|％|占.{0,8}多少"), None),
    ("number", re.compile(r"多少|几|数量|金额|总计|总数"), None),
    ("yesno", _YES_NO, None),
]


def question_kind(q: str) -> str:
    if _WHICH.search(q) and not re.search(r"多少|几|最多|最少|更多|更少|有没有|是否|有无", q):
        return "text"  # "信息处理费是哪个部门收的" asks who, not how much
    for kind, pattern, veto in _KINDS:
        if pattern.search(q) and not (veto and veto.search(q)):
            return kind
    return "text"


def key_terms(question: str, focus: str, drop: set[str], history_part: str = "", idf=None) -> dict[str, float]:
    """Content words with weights: longer words count more; in a follow-up, its new words count
    most and words carried over from the previous turn count least."""
    weights: dict[str, float] = {}
    focus_toks = set(tokens(focus)) if focus and focus != question else set()
    carried = set(tokens(history_part)) - focus_toks if focus_toks else set()
    long_drop = [d for d in drop if len(d) >= 2]
    for t in tokens(re.sub(r"\d{4}\s*年度?", " ", question)):
        if t in _QUESTION_WORDS or t in drop or re.fullmatch(r"\d+", t) or (len(t) == 1 and t not in SYNONYMS):
            continue
        if any(d in t or (len(t) >= 2 and t in d) for d in long_drop):
            continue  # a piece of the body's name (上海市政府, 区政 of 区政府)
        w = min(len(t), 4) * (3.0 if t in focus_toks else 0.5 if t in carried else 1.0)
        if idf is not None:
            # A word no passage contains (colloquial phrasing) weighs like a common one, not like the
            # rarest word in the index, so it cannot outweigh the words that do match.
            spellings = tuple(SYNONYMS.get(t, ()))
            w *= idf(t, spellings) if idf(t, spellings, seen_only=True) else 1.0
        weights[t] = max(weights.get(t, 0), w)
    return weights


def _coverage(clause: str, weights: dict[str, float]) -> float:
    """Share of the question's weighted words in the clause; a synonym counts less than the word."""
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(w if t in clause else 0.7 * w for t, w in weights.items() if present(t, clause)) / total


def _clauses(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for piece in _CLAUSE.split(text):
        if piece.strip():
            out.append((pos, piece.strip()))
        pos += len(piece) + 1
    return out


def _numbers(clause: str) -> list[tuple[str, str, int, int]]:
    """(value, unit, start, end) of every number that is a count or amount, not a date or a serial."""
    found = []
    for m in _NUMBER.finditer(clause):
        value, unit = m.group(1), m.group(2) or ""
        if len(value) > 1 and value[0] == "0" and "." not in value:
            continue  # "0000000" is a table row run together, not a count
        after = clause[m.end(1): m.end(1) + 2].strip()
        if _YEARLIKE.match(value) and (after.startswith("年") or not unit):
            continue
        if after.startswith(("年", "月", "日", "号", "时")) or clause[max(0, m.start() - 1): m.start()] in ("第",):
            continue
        found.append((value, unit, m.start(), m.end()))
    return found


def _spans(clause: str, nums) -> list[tuple[str, str]]:
    """For each number, the words before it (since the previous number) and after it (to the next)."""
    out = []
    for i, (_, _, start, end) in enumerate(nums):
        left_start = nums[i - 1][3] if i else 0
        right_end = nums[i + 1][2] if i + 1 < len(nums) else len(clause)
        out.append((clause[left_start:start], clause[end:right_end]))
    return out


def _sentence_clauses(text: str) -> list[tuple[str, str, str]]:
    """Each clause with the clauses just before it (its context) and everything before it in its sentence."""
    return [(clause, context, prefix) for clause, context, prefix, _ in _clauses_in_sentences(text)]


def _clauses_in_sentences(text: str) -> list[tuple[str, str, str, str]]:
    out = []
    for sentence in re.split(r"(?<=[。；;！？!?])", text):
        parts = [c.strip() for c in _CLAUSE.split(sentence) if c.strip()]
        for i, clause in enumerate(parts):
            out.append((clause, "".join(parts[max(0, i - 4): i]), "".join(parts[:i]), sentence.strip()))
    return out


def _inside_breakdown(prefix: str, clause: str) -> bool:
    """Inside a "（其中…）" list that breaks a total down (the closing bracket may end this clause)."""
    text = prefix + clause.rstrip(")）")
    opened = max(text.rfind("（其中"), text.rfind("(其中"))
    return opened >= 0 and text.find("）", opened) == -1 and text.find(")", opened) == -1


def _quoted(question: str) -> list[str]:
    """Names the question quotes: 《…》 titles with their brackets (《问政平潭》 ≠ 《问政平潭之有事你说》),
    “…” phrases without their quotes."""
    titles = re.findall(r"《[^》]{2,}》", question)
    phrases = re.findall(r"[“\"]([^”\"]{3,})[”\"]", question)
    return titles + phrases


def read_number(question: str, focus: str, docs, drop: set[str], history_part: str = "", idf=None,
                percent: bool = False) -> Extract | None:
    weights = key_terms(question, focus, drop, history_part, idf)
    want_unit = "%" if percent else next((u for u in UNIT_WORDS if re.search(rf"(多少|几){u}|{u}数", question)), "")
    q_bigrams = _bigrams(re.sub(r"\s", "", question))
    quoted = _quoted(question)
    to_target = bool(re.search(r"(缩短|减少|降低|下降|提高|提升|增加|增长|压缩)(到|至)|降至|缩至|达到|提至", question))
    best: tuple[float, Extract] | None = None
    for rank, doc in enumerate(docs):
        for clause, context, prefix in _sentence_clauses(doc.page_content):
            nums = _numbers(clause)
            if want_unit:
                nums = [n for n in nums if n[1] == want_unit or (not n[1] and want_unit == "件")]
            breakdown = _inside_breakdown(prefix, clause)
            if not nums:
                continue
            cov = max(_coverage(clause, weights), 0.8 * _coverage(context + clause, weights))
            if quoted and any(q in clause or q in context for q in quoted):
                cov = max(cov, 0.8)  # the exact name the question quotes
            if "年度报告" in clause or "年报" in clause:
                cov -= 0.3
            for (value, unit, start, _), (left, right) in zip(nums, _spans(clause, nums)):
                # In "A 42场、B 19场" a label precedes its number; the words after count only when
                # nothing before the number matches ("开展6期《问政平潭》").
                before = _coverage(left, weights)
                local = before if before > 0 else 0.5 * _coverage(right, weights)
                overlap = len(q_bigrams & _bigrams(left + right)) / max(len(q_bigrams), 1)
                score = cov + 0.3 * local + 0.2 * overlap - 0.01 * min(rank, 8)
                if quoted and any(q in clause for q in quoted):
                    score += 0.3
                if to_target and clause[max(0, start - 1): start] in ("至", "到"):
                    score += 0.2  # "由42分钟缩至19分钟": 缩短到多少 asks for the second
                if breakdown:
                    score -= 0.45  # an item of a "（其中…）" breakdown: the total before it is what is asked
                if best is None or score > best[0]:
                    best = (score, Extract(f"{value}{unit}", clause, doc.page_content, doc.metadata, cov,
                                           float(value)))
    return best[1] if best else None


_CONTACT = {
    "phone": (PHONE, r"电话|联系|热线|电 话"),
    "fax": (PHONE, r"传真"),
    "email": (re.compile(r"([\w.\-]+@[\w\-]+(?:\.[\w\-]+)+)"), r""),
    "postcode": (re.compile(r"(?<!\d)(\d{6})(?!\d)"), r"邮编|邮政编码"),
    "address": (re.compile(r"(?:地址|地点)\s*[:：]?\s*([^；;，,。)）]{4,60})"), r""),
    "website": (re.compile(r"([\u4e00-\u9fff“”\"]{2,30}(?:网站|网|平台|专栏)[”\"]?\s*[（(]?\s*"
                           r"(?:https?://)?(?:www\.)?[a-zA-Z0-9\-]+(?:\.[a-zA-Z0-9\-]+)+/?\s*[）)]?)"), r""),
}


def read_contact(kind: str, docs) -> Extract | None:
    """Phone, fax, e-mail, postcode or address from the report's contact lines."""
    pattern, label = _CONTACT[kind]
    for doc in docs:
        text = doc.page_content
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 12): m.start()]
            if label and not re.search(label, before):
                continue
            start = max(0, *(text.rfind(c, 0, m.start()) + 1 for c in "，；（。"))
            value = re.sub(r"\s", "", m.group(1)) if kind not in ("address", "website") else m.group(1).strip()
            return Extract(value, text[start: m.end()], text, doc.metadata, 1.0)
    return None


_DATE = re.compile(r"(20\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")


def read_publish_date(report, docs) -> Extract | None:
    """When the report was published: its metadata (page header or the date under the title or the
    signature), quoted from the passage that states it when there is one."""
    if not report.publish_date:
        return None
    y, m, d = (int(x) for x in report.publish_date.split("-"))
    short = f"{y}年{m}月{d}日"
    for doc in docs:
        for hit in _DATE.finditer(doc.page_content):
            if tuple(int(x) for x in hit.groups()) == (y, m, d):
                return Extract(short, hit.group(0), doc.page_content, doc.metadata, 1.0)
    meta = {"report_id": report.report_id, "section": "报告信息", "kind": "meta"}
    return Extract(short, f"发布日期：{report.publish_date}", f"发布日期：{report.publish_date}", meta, 1.0)


def read_period(docs) -> Extract | None:
    for doc in docs:
        m = PERIOD.search(doc.page_content)
        if m:
            short = re.sub(r"\s", "", f"{m.group(1)}至{m.group(2)}")
            clause = next((c for _, c in _clauses(doc.page_content) if m.group(1) in c), m.group(0))
            return Extract(short, clause, doc.page_content, doc.metadata, 1.0)
    return None


def read_fee(docs) -> Extract | None:
    for doc in docs:
        for _, clause in _clauses(doc.page_content):
            if not re.search(r"处理费|收费|收取", clause):
                continue
            if _NOT_CHARGED.search(clause):
                return Extract("未收取", clause, doc.page_content, doc.metadata, 1.0)
            m = re.search(r"(\d+(?:\.\d+)?)\s*(万元|元)", clause)
            if m and re.search(r"处理费", clause):
                return Extract(f"{m.group(1)}{m.group(2)}", clause, doc.page_content, doc.metadata, 1.0,
                               float(m.group(1)))
    return None


_PROBLEM_WORDS = re.compile(r"不足|问题|短板|差距|有待|仍需|尚需|不够|薄弱|不强|欠缺|不到位|不高")
_REMEDY_WORDS = re.compile(r"下一步|将进一步|改进措施|整改措施|我们将|将继续|将着力|计划")


def _is_problem(sentence: str) -> bool:
    return bool(_PROBLEM_WORDS.search(sentence)) and not _REMEDY_WORDS.search(sentence)


def _is_measure(sentence: str) -> bool:
    return bool(_MEASURE_WORDS.search(sentence)) and not _is_problem(sentence)


def _problems_score(section: str, _text: str, hits: int) -> float:
    score = hits + (3 if "问题" in section or "不足" in section else 0)
    if re.search(r"改进情况$|整改情况$", section) and "存在的主要问题" not in section:
        score -= 1
    return score


def _measures_score(section: str, text: str, hits: int) -> float:
    return hits + (3 if re.search(r"改进|整改|措施", section) else 0) + \
        (2 if re.search(r"改进措施|整改措施|下一步|将", text) else 0)


def _read_part_five(docs, wanted, score_of, in_scope=None) -> Extract | None:
    """The passage of part 五 whose sentences are most of the wanted kind (problems or measures),
    quoted from the first such sentence on."""
    best = None
    for rank, doc in enumerate(docs):
        text, section = doc.page_content, doc.metadata.get("section", "")
        if section.startswith("前言") or re.search(r"[六6]个部分", text):
            continue
        if in_scope is not None and not in_scope(section, text):
            continue
        sents = [x for x in re.split(r"(?<=[。；;])", text) if x.strip()]
        hits = [i for i, x in enumerate(sents) if wanted(x)]
        if not hits:
            continue
        score = score_of(section, text, len(hits)) - 0.1 * rank
        if best is None or score > best[0]:
            short = "".join(sents[hits[0]: hits[0] + 3]).strip()
            if len(short) < 15 and hits[0] + 1 < len(sents):
                short = "".join(sents[hits[0]: hits[0] + 4]).strip()
            best = (score, Extract(short[:300], short[:300], text, doc.metadata, 1.0))
    return best[1] if best else None


def read_problems(docs) -> Extract | None:
    """The sentences that state the problems (part 五), not the remedies that follow them."""
    return _read_part_five(docs, _is_problem, _problems_score)


_MEASURE_WORDS = re.compile(r"下一步|将|进一步|加强|加大|完善|推进|提升|强化|健全|规范|持续|深化|拓宽|丰富|抓好|落实|开展|建立")


def read_measures(docs) -> Extract | None:
    """The improvement measures of part 五, not the problems stated before them."""
    return _read_part_five(docs, _is_measure, _measures_score, lambda section, text: bool(
        section.startswith("五") or re.search(r"改进|整改|措施", section + text[:40])))


_ANSWER_TYPE = re.compile(r"(哪个|哪些|什么|哪家|何种|哪种|哪类)(部门|单位|渠道|方式|平台|途径|形式|机构|地方|网站|媒体)")


def read_text(question: str, focus: str, docs, drop: set[str], idf=None) -> Extract | None:
    """The clause (with the rest of its sentence as context) that shares most of the question's words."""
    weights = key_terms(_ANSWER_TYPE.sub(" ", question), _ANSWER_TYPE.sub(" ", focus), drop, "", idf)
    listing = bool(re.search(r"哪些|哪几|什么|怎样|如何", question))
    best = None
    for rank, doc in enumerate(docs):
        for clause, context, _, sentence in _clauses_in_sentences(doc.page_content):
            cov = max(_coverage(clause, weights), 0.85 * _coverage(context + clause, weights))
            score = cov - 0.01 * min(rank, 8)
            if best is None or score > best[0]:
                # "通过哪些渠道" is answered by the whole sentence, not one of its clauses.
                short = sentence[:200] if listing else clause
                best = (score, Extract(short, sentence[:300] or clause, doc.page_content, doc.metadata, cov))
    return best[1] if best else None


_NEGATION = re.compile(r"未|没有|无|不存在|零|0件|0起|0次")


def read_yes_no(question: str, focus: str, docs, drop: set[str], idf=None) -> Extract | None:
    """有没有/是否 questions: the sentence that states whether it happened (not a plan to prevent it),
    and whether it says so or says not."""
    asked = re.sub(r"有没有|是否|有无|是不是|吗", " ", _ANSWER_TYPE.sub(" ", question))  # the topic, not the 有没有
    weights = key_terms(asked, focus if focus != question else asked, drop, "", idf)
    best = None
    for rank, doc in enumerate(docs):
        section = doc.metadata.get("section", "")
        for clause, context, _, sentence in _clauses_in_sentences(doc.page_content):
            if re.search(r"[六6]个部分", sentence):
                continue  # the preamble's list of the report's parts
            cov = max(_coverage(clause, weights), 0.85 * _coverage(context + clause, weights),
                      0.8 * _coverage(section + clause, weights))
            states = 0.1 if re.search(r"未|没有|无|发生|出现|收到", clause) else 0.0
            plans = 0.1 if _MEASURE_WORDS.search(clause) else 0.0
            score = cov + states - plans - 0.01 * min(rank, 8)
            if best is None or score > best[0]:
                best = (score, Extract(clause, sentence[:300] or clause, doc.page_content, doc.metadata, cov))
    if best is None:
        return None
    ex = best[1]
    verdict = "没有" if _NEGATION.search(ex.short) else "有"
    ex.short = f"{verdict}（{ex.short}）"
    return ex

"""Contact details, dates and the statistics period: read from the lines that state them."""

from __future__ import annotations

import re

from assistant.read.common import Extract, chunk_order, clauses

PHONE = re.compile(r"(?<!\d)(0\d{2,3}\s*[-—–－]\s*\d{7,8}|1[3-9]\d{9}|\d{3,4}[-—–－]\d{7,8})(?!\d)")
PERIOD = re.compile(r"(\d{4}年\s*\d{1,2}月\s*\d{1,2}日)\s*(?:起)?\s*(?:至|到|—|-|～|~)\s*"
                    r"((?:\d{4}年)?\s*\d{1,2}月\s*\d{1,2}日)")
DATE = re.compile(r"(20\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")

# kind → (what the value looks like, words that must come just before it)
_CONTACT = {
    "phone": (PHONE, r"电话|联系|热线|电 话"),
    "fax": (PHONE, r"传真"),
    "email": (re.compile(r"([\w.\-]+[@＠][\w\-]+(?:\.[\w\-]+)+)"), r""),
    "postcode": (re.compile(r"(?<!\d)(\d{6})(?!\d)"), r"邮编|邮政编码"),
    "address": (re.compile(r"(?:地址|地点)\s*[:：，,]?\s*([^；;，,。)）]{4,60})"), r""),
    "website": (re.compile(r"([\u4e00-\u9fff“”\"]{2,30}(?:网站|网|平台|专栏)[”\"]?\s*[（(]?\s*"
                           r"(?:https?://)?(?:www\.)?[a-zA-Z0-9\-]+(?:\.[a-zA-Z0-9\-]+)+/?\s*[）)]?)"), r""),
}
CONTACT_KINDS = tuple(_CONTACT)


def read_contact(kind: str, docs) -> Extract | None:
    """Phone, fax, e-mail, postcode, address or website from the report's contact lines."""
    pattern, label = _CONTACT[kind]
    for doc in docs:
        text = doc.page_content
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 12): m.start()]
            if label and not re.search(label, before):
                continue
            label_text = re.split(r"[；;，,。）)]", before)[-1]
            if kind == "phone" and "传真" in label_text and not re.search(r"电话|联系", label_text):
                continue  # the fax number right after 电话 in "电话：…；传真：…" (but "电话/传真：…" is both)
            start = max(0, *(text.rfind(c, 0, m.start()) + 1 for c in "，；（。"))
            value = m.group(1).strip() if kind in ("address", "website") else re.sub(r"\s", "", m.group(1))
            return Extract(value.replace("＠", "@"), text[start: m.end()], text, doc.metadata, 1.0)
    return None


def _date_text(y: int, m: int, d: int) -> str:
    return f"{y}年{m}月{d}日"


def read_publish_date(report, docs) -> Extract | None:
    """When the report was published: its metadata (page header or the date under the title or the
    signature), quoted from the passage that states it when there is one."""
    if not report.publish_date:
        return None
    y, m, d = (int(x) for x in report.publish_date.split("-"))
    short = _date_text(y, m, d)
    for doc in docs:
        for hit in DATE.finditer(doc.page_content):
            if tuple(int(x) for x in hit.groups()) == (y, m, d):
                return Extract(short, hit.group(0), doc.page_content, doc.metadata, 1.0)
    meta = {"report_id": report.report_id, "section": "报告信息", "kind": "meta"}
    return Extract(short, f"发布日期：{report.publish_date}", f"发布日期：{report.publish_date}", meta, 1.0)


def read_end_note(docs) -> Extract | None:
    """"报告最后括号里注明了什么": the bracketed note that ends the report ("（此件主动公开）"), after its signature."""
    ordered = [d for d in sorted(docs, key=chunk_order) if d.metadata.get("kind", "prose") == "prose"]
    for doc in reversed(ordered):
        text = doc.page_content.rstrip()
        m = re.search(r"[（(]([^（）()]{2,30})[）)][^（）()\u4e00-\u9fff]*(?:附件下载|打印|关闭)?\s*$", text)
        if m:
            return Extract(m.group(1), m.group(0).strip(), doc.page_content, doc.metadata, 1.0)
        if text:
            return None
    return None


_SIGNER_END = re.compile(r"(?:局|委|办|室|厅|府|会|中心|街道|镇|乡|区)[）)]?\s*$")  # a body's name signs it


def read_signed_date(docs, issued: bool = False) -> Extract | None:
    """The date under the signature (落款): the last full date of the report's text, when it ends the text (only a
    note such as "（此件主动公开）" may follow) and stands on its line after no sentence; None for a report that has
    none (its last date is then the statistics period's or an event's)."""
    ordered = sorted(docs, key=chunk_order)
    hits = [(hit, doc, n) for n, doc in enumerate(ordered) for hit in DATE.finditer(doc.page_content)]
    if not hits:
        return None
    # "…经济发展局 2021年1月26日 …办公室 2020年1月26日印发": the issuing line's date is not the signature's
    # (`issued`: the question asks the 印发 date, which such a line gives)
    issuing = re.match(r"\s*印发", hits[-1][1].page_content[hits[-1][0].end():])
    hit, doc, n = hits[-2] if issuing and len(hits) > 1 and not issued else hits[-1]
    text = doc.page_content
    after = text[hit.end():] + "".join(d.page_content for d in ordered[n + 1:]
                                       if d.metadata.get("kind", "prose") == "prose" and d.page_content not in text)
    before = re.split(r"[\n。；;]", text[: hit.start()])[-1]
    # (a crawled page's own links may follow: 附件下载, 打印, 关闭)
    if re.sub(r"[\u4e00-\u9fff（）()]{2,30}\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发|"
              r"[\s（）()]|此件[^（）()]{0,8}公开|[。.]|^\s*(?:印发|发布|公开|制)|附件下载|附件|下载|打印本页|"
              r"关闭窗口|打印|关闭|返回顶部", "", after) or \
            not (not before.strip() or _SIGNER_END.search(before)):
        return None  # the statistics period, or an event's date, ends no signature
    short = _date_text(*(int(x) for x in hit.groups()))
    return Extract(short, hit.group(0), doc.page_content, doc.metadata, 1.0)


_SIGNER = re.compile(r"([\u4e00-\u9fff（）()]{4,40}?"
                     r"(?:委员会|管理局|管委会|办公厅|办公室|人民政府|政府|局|委|办|厅|中心|街道|镇|乡))\s*$")


def read_signer(docs) -> Extract | None:
    """The body named in the signature (落款), as written: the words just before the last date."""
    date = read_signed_date(docs)
    if date is None:
        return None
    text = date.passage
    at = text.rfind(date.clause)
    before = re.split(r"[。；;：:！!？?]", text[max(0, at - 80): at])[-1]
    m = _SIGNER.search(before.strip())
    if m is None:
        return None
    name = re.sub(r"^.*?(?:[一二三四五六七八九十]、|\d+[.、])", "", m.group(1))
    return Extract(name, f"{name} {date.clause}", text, date.meta, 1.0)


# A person named with a role ("联系人：王某某", "张三同志"): reports rarely name anyone, a question asking who by name
# is refused rather than answered with a role ("经分管领导把关")
_PERSON = re.compile(r"(?:联系人|负责人|局长|主任|经办人)\s*[：:]\s*([\u4e00-\u9fff]{2,3})(?=[，,。；;\s（(]|$)|"
                     r"([\u4e00-\u9fff]{2,3})同志(?=[，,。；;\s]|$)")


def read_person(docs) -> Extract | None:
    for doc in docs:
        m = _PERSON.search(doc.page_content)
        if m:
            name = m.group(1) or m.group(2)
            clause = next((c for _, c in clauses(doc.page_content) if name in c), m.group(0))
            return Extract(name, clause, doc.page_content, doc.metadata, 1.0)
    return None


# The fields a government page prints above a report ("索引号 | 014314799/2024-00002 | 分类 | 信息公开年报")
FIELDS = ("索引号", "主题分类", "组配分类", "信息分类", "发布机构", "公开方式", "公开范围", "有效性")
_FIELD_ASKED = re.compile("|".join(FIELDS))


def read_field(question: str, docs) -> Extract | None:
    """A page field's value, as printed beside its label."""
    asked = _FIELD_ASKED.search(question)
    if asked is None:
        return None
    pattern = re.compile(rf"{asked.group(0)}\s*[|｜：:]\s*([^|｜\n]+?)\s*(?:[|｜\n]|$)")
    for doc in sorted(docs, key=chunk_order):
        m = pattern.search(doc.page_content)
        if m and m.group(1).strip():
            return Extract(m.group(1).strip(), m.group(0).strip(" |｜"), doc.page_content, doc.metadata, 1.0)
    return None


def read_period(docs) -> Extract | None:
    for doc in docs:
        m = PERIOD.search(doc.page_content)
        if m:
            short = re.sub(r"\s", "", f"{m.group(1)}至{m.group(2)}")
            clause = next((c for _, c in clauses(doc.page_content) if m.group(1) in c), m.group(0))
            return Extract(short, clause, doc.page_content, doc.metadata, 1.0)
    return None

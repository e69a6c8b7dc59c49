"""Turn extracted text into clean lines: paragraphs joined, footers and web chrome dropped."""

from __future__ import annotations

import re
import unicodedata

CJK = r"\u4e00-\u9fff"
_FOOTER = re.compile(r"^\s*[-—–]+\s*\d{1,3}\s*[-—–]+\s*$|^\s*第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?\s*$")
_INLINE_FOOTER = re.compile(r"\s[-—–]{1,2}\s?\d{1,3}\s?[-—–]{1,2}\s")
_CHROME_START = re.compile(r"^.*(相关链接[：:]\s*(-->)?|文字版\s*文件下载)", re.S)
_CHROME_END = re.compile(r"(附件下载|【打印本页】|扫一扫在手机打开当前页|相关链接).*$", re.S)
# Headings and list items start a new line; they are never glued to the previous one.
HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]+部分|\d{1,2}[、．.](?!\d)|[（(]\d{1,2}[）)])"
)
_TERMINAL = tuple("。；！？;!?」”")
_NUMERIC_LINE = re.compile(r"^[\d\s.,\-—/%|]+$")


def normalise(text: str) -> str:
    """Full-width digits, letters and spaces to ASCII; keep Chinese punctuation (it marks clauses)."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            out.append(unicodedata.normalize("NFKC", ch))
        elif ch in "\u3000\u00a0\u2002\u2003\u2009\ufeff":
            out.append(" ")
        elif ch == "\uff0e":
            out.append(".")
        else:
            out.append(ch)
    return "".join(out).replace("\r\n", "\n").replace("\r", "\n")


def strip_web_chrome(text: str) -> str:
    """Crawled pages carry breadcrumbs and share buttons before the report and download links after it."""
    head = text[:600]
    m = _CHROME_START.match(head)
    if m and ("当前位置" in head or "首页" in head):
        text = text[m.end():]
    tail_start = max(0, len(text) - 400)
    m = _CHROME_END.search(text, tail_start)
    if m:
        text = text[: m.start()]
    return text


def _split_run_on(line: str) -> list[str]:
    """A page flattened to one long line: break it before part and sub-part headings."""
    if len(line) < 400:
        return [line]
    line = re.sub(
        r"(?<=[。；：\d）\s])(?=(?:[一二三四五六七八九十]、(?:总体|主动|收到|政府信息|因政府|存在|其他|本年|上年|结转)|[（(][一二三四五六七八九十][）)]))",
        "\n",
        line,
    )
    return line.split("\n")


def tighten_spaces(line: str) -> str:
    """Drop spaces that PDF extraction puts between Chinese characters and the numbers in prose."""
    line = re.sub(rf"(?<=[{CJK}，。、；：（）《》“”])[ \t]+(?=[{CJK}，。、；：（）《》“”])", "", line)
    line = re.sub(rf"(?<=[{CJK}，。、；：（）])[ \t]+(?=\d+(?:\.\d+)?\s*[{CJK}%])", "", line)
    line = re.sub(r"(?<=\d)[ \t]+(?=[年月日条件个次项篇期场份万元家起批人名%])", "", line)
    return re.sub(r"[ \t]{2,}", " ", line).strip()


def _is_table_line(line: str) -> bool:
    return "|" in line or bool(_NUMERIC_LINE.match(line)) or bool(
        re.search(r"(?:\s\d+(?:\.\d+)?){2,}\s*$", line)
    )


PAGE_BREAK = "\f"  # the PDF loader puts one between pages


def clean(text: str) -> str:
    """Return cleaned text, one paragraph, heading or table row per line."""
    return clean_pages(text)[0]


def clean_pages(text: str) -> tuple[str, list[int]]:
    """`clean`, plus where each page starts in the cleaned text (pages end at PAGE_BREAK).

    A paragraph that runs over a page break is still joined; its page is the one it starts on.
    """
    text = strip_web_chrome(normalise(text))
    lines: list[str] = []
    starts: list[int] = []
    size = 0  # len("\n".join(lines)) + 1, kept as we go
    for page in text.split(PAGE_BREAK):
        starts.append(size)
        first = True
        for line in page.split("\n"):
            for raw in _split_run_on(line):
                count, before = len(lines), size
                size += _add_line(lines, raw)
                if first and size != before:
                    first = False
                    if len(lines) == count:  # joined to the last page's paragraph: the page starts mid-line
                        starts[-1] = before - 1
    return "\n".join(lines), starts


def _add_line(lines: list[str], raw: str) -> int:
    """Append one raw line (or join it to the last one); return how much the text grew."""
    raw = _INLINE_FOOTER.sub(" ", f" {raw} ").strip()
    if not raw or _FOOTER.match(raw):
        return 0
    line = tighten_spaces(raw)
    if not line:
        return 0
    if lines and _joins(lines[-1], line):
        before = len(lines[-1])
        lines[-1] = tighten_spaces(lines[-1] + line)
        return len(lines[-1]) - before
    lines.append(line)
    return len(line) + 1


def _joins(prev: str, line: str) -> bool:
    """A hard wrap: the previous line stops mid-sentence and this one is not a new block."""
    if HEADING.match(line) or _is_table_line(prev) or _is_table_line(line):
        return False
    if prev.endswith(_TERMINAL):
        return False
    m = HEADING.match(prev)
    if m and len(prev) < 30 and not re.search(r"[，。；：:]", prev[m.end():]):
        return False  # a short heading line stands alone
    if len(prev) < 40 and re.search(r"(年度报告|工作报告|年报)$", prev):
        return False  # the title
    return True

"""Split a cleaned report into its parts (一 to 六) and sub-parts, tolerant of the variants seen."""

from __future__ import annotations

import re

from ingest.models import Section

PREAMBLE = "前言"
# Table rows of table 三 also start with 一、二、三、四、; they are not parts.
_TABLE_ROW = re.compile(r"^[一二三四]、(本年新收|上年结转|本年度办理|结转下年度)")
_PART = re.compile(r"^([一二三四五六七八])、\s*(.{2,40}?(?:情况|事项|措施)|.{2,30}?问题)")
_SUB = re.compile(r"^([（(][一二三四五六七八九十][）)])\s*([^。：:；]{2,24}?)(?:[。：:；]|$)")
# Parts whose body is a table: their （一）… lines are table rows, not sub-parts.
_TABLE_PART = re.compile(r"主动公开政府信息情况|收到和处理|行政复议|行政诉讼")
# A report that drops the 五、 heading: its problems sub-part would otherwise sit under table 四.
_PROBLEMS_SUB = re.compile(r"^[（(][一二三][）)].{0,20}(存在.{0,6}问题|问题.{0,4}改进|改进情况|整改)")
PROBLEMS_PART = "五、存在的主要问题及改进情况"


def part_title(line: str) -> str | None:
    if _TABLE_ROW.match(line):
        return None
    m = _PART.match(line)
    return f"{m.group(1)}、{m.group(2)}" if m else None


def split_sections(text: str) -> list[Section]:
    sections: list[Section] = []
    part, sub = PREAMBLE, ""
    buf: list[str] = []
    start = 0
    offset = 0

    def flush() -> None:
        if buf:
            path = f"{part} > {sub}" if sub else part
            sections.append(Section(path=path, text="\n".join(buf), start=start))

    for line in text.split("\n"):
        title = part_title(line)
        if not title and _TABLE_PART.search(part) and _PROBLEMS_SUB.match(line):
            title = PROBLEMS_PART
        sub_m = None if title or _TABLE_PART.search(part) else _SUB.match(line)
        if title or sub_m:
            flush()
            buf, start = [], offset
            if title == PROBLEMS_PART and _PROBLEMS_SUB.match(line):
                part, sub = title, _SUB.match(line).group(0).rstrip("。：:；") if _SUB.match(line) else ""
            elif title:
                part, sub = title, ""
            else:
                sub = f"{sub_m.group(1)}{sub_m.group(2)}"
        buf.append(line)
        offset += len(line) + 1
    flush()
    return [s for s in sections if s.text.strip()]

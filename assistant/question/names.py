"""Issuing-body names and the short forms people use for them (市科技局 ↔ 市科学技术局)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Long official words → the short forms citizens type.
ABBREVIATIONS = {
    "人民政府办公厅": ["政府办公厅", "政府办", "办公厅"],
    "人民政府办公室": ["政府办公室", "政府办", "办公室"],
    "人民政府": ["政府"],
    "科学技术局": ["科技局"],
    "发展和改革局": ["发改局", "发展改革局"],
    "发展和改革委员会": ["发改委", "发展改革委"],
    "人力资源和社会保障局": ["人社局"],
    "住房和城乡建设局": ["住建局"],
    "自然资源和规划局": ["自然资源局", "资规局"],
    "生态环境局": ["环保局", "生态环境局"],
    "市场监督管理局": ["市场监管局"],
    "卫生健康委员会": ["卫健委"],
    "交通运输局": ["交通局"],
    "农业农村局": ["农业局", "农业农村局"],
    "文化广电和旅游局": ["文旅局", "文广旅局"],
    "应急管理局": ["应急局"],
    "医疗保障局": ["医保局"],
    "退役军人事务局": ["退役军人局"],
    "行政审批局": ["审批局"],
    "教育局": ["教育局"],
    "财政局": ["财政局"],
    "公安局": ["公安局"],
    "民政局": ["民政局"],
    "司法局": ["司法局"],
    "水利局": ["水利局", "水务局"],
    "统计局": ["统计局"],
    "审计局": ["审计局"],
}
_PLACE = re.compile(r"(.{2,8}?(?:自治区|自治州|综合实验区|新区|省|市|县|区|旗|镇|乡|街道))")
_PLACE_SUFFIX = re.compile(r"(自治区|自治州|综合实验区|新区|省|市|县|区|旗|镇|乡|街道)$")


@dataclass(frozen=True)
class BodyName:
    body: str
    places: list[list[str]]  # each place unit with its spellings: [["淮安市", "淮安"], ["洪泽区", "洪泽"]]
    department: list[str]  # spellings of the department part; [] for a whole government


@lru_cache(maxsize=65536)
def parse_body(body: str) -> BodyName:
    """Cached: every question scores every report's body, so this must not re-run regexes."""
    return _parse_body(body)


def _parse_body(body: str) -> BodyName:
    body = re.sub(r"[（(].*?[）)]", "", body).strip()
    places: list[list[str]] = []
    rest = body
    while True:
        m = _PLACE.match(rest)
        if not m or m.group(1) in ("人民政府",):
            break
        unit = m.group(1)
        if any(unit.endswith(w) for w in ("政府", "局", "委", "办")):
            break
        short = _PLACE_SUFFIX.sub("", unit)
        spellings = [unit] + ([short] if len(short) >= 2 else [])
        suffix = _PLACE_SUFFIX.search(unit).group(1)
        if len(suffix) >= 4:
            spellings.append(suffix[-3:])  # 综合实验区 → 实验区
        places.append(spellings)
        rest = rest[m.end():]
    department: list[str] = []
    if rest:
        department.append(rest)
        for long, shorts in ABBREVIATIONS.items():
            if rest.endswith(long):
                head = rest[: -len(long)]
                department += [head + s for s in shorts]
                break
    return BodyName(body, places, department)


def all_department_words(names: list[BodyName]) -> set[str]:
    words = set()
    for n in names:
        words.update(n.department)
    for shorts in ABBREVIATIONS.values():
        words.update(s for s in shorts if len(s) >= 3)
    return words

"""Issuing-body names and the short forms people use for them (市科技局 ↔ 市科学技术局, 财金局 ↔ 财政金融局).

Short forms come from two places: a list of the official words whose 简称 is fixed by usage (科学技术局 →
科技局), and a rule that makes the usual 简称 of any department name: the first character of each of its
two-character words before the suffix (经济发展局 → 经发局, 财政金融局 → 财金局), or its first word alone
(财政金融局 → 财政局).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Long official words → the short forms citizens type (fixed by usage, not derivable by rule).
ABBREVIATIONS = {
    "人民政府办公厅": ["政府办公厅", "政府办", "办公厅"],
    "人民政府办公室": ["政府办公室", "政府办", "办公室"],
    "人民政府": ["政府"],
    "管理委员会": ["管委会"],
    # (a bureau that was a commission is still called by the commission's name: 科委, 发改委)
    "科学技术局": ["科技局", "科委", "科技委"],
    "发展和改革局": ["发改局", "发展改革局", "发改委"],
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
    "水利局": ["水利局", "水务局"],
}
# The endings of department names, longest first: the rule keeps them in a 简称.
SUFFIXES = ("管理委员会", "委员会", "管理局", "办公室", "办公厅", "服务中心", "中心",
            "局", "委", "办", "厅", "署", "院")
PLACE_SUFFIXES = ("自治区", "自治州", "综合实验区", "新区", "开发区", "省", "市", "县", "区", "旗", "镇", "乡", "街道")
_PLACE = re.compile(r"(.{2,8}?(?:" + "|".join(PLACE_SUFFIXES) + "))")
_PLACE_SUFFIX = re.compile(r"(" + "|".join(PLACE_SUFFIXES) + ")$")
# Words in a department's name that a 简称 drops ("发展和改革局" → 发改局).
_JOINERS = re.compile(r"和|与|及")


@dataclass(frozen=True)
class BodyName:
    body: str
    places: list[list[str]]  # each place unit with its spellings: [["淮安市", "淮安"], ["洪泽区", "洪泽"]]
    department: list[str]  # spellings of the department part; [] for a whole government

    @property
    def is_government(self) -> bool:
        """The place's own government (or the body reporting for it): no department, or only 人民政府/管委会."""
        return not self.department or self.department[0] in ("人民政府", "管理委员会", "管委会", "政府")


@lru_cache(maxsize=65536)
def parse_body(body: str) -> BodyName:
    """Cached: every question scores every report's body, so this must not re-run regexes."""
    return _parse_body(body)


def rule_abbreviations(department: str) -> list[str]:
    """The 简称 a department name's words make: 经济发展局 → 经发局, 经济局; 海坛片区管理局 → 海坛片区."""
    suffix = next((s for s in SUFFIXES if department.endswith(s) and len(department) > len(s)), "")
    core = department[: len(department) - len(suffix)] if suffix else department
    core = _JOINERS.sub("", core)
    out: list[str] = []
    if suffix and len(core) >= 4 and len(core) % 2 == 0:
        words = [core[i: i + 2] for i in range(0, len(core), 2)]
        short_suffix = "局" if suffix == "管理局" else suffix
        out.append("".join(w[0] for w in words) + short_suffix)  # 经济发展局 → 经发局
        out.append(words[0] + short_suffix)  # 财政金融局 → 财政局
        out.append(words[0] + suffix)  # 海坛片区管理局 → 海坛管理局
    if suffix in ("管理局", "管理委员会", "服务中心") and len(core) >= 3:
        out.append(core)  # 海坛片区管理局 → 海坛片区
    area = re.match(r"(.{2,})(片区|街道|园区|社区)$", core)
    if area:
        out.append(area.group(1))  # 海坛片区管理局 → 海坛 ("海坛那边", as people who live there say it)
    return [w for w in dict.fromkeys(out) if w != department]


def _parse_body(body: str) -> BodyName:
    body = re.sub(r"[（(].*?[）)]", "", body).strip()
    places: list[list[str]] = []
    rest = body
    while True:
        m = _PLACE.match(rest)
        if not m or m.group(1) in ("人民政府",):
            break
        unit = m.group(1)
        if any(unit.endswith(w) for w in ("政府", "局", "委", "办", "片区")) or _JOINERS.search(unit):
            break  # 海坛片区管理局 and 住房和城乡建设局 are departments, not places
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
        else:
            department += rule_abbreviations(rest)
    return BodyName(body, places, list(dict.fromkeys(department)))

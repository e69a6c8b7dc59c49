"""Synthetic distractor reports: real .txt/.md reports with another body and another year.

They look exactly like the real ones (same template, same figures), so they test that the
assistant tells bodies and years apart instead of matching the template words. The issuing
body, its place name and the report year are replaced; everything else is kept.
"""

from __future__ import annotations

import re
from pathlib import Path

_PLACES = ("青山", "白河", "东岭", "石桥", "柳溪", "云塘", "北川", "松原", "梅林", "金沙", "枫桥", "南浦")
_LEVELS = ("县", "市", "区")
_DEPARTMENTS = ("发展和改革局", "科学技术局", "教育局", "财政局", "自然资源局", "人民政府办公室",
                "农业农村局", "卫生健康委员会", "市场监督管理局", "交通运输局")
_CJK_NAME = r"[\u4e00-\u9fff（）()]{2,40}?"
_YEAR = r"(?P<year>(?:19|20)\d{2})\s*年度?\s*"
_TAIL = r"\s*政府信息公开\s*(?:工作\s*)?年度\s*报告"
# "中卫市科学技术局2024年政府信息公开工作年度报告" and "2025 年上海市人民政府办公厅政府信息公开工作年度报告"
_TITLES = (re.compile(rf"(?P<body>{_CJK_NAME})\s*{_YEAR}{_TAIL}"),
           re.compile(rf"{_YEAR}(?P<body>{_CJK_NAME}){_TAIL}"))
_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,4}?(?:省|市|县|区)")
_SKIP_TITLE_WORDS = ("标题", "当前位置", "首页")


def synthetic_body(i: int) -> tuple[str, str]:
    """(place, body) for the i-th distractor, e.g. ("青山县", "青山县发展和改革局")."""
    place = _PLACES[i % len(_PLACES)] + _LEVELS[(i // len(_PLACES)) % len(_LEVELS)]
    return place, place + _DEPARTMENTS[i % len(_DEPARTMENTS)]


def find_body_year(text: str) -> tuple[str, int] | None:
    """The issuing body and year named in the report's title, or None when there is no title."""
    head = text[:5000]
    matches = [m for pattern in _TITLES for m in pattern.finditer(head)]
    for m in sorted(matches, key=lambda m: m.start()):
        body = _strip_prefix(m.group("body"))
        if len(body) >= 2:
            return body, int(m.group("year"))
    return None


def _strip_prefix(body: str) -> str:
    # A crawled page puts breadcrumbs before the title: keep the words after the last of them.
    for word in _SKIP_TITLE_WORDS:
        if word in body:
            body = body.rsplit(word, 1)[-1]
    return body.lstrip("：: ")


def disguise(text: str, body: str, year: int, new_place: str, new_body: str, new_year: int) -> str:
    out = text.replace(body, new_body)
    # The place name alone ("平潭", "中卫") also names the body elsewhere in the text.
    place = _PLACE.match(body)
    stem = place.group(0)[:-1] if place else body[:2]
    out = out.replace(stem, new_place[:-1])
    # Shift every year mention by the same amount so "上年"/"本年" stay consistent.
    shift = new_year - year
    return re.sub(r"(?<!\d)((?:19|20)\d{2})(?=\s*年)", lambda m: str(int(m.group(1)) + shift), out)


def make_distractors(reports_dir: Path, n: int, out_dir: Path) -> list[Path]:
    """Write `n` distractor reports into `out_dir`; deterministic for the same inputs."""
    sources = _sources(Path(reports_dir))
    if n <= 0 or not sources:
        return []
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(n):
        path, text, body, year = sources[i % len(sources)]
        place, new_body = synthetic_body(i)
        new_year = year - 3 - (i % 4)  # years no real report in the set uses for this body
        target = out_dir / f"distractor-{i + 1:02d}-{path.stem}{path.suffix}"
        target.write_text(disguise(text, body, year, place, new_body, new_year), encoding="utf-8")
        written.append(target)
    return written


def _sources(reports_dir: Path) -> list[tuple[Path, str, str, int]]:
    out = []
    for path in sorted(reports_dir.iterdir()):
        if path.suffix.lower() not in (".txt", ".md") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found = find_body_year(text)
        if found:
            out.append((path, text, *found))
    return out

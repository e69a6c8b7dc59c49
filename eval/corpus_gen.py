"""A synthetic province of reports for `gongkai bench`, made from the real text reports.

Each generated report is a real .txt/.md report with another issuing body (a generated
county/department name), another year, and the figures of tables 三 and 四 multiplied by
one integer factor k, and the other counted prose figures ("主动公开信息91条") by a factor m.
Multiplying every cell of a table by the same k keeps every row and
column sum true. A (source, k) pair is only used when reading the scaled text gives exactly
k times the source's table cells and the same audit findings; otherwise that source keeps
its figures (k = 1). Deterministic: the same inputs give the same files.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from eval.distractors import disguise, find_body_year

_FIRST = "青白东石柳云北松梅金枫南安宁永泰丰兴德华清和平长新乐福康嘉瑞"
_SECOND = "山河岭桥溪塘川原林沙浦阳江湖城源水台坪州"
_LEVELS = ("县", "市", "区")
_CITY_SUFFIX = "都"  # not one of _SECOND: a city's short name is never one of its own places'
_DEPARTMENTS = ("发展和改革局", "科学技术局", "教育局", "财政局", "自然资源局", "人民政府办公室",
                "农业农村局", "卫生健康委员会", "市场监督管理局", "交通运输局", "司法局", "民政局")
_FACTORS = (1, 2, 3)
# Stand-alone numbers of at most 5 digits, not part of a date, a decimal or an item number ("1.").
# Longer digit runs are cells written together without separators (pingtan); they are left alone,
# and the check below then keeps such a source at k = 1.
_NUMBER = re.compile(r"(?<![\d.])(\d{1,5})(?![\d.])(?!\s*[年月日号])")
_SCALED_TABLES = ("三", "四")
# Other prose figures ("主动公开信息91条", "发布31条") are multiplied by one factor per report, which
# keeps their own sums (31 + 60 = 91); they are in no table the facts read.
_PROSE_FIGURE = re.compile(r"(?<![\d.])(\d{1,5})(?![\d.])(?=\s*(?:条|篇|次|场|期|人次|家|个))")
# Prose that restates those tables ("受理政府信息公开申请1295件", "办结1191件") is scaled with them.
_PROSE_COUNT = re.compile(r"(?<=申请|办结|办理|结转|复议|诉讼|答复)([^。；\d]{0,25}?)(?<![\d.])(\d{1,5})(?=\s*[件起])")


@dataclass
class Source:
    path: Path
    text: str
    body: str
    year: int
    facts: dict  # (table, row, column) -> value, tables 三/四 only, as read from the source
    factors: tuple[int, ...]  # the k this source may be scaled by


@dataclass
class Generated:
    file: str
    source: str
    body: str
    year: int
    k: int
    m: int

    def to_dict(self) -> dict:
        return asdict(self)


def synthetic_city(first: int) -> str:
    """The prefecture-level city a generated place lies in: one per first character (30 cities, 60 places each)."""
    return _FIRST[first] + _CITY_SUFFIX + "市"


def synthetic_body(i: int) -> tuple[str, str]:
    """(place, body), unique for i < 21,600: e.g. ("青山县", "青都市青山县科学技术局"). The city prefix makes
    province questions ("青都市各区县…最多", "青都市所有单位…一共") ask over many bodies, as a real province's do."""
    n_places = len(_FIRST) * len(_SECOND) * len(_LEVELS)
    p = i % n_places
    first, rest = divmod(p, len(_SECOND) * len(_LEVELS))
    second, level = divmod(rest, len(_LEVELS))
    place = _FIRST[first] + _SECOND[second] + _LEVELS[level]
    # Same place again (i + n_places) gets the next department, so bodies stay unique.
    return place, synthetic_city(first) + place + _DEPARTMENTS[(i // n_places + i) % len(_DEPARTMENTS)]


def scale_tables(text: str, k: int) -> str:
    """Multiply every stand-alone figure between the heading of part 三 and part 五 by k."""
    if k == 1:
        return text
    start = text.find("收到和处理政府信息公开申请情况")
    end = text.find("存在的主要问题", start + 1) if start >= 0 else -1
    if start < 0 or end < 0:
        return text
    region = _NUMBER.sub(lambda m: str(int(m.group(1)) * k), text[start:end])
    return _scale_prose(text[:start], k) + region + _scale_prose(text[end:], k)


def scale_prose_figures(text: str, m: int) -> str:
    """Multiply the counted prose figures outside parts 三 and 四 by m."""
    if m == 1:
        return text
    start = text.find("收到和处理政府信息公开申请情况")
    end = text.find("存在的主要问题", start + 1) if start >= 0 else -1
    if start < 0 or end < 0:
        start = end = len(text)
    scale = lambda part: _PROSE_FIGURE.sub(lambda x: str(int(x.group(1)) * m), part)  # noqa: E731
    return scale(text[:start]) + text[start:end] + scale(text[end:])


def _scale_prose(text: str, k: int) -> str:
    return _PROSE_COUNT.sub(lambda m: m.group(1) + str(int(m.group(2)) * k), text)


def _table_facts(path: Path, text: str) -> tuple[dict, int]:
    """Tables 三/四 cells and the number of audit findings, as the real parser reads `text`."""
    import tempfile

    from ingest.config import Config
    from ingest.parse import parse_report

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / path.name
        p.write_text(text, encoding="utf-8")
        parsed = parse_report(p, Config())
    cells = {(f.table, f.row, f.column): f.value for f in parsed.facts if f.table in _SCALED_TABLES}
    return cells, parsed.report.audit_findings


def _allowed_factors(path: Path, text: str) -> tuple[dict, tuple[int, ...]]:
    base, findings = _table_facts(path, text)
    ok = [1]
    for k in _FACTORS[1:]:
        cells, scaled_findings = _table_facts(path, scale_tables(text, k))
        expected = {key: (None if v is None else v * k) for key, v in base.items()}
        if base and cells == expected and scaled_findings == findings:
            ok.append(k)
    return base, tuple(ok)


def load_sources(reports_dir: Path) -> list[Source]:
    out = []
    for path in sorted(Path(reports_dir).iterdir()):
        if path.suffix.lower() not in (".txt", ".md") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found = find_body_year(text)
        if not found:
            continue
        facts, factors = _allowed_factors(path, text)
        out.append(Source(path, text, found[0], found[1], facts, factors))
    return out


def generate_one(sources: list[Source], i: int, out_dir: Path) -> Generated:
    """The i-th generated report (0-based), written into `out_dir`."""
    src = sources[i % len(sources)]
    place, body = synthetic_body(i)
    year = src.year - (i // len(sources)) % 4
    k = src.factors[(i // len(sources)) % len(src.factors)]
    m = 1 + i % 7
    text = disguise(scale_prose_figures(scale_tables(src.text, k), m), src.body, src.year, place, body, year)
    name = f"bench-{i + 1:05d}-{src.path.stem}{src.path.suffix}"
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    (Path(out_dir) / name).write_text(text, encoding="utf-8")
    return Generated(name, src.path.name, body, year, k, m)


def generate(reports_dir: Path, n: int, out_dir: Path, sources: list[Source] | None = None) -> list[Generated]:
    """Write `n` reports into `out_dir` (bench-00001-….txt …) and `manifest.jsonl`; returns the manifest."""
    sources = sources if sources is not None else load_sources(reports_dir)
    if not sources:
        raise ValueError(f"{reports_dir} 中没有可用作模板的文本报告（.txt/.md）")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = [generate_one(sources, i, out_dir) for i in range(n)]
    with open(out_dir / "manifest.jsonl", "w", encoding="utf-8") as fh:
        for g in manifest:
            fh.write(json.dumps(g.to_dict(), ensure_ascii=False) + "\n")
    return manifest

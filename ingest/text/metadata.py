"""Read a report's title, issuing body, year covered, template and publish date from its content."""

from __future__ import annotations

import re

_CJK = r"\u4e00-\u9fff"
_YEAR = r"(?:19|20)\d{2}"
# "洪泽区人民政府2023年政府信息公开工作年度报告", "2025年上海市人民政府办公厅政府信息公开工作年度报告"
_TITLE = re.compile(
    rf"^[ \t#]*(?P<pre>[^\s，。；：:、|《》“”]{{0,40}}?)\s*(?P<year>{_YEAR})\s*年度?\s*"
    rf"(?P<post>[^\s，。；：:|]{{0,40}}?"
    rf"(?:政府信息公开|政务公开|信息公开)[^\s，。；：:|]{{0,12}}?(?:年度报告|工作报告|年报|报告))",
    re.M,
)
_ORG_END = re.compile(
    r"(?:人民政府|政府|办公厅|办公室|管委会|委员会|局|厅|委|署|院|中心|实验区|新区|开发区|区|县|市|旗|州|盟|镇|乡|街道|公司|所|站|处|部|办)$"
)
_NOISE_PREFIX = re.compile(r"^(?:正文|标题|名称|附件\d*|关于)+")
_STATS_YEAR = re.compile(
    rf"统计(?:期限|时限|时间|区间|周期)?\s*(?:为|是|自|从|：|:)?\s*({_YEAR})\s*年\s*1\s*月\s*1\s*日")
_DATE = re.compile(rf"({_YEAR})\s*[-年/.]\s*(\d{{1,2}})\s*[-月/.]\s*(\d{{1,2}})")
_END_DATE = re.compile(rf"({_YEAR})年(\d{{1,2}})月(\d{{1,2}})日\s*[)）]?\s*$")
_PAREN_DATE = re.compile(rf"[（(]\s*({_YEAR})年(\d{{1,2}})月(\d{{1,2}})日\s*[)）]")
_LABEL_DATE = re.compile(
    rf"(?:公开日期|发布日期|发布时间)\s*[|:：]?\s*({_YEAR})\s*[-年/.]\s*(\d{{1,2}})\s*[-月/.]\s*(\d{{1,2}})")
_CITY_END = ("市", "省", "州", "盟")
_STOP_CHARS = set("由在的和与及对向据经于从为是请按将")

_TPL_2021_CITE = re.compile(r"国办公开办函\s*[〔\[【(（]\s*2021\s*[〕\]】)）]\s*30\s*号")
_TPL_2019_CITE = re.compile(r"国办公开办函\s*[〔\[【(（]\s*2019\s*[〕\]】)）]\s*60\s*号")
# Rows only one format has (属于行政查询事项 and 结果维持 are in both).
_TPL_2021_ROWS = ("本年制发件数", "本年废止件数", "现行有效件数", "申请人无正当理由逾期不补正",
                  "申请人逾期未按收费通知")
_TPL_2019_ROWS = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量")

# Names fixed wherever they appear: 沐阳县 does not exist, it is OCR for 沭阳县.
_BODY_FIXES = {"沐阳县": "沭阳县", "沐阳": "沭阳"}


def _iso(y: str, m: str, d: str) -> str | None:
    year, month, day = int(y), int(m), int(d)
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


# A document number run into the title ("岚经发〔2021〕17号平潭综合实验区经济发展局…") is not part of the name.
_DOC_NUMBER = re.compile(r"^.*?[〔\[［]\s*(?:19|20)\d{2}\s*[〕\]］]\s*\d+\s*号")


def normalise_body(body: str) -> str:
    body = _DOC_NUMBER.sub("", body.strip())
    body = _NOISE_PREFIX.sub("", body.strip(" 　\"'“”《》【】[]()（）-—_|"))
    for wrong, right in _BODY_FIXES.items():
        body = body.replace(wrong, right)
    return body


def find_title(text: str, hints: dict[str, str]) -> re.Match | None:
    """The report's own title: in the first lines of the text, else in the page/crawler title."""
    head = "\n".join(text.splitlines()[:8])[:1500]
    m = _TITLE.search(head)
    if m:
        return m
    title = hints.get("标题") or hints.get("title") or ""
    return _TITLE.search(title)


def _body_from_title(m: re.Match) -> str:
    pre = normalise_body(m.group("pre"))
    if pre and _ORG_END.search(pre):
        return pre
    post = re.split(r"政府信息公开|政务公开|信息公开", m.group("post"))[0]
    post = normalise_body(post)
    return post if post and _ORG_END.search(post) else ""


def _body_from_text(text: str, hints: dict[str, str]) -> str:
    """No title: "本报告由…编制", a signature line before the closing date, or the crawler's issuer."""
    m = re.search(rf"本报告由([{_CJK}]{{3,30}}?)(?:办公室|办公厅)?(?:根据|依据|按照|编制)", text)
    if m:
        return normalise_body(m.group(1))
    for line in reversed(text.splitlines()[-4:]):
        sig = _END_DATE.sub("", line).strip()
        if 3 <= len(sig) <= 30 and _ORG_END.search(sig) and re.fullmatch(rf"[{_CJK}]+", sig):
            return normalise_body(sig)
    return normalise_body(hints.get("发布机构", "") or hints.get("单位", ""))


def fuller_body(body: str, text: str) -> str:
    """"洪泽区人民政府" → "淮安市洪泽区人民政府" when the text names the city in front of it."""
    if not body or not re.search(r"[区县旗]", body) or re.match(rf"[{_CJK}]{{1,5}}[市省]", body):
        return body
    for m in re.finditer(re.escape(body), text):
        i = m.start()
        for k in (3, 4, 5):
            cand = text[max(0, i - k): i]
            if (len(cand) == k and cand.endswith(_CITY_END) and re.fullmatch(rf"[{_CJK}]+", cand)
                    and cand[0] not in _STOP_CHARS):
                return cand + body
    return body


def read_year(text: str, title: re.Match | None) -> int | None:
    """The year covered: the title's year, else the statistics period's start (never the publish year)."""
    if title:
        return int(title.group("year"))
    m = _STATS_YEAR.search(text)
    if m:
        return int(m.group(1))
    m = re.search(rf"({_YEAR})\s*年度?(?:政府信息公开|政务公开)", text[:2000])
    return int(m.group(1)) if m else None


def read_template(text: str) -> str:
    """"2021": the 2021 format (国办公开办函〔2021〕30号); "2019": the 2019 format; else "unknown"."""
    squeezed = re.sub(r"\s+", "", text)
    score_2021 = sum(row in squeezed for row in _TPL_2021_ROWS)
    score_2019 = sum(row in squeezed for row in _TPL_2019_ROWS)
    if score_2021 != score_2019:
        return "2021" if score_2021 > score_2019 else "2019"
    if _TPL_2021_CITE.search(text):
        return "2021"
    if _TPL_2019_CITE.search(text):
        return "2019"
    return "unknown"


def read_publish_date(text: str, hints: dict[str, str], year: int | None) -> str | None:
    candidates: list[str | None] = []
    for key in ("发布时间", "公开日期", "发布日期"):
        m = _DATE.search(hints.get(key, ""))
        candidates.append(_iso(*m.groups()) if m else None)
    lines = text.splitlines()
    m = _LABEL_DATE.search("\n".join(lines[:12]))
    candidates.append(_iso(*m.groups()) if m else None)
    for line in reversed(lines[-3:]):
        m = _END_DATE.search(line)
        if m and len(line) - len(m.group(0)) <= 40 and not line.rstrip().endswith("。"):
            candidates.append(_iso(*m.groups()))
            break
    m = _PAREN_DATE.search("\n".join(lines[:4]))
    candidates.append(_iso(*m.groups()) if m else None)
    for date in candidates:
        # A publish date comes after the year it reports on.
        if date and (year is None or int(date[:4]) >= year):
            return date
    return None


def is_disclosure_report(text: str, hints: dict[str, str]) -> bool:
    blob = re.sub(r"\s+", "", text[:5000] + (hints.get("标题") or ""))
    return "信息公开" in blob and any(k in blob for k in ("年度报告", "年报", "工作报告"))


def _title_text(text: str, hints: dict[str, str], title: re.Match | None) -> str:
    if title:
        return normalise_body(title.group(0))
    hint = hints.get("标题", "")
    if hint:
        return re.split(r"\s*[-_|｜]\s*(?=[^-_|｜]*$)", hint)[0] if "报告" in hint else hint
    first = next((line for line in text.splitlines() if line.strip()), "")
    return first[:60]


def read_metadata(text: str, hints: dict[str, str]) -> dict:
    """title, body, year, template, publish_date, is_report — read from the cleaned text and its hints."""
    hints = hints or {}
    title = find_title(text, hints)
    body = _body_from_title(title) if title else ""
    hint_title = _TITLE.search(hints.get("标题", ""))
    if not body and hint_title:
        body = _body_from_title(hint_title)
    body = fuller_body(body or _body_from_text(text, hints), text)
    year = read_year(text, title)
    return {
        "title": _title_text(text, hints, title),
        "body": body,
        "year": year,
        "template": read_template(text),
        "publish_date": read_publish_date(text, hints, year),
        "is_report": is_disclosure_report(text, hints),
    }

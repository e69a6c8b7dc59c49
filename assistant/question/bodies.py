"""Which indexed bodies a question names, and which names it uses that no indexed body has."""

from __future__ import annotations

import functools
import re
from functools import lru_cache

from assistant.question.names import ABBREVIATIONS, BodyName, parse_body
from ingest.models import Report

# A department named in a question: a word ending like a department's name (…局, …委员会, …中心, …街道).
_DEPARTMENT_WORD = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:管理委员会|委员会|管委会|管理局|办公室|办公厅|"
                              r"服务中心|中心|局|委|厅|"
                              r"片区|街道|镇|(?<![老家故同下城])乡(?![村镇土亲音愁]))")  # 乡村治理 names no township
# Department-like words that name no particular body in a question.
_GENERIC_DEPARTMENTS = re.compile(r"^(办公室|政府办公室|政府办|管委会|办公厅|政府|人民政府|"
                                  r"信息公开办|政务公开办|本局|我局|该局|"
                                  r"贵局|你局|市局|县局|区局|各局|委办局|中心|全乡|全镇|乡镇|城乡|下乡|农村中心)$")


# Words that contain 政府 without naming a body.
_SELF = re.compile(r"(本|我|该|此|贵|你)(局|委|办|厅|中心|单位|部门)$")
_NOT_A_BODY = re.compile(r"政府信息(公开)?|(?:[市县区]|人民)?(?:人民)?政府(?:门户)?网站|"
                         r"政府常务会议|政府采购|政府公报|政务")
# A place someone went to ("选派人员赴福安市调研学习", "到福州市考察") is where, not whose report is asked.
_DESTINATION = re.compile(r"(?:赴|前往|赶赴|远赴|奔赴|到访|走访)[\u4e00-\u9fff]{2,8}?(?:市|县|区|省)|"
                          r"(?:到|去)[\u4e00-\u9fff]{2,6}?(?:市|县|区|省)(?=调研|学习|考察|参观|交流|培训|取经)")


def _department_hit(q: str, name: BodyName) -> bool:
    for dept in name.department:
        if "政府" not in dept:
            if dept in q:
                return True
            continue
        # 政府 alone is too common: it names this body only as 沭阳县政府, 县政府, 县人民政府 ….
        suffixes = {unit[0][-1] for unit in name.places} | {s for unit in name.places for s in unit}
        if any(f"{s}{dept}" in q for s in suffixes) or (len(dept) > 4 and dept in q):
            return True
    return False


def _body_score(q: str, name: BodyName, other_hit: bool, places: tuple[int, int]) -> float:
    """`places`: (place units the question names, of them by their full name) — the same for every body of a
    place, so worked out once per place (a city's 500 departments)."""
    matched, full = places  # (the full name, 枫林市, beats the short one, 枫林, that 枫林县 shares)
    unmatched = len(name.places) - matched
    dept_hit = _department_hit(q, name)
    score = matched * 10 + full * 2 - unmatched
    if dept_hit:
        score += 5
    elif other_hit:
        score -= 8  # the question names another department
    return score if (matched or dept_hit) else 0


@lru_cache(maxsize=8)
def _triggers(bodies: frozenset[str]) -> tuple[dict[str, list[str]], tuple[int, ...]]:
    """Each place spelling and department name -> the bodies it belongs to, and the lengths they have.
    A body scores only when one of them occurs in the question."""
    index: dict[str, list[str]] = {}
    for body in bodies:
        name = parse_body(body)
        for word in {s for unit in name.places for s in unit} | set(name.department):
            index.setdefault(word, []).append(body)
    return index, tuple(sorted({len(w) for w in index}))


def _candidates(q: str, bodies: frozenset[str]) -> set[str]:
    """The bodies with a place or department word in q: the question's substrings looked up, so the
    cost grows with the question's length, not with the number of reports."""
    index, lengths = _triggers(bodies)
    found: set[str] = set()
    for n in lengths:
        for i in range(len(q) - n + 1):
            found.update(index.get(q[i : i + n], ()))
    return found


def match_bodies(q: str, reports: list[Report]) -> list[Report]:
    q = _NOT_A_BODY.sub("", q)
    wanted = _candidates(q, frozenset(r.body for r in reports if r.body))
    names = {r.body: parse_body(r.body) for r in reports if r.body in wanted}
    # Only a specific department (发改局, 办公厅 …) named in the question speaks against another body;
    # 市政府/县政府 is too general for that. Computed once per question: O(reports), not O(reports²).
    hit_departments = {tuple(n.department) for n in names.values()
                       if n.department and not any(d.endswith("政府") for d in n.department)
                       and _department_hit(q, n)}
    hit_departments |= {tuple(shorts) for long, shorts in ABBREVIATIONS.items()
                        if "政府" not in long and any(w in q for w in shorts)}
    memo: dict[tuple[str, ...], tuple[int, int]] = {}

    def places(n: BodyName) -> tuple[int, int]:
        key = tuple(unit[0] for unit in n.places)
        if key not in memo:
            memo[key] = (_places_hit(q, n), sum(1 for unit in n.places if unit[0] in q))
        return memo[key]

    scores = {body: _body_score(q, n, bool(hit_departments - {tuple(n.department)}), places(n))
              for body, n in names.items()}
    scored = [(r, scores[r.body]) for r in reports if r.body in scores]
    if any(places(names[r.body])[0] for r, s in scored if s > 0):
        # A body whose place the question names beats one matched on 市政府 alone (上海市政府 ≠ 淮安市人民政府).
        scored = [(r, s) for r, s in scored if places(names[r.body])[0]]
    best = max((s for _, s in scored), default=0)
    top = [r for r, s in scored if s > 0 and s == best]
    if len({r.body for r in top}) > 1 and not any(_department_hit(q, names[r.body]) for r in top):
        # "平潭综合实验区2019年…" names a place and no department: the place's own government, not each
        # department of that place.
        governments = [r for r in top if names[r.body].is_government]
        top = governments or top
    return top


def _places_hit(q: str, name: BodyName) -> int:
    return sum(1 for unit in name.places if any(s in q for s in unit))


# "A的X是B的几倍" names two bodies as 比 does
_JOINERS = re.compile(r"和|与|及|跟|同|、|比|对比|相比|相当于|是(?=[^，,。？?]{2,30}?的?(?:多少|几)倍)|"
                      r"占(?=[^，,。？?]{1,30}?(?:百分之|比例|比重|百分比|几成|%|％))")
MAX_JOINED = 12


def _split_joined(q: str, reports: list[Report]) -> list[str]:
    """q cut at its joiners, except inside a body's own words (发展和改革局, 住房和城乡建设局 …)."""
    bodies = _candidates(q, frozenset(r.body for r in reports if r.body))
    words = {w for b in bodies for w in [b, *parse_body(b).department] if _JOINERS.search(w) and w in q}
    inside = [False] * len(q)
    for w in words:
        for m in re.finditer(re.escape(w), q):
            inside[m.start() : m.end()] = [True] * len(w)
    parts, start = [], 0
    for m in _JOINERS.finditer(q):
        if not any(inside[m.start() : m.end()]):
            parts.append(q[start : m.start()])
            start = m.end()
    return [*parts, q[start:]]


def match_several(q: str, reports: list[Report]) -> list[Report]:
    """'淮安市政府和洪泽区政府…' names two bodies: match each part of the question on its own."""
    # A question names a few bodies, not hundreds: the first parts only (bounded work on "A、" × 150).
    parts = [p for p in _split_joined(_NOT_A_BODY.sub("", q), reports) if p.strip()][:MAX_JOINED]
    found: list[Report] = []
    if len(parts) < 2:
        return found
    for part in parts:
        for r in match_bodies(part, reports):
            if r not in found:
                found.append(r)
    return found


_NOT_PLACES = {"中国", "中华人民共和国", "全国", "国务院", "全省", "全市", "全县", "全区", "本市", "本县", "本区"}


_MUNICIPALITIES = {"北京", "天津", "上海", "重庆"}  # cities with a government of their own, not just above one
_PROVINCES = set("北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 "
                 "海南 四川 贵州 云南 陕西 甘肃 青海 内蒙古 广西 西藏 宁夏 新疆 香港 澳门".split())
_UNIT = re.compile(r".{2,8}?(?:自治区|自治州|综合实验区|新区|开发区|省|市|县|区|旗|镇|乡|街道)")


def _units(place: str) -> list[str]:
    """上海市浦东新区 → 上海市, 浦东新区: a known city must not vouch for an unknown district."""
    units = _UNIT.findall(place)
    return units if units and "".join(units) == place else [place]


def unknown_places(question: str, reports: list[Report]) -> list[str]:
    """Administrative units a question names that no indexed report's body contains (海淀区, 浦东新区 …);
    provinces above a body are fine (江苏省淮安市洪泽区)."""
    vocab = _vocabulary(frozenset(r.body for r in reports if r.body))
    out = []
    text = _NOT_A_BODY.sub("", _DESTINATION.sub("", question))
    for place in places_in(text):
        if re.match(r"[各某全本我该每]", place):
            continue  # "各县区", "某乡镇", "全区": no particular place
        at = text.find(place) + len(place)
        if not _UNIT.fullmatch(place) and text[at: at + 1] in ("市", "县", "区", "镇", "乡", "旗"):
            place += text[at]  # jieba tags 清江浦 in 清江浦区
        for unit in _units(place):
            short = re.sub(r"(省|自治区|市)$", "", unit)
            if unit in _NOT_PLACES or (short in _PROVINCES and short not in _MUNICIPALITIES) or \
                    unit.endswith(("省", "自治区")):
                continue
            if not _UNIT.fullmatch(unit):
                continue  # jieba also tags words like 三本 (of 表三本年) as places; a unit has a suffix
            if not vocab.place_near(unit):
                out.append(unit)
    return out


class _Vocabulary:
    """The indexed bodies' spellings, built once per set of bodies (not per question: a province holds 10,000), in
    the shapes the checks look them up in: each check is a few set lookups, not a pass over every body."""

    def __init__(self, bodies: frozenset[str]):
        names = [parse_body(b) for b in bodies]
        spellings = {s for n in names for unit in n.places for s in unit if len(s) >= 2}
        self.places = frozenset(spellings)
        self._joined = "\n".join(sorted(spellings))  # "unit in some spelling": one substring search
        known = {d for n in names for d in n.department if len(d) >= 2} | {n.body for n in names if len(n.body) >= 2}
        self.known = frozenset(known)
        self.known_suffixes = frozenset(k[i:] for k in known for i in range(len(k)))

    def place_near(self, unit: str) -> bool:
        """Whether an indexed spelling contains the unit, or the unit contains one (of two or more characters)."""
        return unit in self._joined or any(unit[i:j] in self.places for i in range(len(unit))
                                           for j in range(i + 2, len(unit) + 1))

    def department_known(self, word: str) -> bool:
        """Whether an indexed department or body ends with the word, or the word ends with one."""
        return word in self.known_suffixes or any(word[i:] in self.known for i in range(len(word) - 1))

    def place_inside(self, word: str) -> tuple[int, str] | None:
        """The longest indexed place in the word that leaves two or more characters after its last occurrence."""
        best = None
        for i in range(len(word)):
            for j in range(i + 2, len(word) - 1):
                place = word[i:j]
                if place in self.places and (best is None or len(place) > len(best)):
                    at = word.rfind(place)
                    if len(word) - at - len(place) >= 2:
                        best = place
        return (word.rfind(best), best) if best else None


@functools.lru_cache(maxsize=8)  # per set of bodies: rebuilt when the index changes
def _vocabulary(bodies: frozenset[str]) -> _Vocabulary:
    return _Vocabulary(bodies)


def index_words(reports: list[Report]) -> frozenset[str]:
    """The place and department spellings of the indexed bodies (what tolerant matching corrects to)."""
    return _index_words(frozenset(r.body for r in reports if r.body))


@functools.lru_cache(maxsize=8)  # per set of bodies: rebuilt when the index changes, not per question
def _index_words(bodies: frozenset[str]) -> frozenset[str]:
    words: set[str] = set()
    for body in bodies:
        name = parse_body(body)
        words.update(s for unit in name.places for s in unit if len(s) >= 2)
        words.update(d for d in name.department if len(d) >= 3)
    return frozenset(words)


_NAME_STOP = re.compile(r"[^\u4e00-\u9fff]|"
                        r"[的了在和与及查问是有请我你您帮下一这那个年度份里中对从向给跟被把所各些们咱]")


def _department_words(text: str, vocab: _Vocabulary) -> list[str]:
    """Department-like words: each ends in a department suffix and starts after a place, a stop character
    or the start of the text ("请帮我查一下平潭管委会办公室" → 管委会, 办公室)."""
    out = []
    for m in _DEPARTMENT_WORD.finditer(text):
        end = m.end()
        start = end
        while start > 0 and not _NAME_STOP.match(text[start - 1]) and end - start < 14:
            start -= 1
        word = text[start:end]
        inside = vocab.place_inside(word)
        if inside:
            word = word[inside[0] + len(inside[1]):]
        word = re.sub(r"^.{2,8}?(省|市|县|区)(?=.{2,})", "", word) if len(word) > 4 else word
        # "年报上面领导小组办公室的电话": where in the report, not part of the name
        # (and "2019年报上办公室电话": "报上" is the rest of 年报上)
        out.append(re.sub(r"^(?:(?:年?报|报告|年度报告|表)(?:上面|上边|上头|里面|里边|上|里|中))?"
                          r"(?:上面|上边|上头|里面|里边|下面|前面|后面)?(?=.{2,})", "", word))
    return out


def unknown_departments(question: str, reports: list[Report]) -> list[str]:
    """Department names the question uses that no indexed body has ("平潭综合实验区教育局" when no 教育局
    is indexed): the question must not be answered from another body's report."""
    text = _NOT_A_BODY.sub("，", question)
    vocab = _vocabulary(frozenset(r.body for r in reports if r.body))
    out: list[str] = []
    for word in _department_words(text, vocab):
        generic = _GENERIC_DEPARTMENTS.match(re.sub(r"^[省市县区镇乡](?=.{2,})", "", word))  # "区管委会": its own
        if len(word) < 3 or generic or re.fullmatch(r"(人民)?政府办公(室|厅)", word) or \
                re.match(r"某|一个|一家|哪个|哪家|每个|各个", word) or \
                _SELF.search(word):  # "用本局名字命名的": the body speaks of itself
            continue
        if vocab.department_known(word):
            continue
        out.append(word)
    return list(dict.fromkeys(out))


def nearest_bodies(word: str, question: str, reports: list[Report], n: int = 4) -> list[str]:
    """The indexed bodies a refusal should offer: those of the place the question names, else the names
    that look most like `word`."""
    from rapidfuzz import fuzz, process

    bodies = sorted({r.body for r in reports if r.body})
    local = [b for b in bodies if any(s in question for unit in parse_body(b).places for s in unit if len(s) >= 2)]
    if local:
        return local[:n]
    return [b for b, score, _ in process.extract(word, bodies, scorer=fuzz.partial_ratio, limit=n) if score > 30]


@lru_cache(maxsize=1024)
def places_in(text: str) -> tuple[str, ...]:
    """Place names (jieba's ns tag) in a question, once per question (understanding and reading both ask)."""
    from ingest.text.tokenize import place_names

    return tuple(place_names(text))


def paired_years(q: str, reports: list[Report], years_of) -> list[Report] | None:
    """"财政金融局2021年…和海坛片区管理局2023年…": each body with the years its own part names. None when
    some part names a body but no year (then the question's years apply to every body)."""
    parts = [p for p in _split_joined(_NOT_A_BODY.sub("", q), reports) if p.strip()]
    pairs = []
    for part in parts:
        bodies = {r.body for r in match_bodies(part, reports)}
        if bodies:
            pairs.append((bodies, years_of(part)))
    if len(pairs) < 2 or not all(ys for _, ys in pairs):
        return None
    return [r for r in reports if any(r.body in bs and r.year in ys for bs, ys in pairs)] or None


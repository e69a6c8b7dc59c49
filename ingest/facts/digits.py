"""Decode table rows whose cells ran together into one string of digits.

Crawled pages lose the cell borders: `640020470` is 64|0|0|2|0|4|70. A split is acceptable when
it satisfies the template's own sums (the six applicant columns add up to 总计; in table 四 the
four results add up to each group's 总计). Stray spaces are kept as hints: when several splits
fit, the ones that cut at every space win. Callers treat more than one survivor as unreadable.
"""

from __future__ import annotations

from collections.abc import Iterator

MAX_CELL_DIGITS = 7  # no count in these tables has more digits; bounds the search


def digits_and_cuts(text: str) -> tuple[str, frozenset[int]]:
    """Strip separators; remember where they were as cut positions in the digit string."""
    digits: list[str] = []
    cuts: set[int] = set()
    for ch in text:
        if ch.isdigit():
            digits.append(ch)
        elif digits:
            cuts.add(len(digits))
    joined = "".join(digits)
    cuts.discard(len(joined))
    return joined, frozenset(cuts)


def _valid_cell(s: str) -> bool:
    return 0 < len(s) <= MAX_CELL_DIGITS and (s == "0" or s[0] != "0")


def splits(digits: str, parts: int) -> Iterator[tuple[int, ...]]:
    """Every way to read `digits` as `parts` numbers without leading zeros."""
    if parts == 1:
        if _valid_cell(digits):
            yield (int(digits),)
        return
    for size in range(1, min(MAX_CELL_DIGITS, len(digits) - parts + 1) + 1):
        head = digits[:size]
        if not _valid_cell(head):
            break  # a leading zero stays invalid for longer heads too
        for rest in splits(digits[size:], parts - 1):
            yield (int(head), *rest)


def _cut_positions(values: tuple[int, ...]) -> set[int]:
    pos, out = 0, set()
    for v in values[:-1]:
        pos += len(str(v))
        out.add(pos)
    return out


def _prefer_cuts(found: list[tuple[int, ...]], cuts: frozenset[int]) -> list[tuple[int, ...]]:
    """Among several fits, keep those that cut at every space the report kept."""
    if len(found) <= 1 or not cuts:
        return found
    kept = [f for f in found if cuts <= _cut_positions(f)]
    return kept or found


def sum_row_candidates(text: str, parts: int = 7) -> list[tuple[int, ...]]:
    """Splits of a table-三 row: the first parts-1 numbers add up to the last."""
    digits, cuts = digits_and_cuts(text)
    if not digits:
        return []
    found = [s for s in splits(digits, parts) if sum(s[:-1]) == s[-1]]
    return _prefer_cuts(found, cuts)


def _group_splits(digits: str, groups: int, size: int) -> Iterator[tuple[int, ...]]:
    if groups == 0:
        if not digits:
            yield ()
        return
    for end in range(size, min(len(digits), size * MAX_CELL_DIGITS) + 1):
        for head in splits(digits[:end], size):
            if sum(head[:-1]) == head[-1]:
                for rest in _group_splits(digits[end:], groups - 1, size):
                    yield head + rest


def group_candidates(text: str, groups: int = 3, size: int = 5) -> list[tuple[int, ...]]:
    """Splits of table 四's single row: each group of `size` ends with the sum of the others."""
    digits, cuts = digits_and_cuts(text)
    if not digits:
        return []
    return _prefer_cuts(list(_group_splits(digits, groups, size)), cuts)


def plain_candidates(text: str, parts: int) -> list[tuple[int, ...]]:
    """No sum to check (table 二): only a reading where every cut is forced is certain."""
    digits, cuts = digits_and_cuts(text)
    if not digits:
        return []
    return [f for f in splits(digits, parts) if cuts <= _cut_positions(f)]

"""Read the numbers of one table row from text: pipe cells, space-separated cells or a digit run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.facts.digits import digits_and_cuts, plain_candidates, sum_row_candidates

Value = int | float | None
_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_NUMERIC_RUN = re.compile(r"[\d \t\n|.,\-+]*")
_TRAILING_NUMBERING = re.compile(r"\d\s*[.、．]\s*$")
UNSURE = "无法唯一拆分"
UNBALANCED = "该行各列之和与总计不符，原表如此"
MISMATCH = "数字个数与表头列数不符，未读取"


@dataclass
class RowRead:
    """The cells of one row as read, with the text they came from."""

    values: list[Value]
    shown: str  # the numbers as the report prints them
    note: str = ""  # how a digit run was split, or why it could not be
    candidates: list[tuple[int, ...]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(v is not None for v in self.values)


def parse_number(text: str) -> Value:
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    text = text.replace(",", "")
    return float(text) if "." in text else int(text)


def is_value_cell(text: str) -> bool:
    return text == "" or _NUMBER.fullmatch(text) is not None


def line_cells(line: str) -> list[str]:
    """A line's cells: pipe-separated cells, else whitespace-separated tokens."""
    s = line.strip()
    if "|" in s:
        return [c.strip() for c in s.strip("|").split("|")]
    return s.split()


def trailing_values(cells: list[str], pipes: bool) -> list[str]:
    """The value cells at the end of a row; blank cells count only between pipes."""
    while cells and cells[-1] == "":
        cells = cells[:-1]
    run: list[str] = []
    for cell in reversed(cells):
        if (cell == "" and pipes) or (cell and _NUMBER.fullmatch(cell)):
            run.append(cell)
        else:
            break
    run.reverse()
    while run and run[0] == "":
        run = run[1:]
    return run


def row_from_cells(cells: list[str], width: int) -> RowRead | None:
    """Cells already separated: exactly `width` of them, blanks read as null. Blank cells past the
    row's width are the grid's, not the row's: a table renders every row as wide as its widest (the
    2019 table 二 puts two-column rows under three-column ones: "| 行政事业性收费 | 35 | -15 | |")."""
    if not any(cells):
        return None
    while len(cells) > width and not cells[-1]:
        cells = cells[:-1]
    shown = " ".join(c or "（空）" for c in cells)
    if len(cells) != width:
        return RowRead([None] * width, shown, MISMATCH)
    return RowRead([parse_number(c) for c in cells], shown)


def numeric_prefix(segment: str) -> str:
    """The numbers right after a label, up to the next text (minus the next label's numbering)."""
    run = _NUMERIC_RUN.match(segment).group(0)
    if "|" in run:
        first_digit = re.search(r"\d", run)
        line_end = run.find("\n", first_digit.start()) if first_digit else -1
        run = run[:line_end] if line_end >= 0 else run  # a pipe row ends with its line
    return _TRAILING_NUMBERING.sub("", run).strip()


_COUNT = re.compile(r"0|[1-9]\d*")


def _separated_row(raw: str, width: int, cell: re.Pattern, parse) -> tuple[bool, RowRead | None]:
    """A row whose cells are already apart (pipes, or exactly `width` numbers): (True, the row)."""
    if "|" in raw:
        return True, row_from_cells([c.strip() for c in raw.strip("|").split("|")], width)
    tokens = raw.split()
    if len(tokens) == width and all(cell.fullmatch(t) for t in tokens):
        return True, RowRead([parse(t) for t in tokens], raw)
    return False, None


def read_sum_row(segment: str, width: int = 7) -> RowRead | None:
    """A table-三 row from the text after its label: separated cells, or a digit run split by its sum."""
    raw = numeric_prefix(segment)
    if not re.search(r"\d", raw):
        return None
    done, row = _separated_row(raw, width, _COUNT, int)
    if done:
        return row
    found = sum_row_candidates(raw, width)
    digits, _ = digits_and_cuts(raw)
    if not found and len(digits) == width and digits.endswith("0"):
        # One digit per cell is the only split there is, and the 总计 column was left at 0 ("2000000": 自然人 2,
        # 总计 0): read it as printed and say it does not balance. Any other sum that fails ("1234567") is unread.
        split = " ".join(digits)
        return RowRead([int(d) for d in digits], re.sub(r"\s+", " ", raw),
                       f"按位数拆分为 {split}；{UNBALANCED}", [tuple(map(int, digits))])
    return decoded_row(raw, found, width)


def decoded_row(raw: str, found: list[tuple[int, ...]], width: int, how: str = "按合计关系") -> RowRead:
    shown = re.sub(r"\s+", " ", raw)
    if len(found) == 1:
        split = " ".join(str(v) for v in found[0])
        return RowRead(list(found[0]), shown, f"{how}拆分为 {split}", found)
    note = UNSURE if found else "数字串无法按合计关系拆分"
    return RowRead([None] * width, shown, note, found)


def read_plain_row(segment: str, width: int, signed: int | None = None) -> RowRead | None:
    """A table-二 row: no sums to check, so a digit run is read only when its split is forced.

    `signed`: the one column that may be negative (2019 template: 本年增/减); a sign inside a
    digit run starts that column, which fixes the cells before it.
    """
    raw = numeric_prefix(segment)
    if not re.search(r"\d", raw):
        return None
    done, row = _separated_row(raw, width, _NUMBER, parse_number)
    if done:
        return row
    if width == 1:
        return None
    if signed is not None and re.fullmatch(r"[\d \t]*[-+][\d \t]+", raw):
        return signed_row(raw, width, signed)
    if re.search(r"[.\-+,]", raw):
        return RowRead([None] * width, raw, UNSURE)
    return decoded_row(raw, plain_candidates(raw, width), width, "按位数")


def signed_row(raw: str, width: int, signed: int) -> RowRead:
    """"2648-18538": the sign opens column `signed`, so the digits before it are the columns before it.

    The cells after the sign are certain only when the signed column is the last one: otherwise
    the sign may also be a dash for a blank cell ("2648 | - | 18538"), and either reading fits.
    """
    before, sign, after = re.match(r"([\d \t]*)([-+])(.*)", raw).groups()
    heads = plain_candidates(before, signed) if signed else ([()] if not before.strip() else [])
    values: list[Value] = [None] * width
    if len(heads) == 1:
        values[:signed] = heads[0]
    if signed == width - 1 and re.fullmatch(r"0|[1-9]\d*", after.strip()):
        values[signed] = int(sign + after.strip())
    if all(v is None for v in values):
        return RowRead(values, raw, UNSURE)
    shown = " ".join("?" if v is None else str(v) for v in values)
    return RowRead(values, raw, f"按正负号位置拆分为 {shown}" + ("" if None not in values else f"，其余{UNSURE}"))

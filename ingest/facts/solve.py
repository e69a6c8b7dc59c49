"""Decode a table with every constraint the template gives, keeping only what is certain.

Each row (a "slot": a table-三 row, a table-二 row, table 四's one run of 15) comes with its readings:
the ways its digits can be split that satisfy the row's own sum (one reading when the cells were printed
apart). The solver enumerates the combinations of the slots' readings under which the template's column
relations hold (`relations.py`), then narrows them with what the prose states about cells (`prose.py`).
A cell is certain when every surviving combination gives it the same value; the others stay null.
Never a guess:
- a relation the certain cells already break is the report's own error: it is left to the audit and
  not used to decide anything;
- when no combination satisfies the relations, nothing is decided by them (slots keep what their own
  readings agree on);
- the search is bounded (`MAX_NODES`): a give-up decides nothing by the relations either;
- a prose figure only chooses among readings the table allows; one that no reading allows is a
  contradiction (reported), never a value; statements that are each possible but not together are
  all set aside.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ingest.facts.prose import Statement
from ingest.facts.relations import Cell, Relation
from ingest.facts.rows import UNSURE, RowRead

Value = int | float | None
Reading = tuple[Value, ...]
Locate = Callable[[Cell], "tuple[str, int] | None"]  # a cell -> (slot, index in the slot's readings)
MAX_NODES = 60_000  # readings tried before giving up (a give-up decides nothing)
MAX_SURVIVORS = 4_000
BY_COLUMNS = "列勾稽关系"
BY_PROSE = "正文所述数字"


def common(readings: Sequence[Reading], width: int) -> list[Value]:
    """Per cell: the value every reading agrees on, else None."""
    if not readings:
        return [None] * width
    first = readings[0]
    return [first[i] if all(r[i] == first[i] for r in readings) else None for i in range(width)]


@dataclass
class Solved:
    values: dict[str, list[Value]]  # slot -> certain cells
    narrowed: dict[str, list[str]] = field(default_factory=dict)  # slot -> what narrowed its readings
    used: list[Statement] = field(default_factory=list)  # prose statements that narrowed a slot
    conflicts: list[Statement] = field(default_factory=list)  # prose no reading of the table allows
    unsatisfiable: bool = False  # no combination of readings balances the columns
    gave_up: bool = False  # the search bound was reached


def getter(locate: Locate, assigned: dict[str, Reading]) -> Callable[[Cell], Value]:
    def value(cell: Cell) -> Value:
        where = locate(cell)
        if where is None:
            return None
        reading = assigned.get(where[0])
        return reading[where[1]] if reading is not None else None

    return value


def _slots_of(locate: Locate, cells) -> set[str]:
    return {w[0] for w in map(locate, cells) if w is not None}


def _enumerate(domains: dict[str, list[Reading]], open_slots: list[str], fixed: dict[str, Reading],
               relations: list[Relation], locate: Locate) -> list[tuple[int, ...]] | None:
    """Every combination (an index into each open slot's readings) the relations allow; None: gave up."""
    # A relation is checked as soon as the last open slot it touches is assigned (earlier only overflow).
    touching = {s: [rel for rel in relations if s in _slots_of(locate, rel.cells)] for s in open_slots}
    assigned = dict(fixed)
    value = getter(locate, assigned)
    survivors: list[tuple[int, ...]] = []
    choice: list[int] = []
    nodes = 0

    def walk(depth: int) -> bool:
        nonlocal nodes
        if depth == len(open_slots):
            survivors.append(tuple(choice))
            return len(survivors) <= MAX_SURVIVORS
        slot = open_slots[depth]
        for i, reading in enumerate(domains[slot]):
            nodes += 1
            if nodes > MAX_NODES:
                return False
            assigned[slot] = reading
            if all(rel.holds(value) is not False for rel in touching[slot]):
                choice.append(i)
                ok = walk(depth + 1)
                choice.pop()
                if not ok:
                    return False
        assigned.pop(slot, None)
        return True

    return survivors if walk(0) else None


def solve(domains: dict[str, list[Reading]], locate: Locate, relations: Sequence[Relation] = (),
          statements: Sequence[Statement] = ()) -> Solved:
    """domains: slot -> its readings (at least one each, all of one width per slot)."""
    widths = {s: len(d[0]) for s, d in domains.items()}
    fixed = {s: d[0] for s, d in domains.items() if len(d) == 1}
    open_slots = sorted((s for s, d in domains.items() if len(d) > 1), key=lambda s: len(domains[s]))
    fixed_value = getter(locate, fixed)
    out = Solved({})
    # Relations over open slots only; one the certain cells alone already break is the report's error.
    active = [rel for rel in relations if _slots_of(locate, rel.cells) & set(open_slots)
              and rel.holds(fixed_value) is not False]
    combos: list[tuple[int, ...]] | None = [()]
    if open_slots:
        combos = _enumerate(domains, open_slots, fixed, active, locate) if active else None
        if combos == []:
            out.unsatisfiable = True
            combos = None
        elif combos is None and active:
            out.gave_up = True
    # Statements about certain cells only: comparing them is the audit's job (it compares certain cells).
    statements = [st for st in statements if _slots_of(locate, st.cells) & set(open_slots)]
    if combos is None:  # the columns decide nothing: each slot alone, narrowed by statements about it alone
        return _slot_by_slot(domains, fixed, locate, statements, widths, out)
    relation_combos = combos
    combos = _narrow(combos, statements, domains, fixed, open_slots, locate, out)
    for slot, d in domains.items():
        if slot in fixed:
            out.values[slot] = list(fixed[slot])
            continue
        k = open_slots.index(slot)
        kept = sorted({c[k] for c in combos})
        out.values[slot] = common([d[i] for i in kept], widths[slot])
        after_relations = {c[k] for c in relation_combos}
        if len(after_relations) < len(d):
            out.narrowed.setdefault(slot, []).append(BY_COLUMNS)
        if len(kept) < len(after_relations):
            out.narrowed.setdefault(slot, []).append(BY_PROSE)
    return out


def _narrow(combos, statements, domains, fixed, open_slots, locate, out: Solved):
    """Each statement filters the combinations; one that keeps none conflicts with the table. Statements
    possible one by one but not together contradict each other: then none of them decides anything."""
    def value_of(combo):
        return getter(locate, {**fixed, **{s: domains[s][i] for s, i in zip(open_slots, combo, strict=True)}})

    values = [value_of(c) for c in combos]
    deciding: list[tuple[Statement, set[int]]] = []
    for st in statements:
        kept = {i for i, v in enumerate(values) if st.holds(v) is not False}
        if not kept:
            out.conflicts.append(st)
        elif len(kept) < len(combos):
            deciding.append((st, kept))
    if not deciding:
        return combos
    together = set.intersection(*(kept for _, kept in deciding))
    if not together:
        return combos
    out.used.extend(st for st, _ in deciding)
    return [combos[i] for i in sorted(together)]


def _slot_by_slot(domains, fixed, locate, statements, widths, out: Solved) -> Solved:
    for slot, d in domains.items():
        if slot in fixed:
            out.values[slot] = list(fixed[slot])
            continue
        mine = [st for st in statements if _slots_of(locate, st.cells) == {slot}]
        combos = [(i,) for i in range(len(d))]
        kept = _narrow(combos, mine, {slot: d}, {}, [slot], locate, out)
        out.values[slot] = common([d[i] for (i,) in kept], widths[slot])
        if len(kept) < len(d):
            out.narrowed.setdefault(slot, []).append(BY_PROSE)
    return out


def solve_rows(table: str, columns: Sequence[str] | dict[str, Sequence[str]], reads: dict[str, RowRead | None],
               relations: Sequence[Relation] = (), statements: Sequence[Statement] = (),
               how: str = "按合计关系") -> Solved:
    """Rows with several readings: keep what every reading the relations and the prose allow agree on.

    `columns`: the table's columns, or each row's (table 二). Rows decided in part or whole get their
    values and a note saying what decided them; returns the solver's result (conflicts for the audit)."""
    domains = {name: (r.candidates if not r.complete and r.candidates else [tuple(r.values)])
               for name, r in reads.items() if r is not None}
    per_row = columns if isinstance(columns, dict) else dict.fromkeys(domains, columns)
    index = {row: {c: i for i, c in enumerate(cols)} for row, cols in per_row.items()}

    def locate(cell):
        t, row, col = cell
        at = index.get(row, {}).get(col) if t == table and row in domains else None
        return (row, at) if at is not None else None

    solved = solve(domains, locate, relations, statements)
    for name, values in solved.values.items():
        if len(domains[name]) > 1:
            settle(reads[name], values, [how, *solved.narrowed.get(name, [])])
    return solved


def settle(read: RowRead, values: list[Value], how: list[str]) -> None:
    """A row with several readings gets the cells they all agree on, and a note saying what decided them."""
    if all(v is None for v in values):
        return
    read.values = values
    shown = " ".join("?" if v is None else str(v) for v in values)
    read.note = f"{'和'.join(how)}拆分为 {shown}" + ("" if read.complete else f"，其余{UNSURE}")

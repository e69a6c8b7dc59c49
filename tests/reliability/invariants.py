"""The index's whole-or-nothing invariants, checked from the outside through the Store and the Corpus."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class IndexState:
    reports: dict[str, object]
    problems: list[str] = field(default_factory=list)
    leftovers: int = 0  # rows of uncommitted versions (invisible to readers; collected by the next ingest)


def check_index(store) -> IndexState:
    """Each committed report whole (chunks and facts equal its record), no duplicates, readers see only
    committed versions."""
    from assistant.search.corpus import Corpus

    reports = {r.report_id: r for r in store.list_reports()}
    state = IndexState(reports)
    committed = Counter()
    seen = Counter()
    ids: list[str] = []
    keys: set[str] = set()
    for content in store.all_contents():
        r = reports.get(content.report_id)
        if r is None or r.content_hash != content.version:
            state.leftovers += len(content.chunks)
            continue
        if committed[r.report_id]:
            state.problems.append(f"{r.report_id}: its committed version is stored twice")
        for sc in content.chunks:
            c = sc.chunk
            committed[r.report_id] += 1
            seen[(r.report_id, c.kind, c.start, c.section, c.text)] += 1
            ids.append(c.chunk_id)
            keys.add(sc.key)
    state.problems += [f"duplicated chunk in {k[0]}: {k[4][:30]!r} ×{n}" for k, n in seen.items() if n > 1]
    if len(set(ids)) != len(ids):
        state.problems.append("duplicated chunk ids")
    lacking = keys - set(store.vectors(sorted(keys)))
    if lacking:
        state.problems.append(f"{len(lacking)} texts of committed chunks have no stored vector")
    for rid, r in reports.items():
        if committed[rid] != r.chunks:
            state.problems.append(f"{rid}: {committed[rid]} chunks stored, record says {r.chunks}")
        facts = store.facts_of([rid])
        if len(facts) != r.facts:
            state.problems.append(f"{rid}: {len(facts)} facts readable, record says {r.facts}")
    _check_readers(Corpus(store), reports, state)
    return state


def _check_readers(corpus, reports: dict, state: IndexState) -> None:
    snap = corpus.snapshot()
    if set(snap.reports) != set(reports):
        state.problems.append("the snapshot's reports differ from the records")
    for rid, r in reports.items():
        shown = len(snap.by_report.get(rid, []))
        if shown != r.chunks:
            state.problems.append(f"{rid}: readers see {shown} chunks, record says {r.chunks}")
        if len(snap.facts.get(rid, [])) != r.facts:
            state.problems.append(f"{rid}: readers see {len(snap.facts.get(rid, []))} facts, record says {r.facts}")
    stray = {c.report_id for c in snap.chunks} - set(reports)
    if stray:
        state.problems.append(f"readers see chunks of uncommitted reports: {sorted(stray)}")

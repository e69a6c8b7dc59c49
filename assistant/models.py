"""What an answer is, as every interface (CLI, page, REST, eval) returns it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Citation:
    report_id: str
    file: str
    body: str
    year: int | None
    section: str
    text: str
    page: int | None = None
    ocr: bool = False

    def to_dict(self) -> dict:
        d = asdict(self)
        if not self.ocr:
            d.pop("ocr")
        if self.page is None:
            d.pop("page")
        return d


@dataclass
class Answer:
    question: str
    answer: str
    short_answer: str
    found: bool
    citations: list[Citation] = field(default_factory=list)
    mode: str = "extractive"  # "extractive" | "llm"
    latency_ms: float = 0.0
    # Not part of the SPEC shape, but useful to eval and logs.
    candidates: list[str] = field(default_factory=list)  # report ids, best first, as retrieved
    note: str = ""
    # What backs the figure: table cells ({"role": "cell", "value", "certain", "text"}), prose figures
    # ({"role": "mention", …}) or, for a computed figure, its operands ({"role": "operand", …}).
    support: list[dict] = field(default_factory=list)
    # What the question was read as (SPEC.md `understood`): reports, bodies, years, target, carried, corrected.
    understood: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "short_answer": self.short_answer,
            "found": self.found,
            "citations": [c.to_dict() for c in self.citations],
            "mode": self.mode,
            "latency_ms": round(self.latency_ms, 2),
            "understood": self.understood or {"reports": [], "bodies": [], "years": [], "target": "", "carried": [],
                                              "corrected": []},
            "support": self.support,
        }


@dataclass
class Draft:
    draft: str
    citations: list[Citation]
    flags: list[str] = field(default_factory=list)  # figures from rows the audit flags, for staff to check

    def to_dict(self) -> dict:
        return {"draft": self.draft, "citations": [c.to_dict() for c in self.citations], "flags": self.flags}

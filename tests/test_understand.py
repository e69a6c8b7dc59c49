"""Which reports a question names, over report records alone (no index needed)."""

from __future__ import annotations

from assistant.question.understand import understand
from ingest.models import Report


def _reports(*bodies: str, year: int = 2019) -> list[Report]:
    return [Report(f"r{i}", f"r{i}.txt", f"{b}{year}年报告", b, year, "2021") for i, b in enumerate(bodies)]


def test_a_joiner_inside_a_body_name_does_not_split_the_question():
    reports = _reports("青山县发展和改革局", "青山县教育局", "青山县住房和城乡建设局", "柳桥市财政局")
    u = understand("青山县发展和改革局2019年本年新收政府信息公开申请数量是多少？", reports)
    assert u.report_ids == ["r0"]
    u = understand("青山县住房和城乡建设局2019年行政复议总计多少件？", reports)
    assert u.report_ids == ["r2"]


def test_two_bodies_joined_by_he_are_both_named():
    reports = _reports("青山县发展和改革局", "青山县教育局", "柳桥市财政局")
    u = understand("青山县发展和改革局和柳桥市财政局2019年共收到多少申请？", reports)
    assert sorted(u.report_ids) == ["r0", "r2"]


def test_many_bodies_only_the_named_one_matches():
    places = [f"{a}{b}县" for a in "东西南北青白" for b in "山水林河"]
    bodies = [f"{p}{d}" for p in places for d in ("发展和改革局", "教育局", "财政局")]
    reports = _reports(*bodies)
    u = understand("白林县财政局2019年主动公开了多少条信息？", reports)
    assert [r.body for r in reports if r.report_id in u.report_ids] == ["白林县财政局"]

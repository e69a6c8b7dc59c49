"""The person-facing eval outputs: report.md (tables + every wrong item) and accuracy.png."""

from __future__ import annotations

from pathlib import Path

KIND_LABELS = {"number": "数字题", "text": "文字题", "none": "应拒答题"}
KIND_LABELS_EN = {"number": "number", "text": "text", "none": "none"}
_CJK_FONT = "WenQuanYi Micro Hei"
# Without the CJK font Chinese renders as boxes, so the chart falls back to English.
_CHART_WORDS_ZH = {"ours": "本系统", "baseline": "基线", "ylabel": "准确率", "title": "评测准确率"}
_CHART_WORDS_EN = {"ours": "Gongkai", "baseline": "baseline", "ylabel": "accuracy", "title": "Eval accuracy"}


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _count(value) -> str:
    return "—" if value is None else str(value)


def _ms(value) -> str:
    return "—" if value is None else f"{value:.0f} ms"


def _get(summary: dict | None, *keys):
    for key in keys:
        if not isinstance(summary, dict):
            return None
        summary = summary.get(key)
    return summary


def headline_rows(summary: dict) -> list[tuple[str, str, str]]:
    """(label, ours, baseline) for the headline table; baseline cells are "—" when absent."""
    base = summary.get("baseline")
    kinds = sorted(set(summary.get("by_kind", {})) | set(_get(base, "by_kind") or {}))
    specs = [("总体准确率", ("accuracy",), _pct)]
    specs += [(f"{KIND_LABELS.get(k, k)}准确率", ("by_kind", k, "accuracy"), _pct) for k in kinds]
    specs += [("引用率", ("cited_rate",), _pct), ("无依据数字", ("unsupported",), _count),
              ("延迟 p50", ("latency_ms", "p50"), _ms), ("延迟 p95", ("latency_ms", "p95"), _ms),
              ("检索 hit@1", ("retrieval", "hit@1"), _pct), ("检索 hit@5", ("retrieval", "hit@5"), _pct),
              ("跨报告 hit@1", ("retrieval", "unscoped", "hit@1"), _pct),
              ("跨报告 hit@5", ("retrieval", "unscoped", "hit@5"), _pct)]
    return [(label, fmt(_get(summary, *keys)), fmt(_get(base, *keys))) for label, keys, fmt in specs]


def write_markdown(path: Path, summary: dict, rows: list[dict]) -> None:
    lines = ["# 评测报告", "", f"共 {summary['n']} 题。", "", "| 指标 | 本系统 | 基线 |", "|---|---:|---:|"]
    lines += [f"| {label} | {ours} | {theirs} |" for label, ours, theirs in headline_rows(summary)]
    lines += ["", "引用率 = 答对且给出了答案（非拒答）的题目中，引文出自标准答案所在报告的比例；"
              "标准答案不限定报告时，有任一引文即算引用。hit@k = 标准答案所在报告排在检索结果前 k 名的比例"
              "（“跨报告”只统计未限定报告的题目）。无依据数字 = 数字题和应拒答题中，"
              "给出的数字既不是确定的表格数据、也不是引文中单独写明的数字"
              "（如表格数字连写串、报告部分数）的回答数。", ""]
    wrong = [r for r in rows if not r["correct"]]
    lines += [f"## 答错的题目（{len(wrong)} 题）", ""]
    for r in wrong:
        lines += _wrong_item(r)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _clip(text: str | None, n: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _wrong_item(r: dict) -> list[str]:
    expected = "（应回答报告中没有）" if r["kind"] == "none" else r.get("expected", "")
    got = ("（未找到）" if not r.get("found")
           else f"{r.get('short_answer') or '（无简答）'} — {_clip(r.get('answer'), 120)}")
    cites = r.get("citations") or []
    passage = (f"{cites[0].get('file')} · {cites[0].get('section')}：{_clip(cites[0].get('text'))}" if cites
               else "（无引文）")
    rank = "—" if not r.get("report") else (r.get("rank") or "未检索到")
    out = [f"### {r['id']}（{KIND_LABELS.get(r['kind'], r['kind'])}）", "",
           f"- 问题：{r.get('question', '')}" + (f"（限定报告：{r['scope']}）" if r.get("scope") else ""),
           f"- 标准答案：{_clip(expected, 120)}" + (f"（{r['report']}）" if r.get("report") else ""),
           f"- 回答：{got}", f"- 引文：{passage}", f"- 正确报告的检索名次：{rank}"]
    if not r.get("supported", True) and r.get("found"):
        out.append("- 数字无依据：引文中没有单独写明这个数字")
    if r.get("error"):
        out.append(f"- 出错：{r['error']}")
    return out + [""]


def _font() -> str | None:
    from matplotlib import font_manager

    try:
        font_manager.findfont(_CJK_FONT, fallback_to_default=False)
        return _CJK_FONT
    except ValueError:
        return None


def _chart_series(summary: dict, cjk: bool) -> tuple[list[str], list[float], list[float] | None]:
    """x labels, our accuracies, the baseline's (None without a baseline): overall, then by kind."""
    names = KIND_LABELS if cjk else KIND_LABELS_EN
    kinds = sorted(summary.get("by_kind", {}))
    labels = ["总体" if cjk else "overall"] + [names.get(k, k) for k in kinds]
    ours = [summary.get("accuracy") or 0] + [_get(summary, "by_kind", k, "accuracy") or 0 for k in kinds]
    base = summary.get("baseline")
    theirs = [base.get("accuracy") or 0] + [_get(base, "by_kind", k, "accuracy") or 0 for k in kinds] if base else None
    return labels, ours, theirs


def write_chart(path: Path, summary: dict) -> None:
    """Grouped bars: accuracy overall and by kind, ours beside the baseline."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = _font()
    words = _CHART_WORDS_ZH if font else _CHART_WORDS_EN
    labels, ours, theirs = _chart_series(summary, bool(font))
    with plt.rc_context({"font.family": font} if font else {}):
        fig, ax = plt.subplots(figsize=(7, 4), dpi=100)
        xs = list(range(len(labels)))
        width = 0.38 if theirs else 0.6
        shift = width / 2 if theirs else 0.0
        _bars(ax, [x - shift for x in xs], ours, width, words["ours"])
        if theirs:
            _bars(ax, [x + shift for x in xs], theirs, width, words["baseline"])
        ax.set_xticks(xs, labels)
        ax.set_ylim(0, 1.1)
        ax.set_ylabel(words["ylabel"])
        ax.set_title(f"{words['title']} (n={summary['n']})")
        ax.legend(loc="upper right")
        fig.tight_layout()
        fig.savefig(path, metadata={"Software": None})  # no version stamp: same input, same bytes
        plt.close(fig)


def _bars(ax, xs, values, width, label) -> None:
    bars = ax.bar(xs, values, width, label=label)
    for bar, v in zip(bars, values):
        ax.annotate(f"{v * 100:.0f}%", (bar.get_x() + bar.get_width() / 2, v), ha="center", va="bottom",
                    fontsize=8, xytext=(0, 2), textcoords="offset points")

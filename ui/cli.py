"""The `gongkai` command line: a thin layer over assistant.service.Gongkai.

Results go to stdout (with --json: one JSON document and nothing else); progress and
diagnostics go to stderr. Library errors print one line `Error: …` and exit 1; misuse exits 2.
Set GONGKAI_DEBUG=1 to see full tracebacks.
"""

from __future__ import annotations

import argparse
import sys
import traceback

from ingest.config import Config, quiet_third_parties
from ingest.errors import UNAVAILABLE, GongkaiError, index_unavailable


def _common(p: argparse.ArgumentParser, top: bool = False) -> None:
    # --data is accepted before and after the command name; the later one wins.
    p.add_argument("--data", dest="data" if top else "data_sub", default=None,
                   help="数据文件夹（索引、事实、反馈日志）；默认取环境变量 GONGKAI_DATA，否则 ./data")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongkai", description="政府信息公开工作年度报告问答助手")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def cmd(name: str, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        _common(p)
        return p

    p = cmd("ingest", "导入报告文件或文件夹（.txt .md .pdf .docx .html/.htm）")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true")
    p = cmd("reports", "列出已导入的报告")
    p.add_argument("--json", action="store_true")
    p = cmd("remove", "删除一份报告及其派生的全部数据")
    p.add_argument("report", metavar="REPORT")
    p = cmd("audit", "报告表格的一致性核对")
    p.add_argument("report", nargs="?", metavar="REPORT")
    p.add_argument("--json", action="store_true")
    p = cmd("facts", "从报告表格中读出的各个数据")
    p.add_argument("report", nargs="?", metavar="REPORT")
    p.add_argument("--json", action="store_true")
    for name, help_ in (("ask", "回答一个问题"), ("draft", "为群众来信起草一份答复稿（工作人员用）")):
        p = cmd(name, help_)
        p.add_argument("question", metavar="QUESTION")
        p.add_argument("--report", default=None, metavar="REPORT", help="只在这份报告中查找（报告编号或文件名）")
        p.add_argument("--json", action="store_true")
    p = cmd("serve", "启动网页问答和 REST API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    p = cmd("eval", "评测：对金标准问题集逐题提问并打分")
    p.add_argument("--reports", default=None, metavar="DIR", nargs="+", action="extend",
                   help="报告文件夹；可给多个（一起建索引）")
    p.add_argument("--qa", required=True, metavar="FILE")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--answers", default=None, metavar="FILE", help="给其他系统的答案打分（每行一个答案对象，带 id）")
    p.add_argument("--baseline", action="store_true", help="同时运行朴素 LangChain 基线")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--ids", default=None, help="只评测这些题目（逗号分隔）")
    p.add_argument("--distractors", type=int, default=0, help="额外索引 N 份生成的干扰报告")
    p = cmd("bench", "性能基准测试")
    p.add_argument("--reports", type=int, default=None, metavar="N")
    p.add_argument("--baseline-max", type=int, default=None, metavar="N",
                   help="基线只运行到 N 份报告（基线导入很慢：10,000 份约一小时以上）；更大的规模基线记为 null")
    p.add_argument("--keep", default=None, metavar="DIR", help="把最大规模的本系统索引保留到 DIR（供多进程检查）")
    p.add_argument("--json", action="store_true")
    p = cmd("feedback", "导出网页上收集的反馈")
    p.add_argument("--json", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    quiet_third_parties()
    args = build_parser().parse_args(argv)
    data = args.data_sub or args.data
    config = None
    from ui.commands import UsageError

    try:
        config = Config.from_env(data_dir=data)
        return _dispatch(config, args)
    except UsageError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        if isinstance(exc, GongkaiError) or index_unavailable(exc):
            return _fail(exc, config)
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if not (isinstance(exc, GongkaiError) or index_unavailable(exc)):
            raise
        return _fail(exc, config)


def _fail(exc: Exception, config: Config | None) -> int:
    """A library error, or a Chroma server that cannot be reached: one line `Error: …`, exit 1."""
    if config is not None and config.debug:
        traceback.print_exc()
    print(f"Error: {UNAVAILABLE if index_unavailable(exc) else exc}", file=sys.stderr)
    return 1


def _dispatch(config: Config, args) -> int:
    from ui import commands

    return getattr(commands, f"cmd_{args.command}")(config, args)


if __name__ == "__main__":
    sys.exit(main())

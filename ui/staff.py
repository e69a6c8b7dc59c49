"""The staff tab: draft replies, upload and remove reports, audit findings, table 三, figures by year.

Every handler re-checks the staff token it is given (the page's endpoints are reachable
without the page), with the same constant-time check as the REST API.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import gradio as gr
import pandas as pd

from assistant.service import Gongkai
from ingest.config import Config
from ingest.errors import UNAVAILABLE, GongkaiError, index_unavailable
from ui.auth import token_ok
from ui.manage import REPORT_HEADERS, Held, held_message, hold_if_second, reports_frame, resolve_held
from ui.picker import ALL, report_choices, scope_of
from ui.questions import HEADERS as QUESTION_HEADERS
from ui.render import text
from ui.uploads import SUPPORTED, ingest_stored, remove_tree, store_file

log = logging.getLogger("gongkai.staff")

DISABLED = "未配置工作人员令牌（环境变量 GONGKAI_STAFF_TOKEN），工作人员功能已停用。"
DENIED = "令牌不正确，请重新输入。"
STATUS = {"added": "已导入", "replaced": "已更新", "unchanged": "未变化", "failed": "失败"}
UPLOAD_HEADERS = ["文件", "结果", "报告编号", "机关", "年度", "段落数", "表格数据", "说明"]
KEY_FIGURES = (("三", "本年新收政府信息公开申请数量", "总计", "收到申请（本年新收）"),
               ("四", "行政复议", "总计", "行政复议"))


class Denied(GongkaiError):
    pass


def _check(config: Config, token: str | None, limits=None, request: gr.Request | None = None) -> None:
    """The token, as the REST API checks it: with `limits`, wrong tokens count as failed logins of the client,
    and a client with too many is refused for a while, the right token included."""
    if config.staff_token is None:
        raise Denied(DISABLED)
    token = (token or "").strip()
    if limits is None:
        if not token_ok(config, token):
            raise Denied(DENIED)
        return
    import hashlib

    from ui.limits import client_of

    client = client_of(limits, request)
    wait = limits.logins.blocked(client)
    if wait:
        raise Denied(limits.login_message(wait))
    if not token_ok(config, token):
        limits.logins.failed(client, hashlib.sha256(token.encode("utf-8", "replace")).hexdigest())
        raise Denied(DENIED)


# -- draft ------------------------------------------------------------------------------------
def make_draft(service: Gongkai, config: Config, limits=None):
    def draft(token: str, question: str, report_id: str, request: gr.Request = None):
        try:
            _check(config, token, limits, request)
            d = service.draft(question, scope_of(report_id))
        except GongkaiError as exc:
            return "", f"⚠️ {text(str(exc))}"
        sources = "\n".join(f"{i}\\. {text(c.body)} {c.year or ''}年 · {text(c.section)}：{text(c.text)}"
                            for i, c in enumerate(d.citations, 1))
        return d.draft, sources or "（没有引用原文）"

    return draft


def docx_of(draft_text: str) -> Path:
    """The (possibly edited) draft as a Word file in a fresh temp folder."""
    from docx import Document

    doc = Document()
    doc.add_heading("政府信息公开答复稿", level=1)
    for para in draft_text.split("\n"):
        doc.add_paragraph(para)
    path = Path(tempfile.mkdtemp(prefix="gongkai-draft-")) / "答复稿.docx"
    doc.save(path)
    return path


def make_download(config: Config, limits=None):
    """(download, cleanup): download writes the Word file in a fresh temp folder and returns it with that
    folder; cleanup, chained after it, deletes the folder once Gradio has copied the file into its own cache
    (which it deletes after page_files_age_s)."""
    def download(token: str, draft_text: str, request: gr.Request = None):
        try:
            _check(config, token, limits, request)
        except GongkaiError as exc:
            gr.Warning(str(exc))
            return gr.update(value=None, visible=False), None
        if not (draft_text or "").strip():
            gr.Warning("答复稿是空的，请先生成答复稿。")
            return gr.update(value=None, visible=False), None
        path = docx_of(draft_text)
        return gr.update(value=str(path), visible=True), str(path.parent)

    def cleanup(folder: str | None):
        if folder and Path(folder).name.startswith("gongkai-draft-"):
            remove_tree(folder)
        return None

    download.cleanup = cleanup  # type: ignore[attr-defined]
    return download


# -- upload and remove ------------------------------------------------------------------------
def _upload_row(result) -> list:
    r = result.report
    return [result.file, STATUS.get(result.status, result.status), result.report_id,
            r.body if r else "", (r.year or "") if r else "", r.chunks if r else 0, r.facts if r else 0,
            result.error or "；".join(result.warnings)]


def make_upload(service: Gongkai, config: Config, limits=None):
    """upload(token, files) -> (status, table, held uploads, the choice box): a file that would be a second
    report of a body and year already indexed is held (ui/manage.py) until staff choose."""
    def upload(token: str, files: list[str] | None, progress=gr.Progress(),  # noqa: B008 - Gradio's idiom
               request: gr.Request = None):
        try:
            _check(config, token, limits, request)
        except GongkaiError as exc:
            _remove_uploaded(files)
            return f"⚠️ {text(str(exc))}", pd.DataFrame(columns=UPLOAD_HEADERS), [], gr.update(visible=False)
        try:
            held: list[Held] = []
            status, table = _upload_all(service, config, files or [], progress, held)
        finally:
            _remove_uploaded(files)  # Gradio's copies of the uploaded files: ingested or refused, not kept
        if held:
            status += "\n\n" + text(held_message(service, held))
        return status, table, [h.to_dict() for h in held], gr.update(visible=bool(held))

    return upload


def _remove_uploaded(files: list[str] | None) -> None:
    """Delete Gradio's copies of uploaded files (only files inside its upload folder, never another path)."""
    from gradio.utils import get_upload_folder

    folder = Path(get_upload_folder()).resolve()
    for f in files or []:
        try:
            path = Path(f).resolve()
            if path.is_relative_to(folder) and path.is_file():
                path.unlink()
        except OSError:
            pass


def _upload_all(service: Gongkai, config: Config, files: list[str], progress, held: list[Held]):
    if not files:
        return "请先选择要上传的报告文件。", pd.DataFrame(columns=UPLOAD_HEADERS)
    rows = []
    for n, f in enumerate(files):
        name = Path(f).name
        progress((n, len(files)), desc=f"正在导入 {name}")
        rows.append(_upload_one(service, config, f, name, held))
    ok = sum(1 for r in rows if r[1] not in ("失败", WAITING))
    return f"共 {len(rows)} 个文件，成功 {ok} 个。", pd.DataFrame(rows, columns=UPLOAD_HEADERS)


WAITING = "待确认"


def _upload_one(service: Gongkai, config: Config, path: str, name: str, held: list[Held]) -> list:
    try:
        original, stored = store_file(config, name, Path(path))
        try:
            second = hold_if_second(service, original, stored)
        except GongkaiError:
            second = None  # a file that cannot be read fails below with its own message
        if second is not None:
            held.append(second)
            return [original, WAITING, "", second.body, second.year or "", 0, 0, "已有同一机关同一年度的报告"]
        return _upload_row(ingest_stored(service, original, stored))
    except GongkaiError as exc:
        return [name, "失败", "", "", "", 0, 0, str(exc)]
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        if index_unavailable(exc):
            return [name, "失败", "", "", "", 0, 0, UNAVAILABLE]
        log.exception("upload of %s failed", name)
        return [name, "失败", "", "", "", 0, 0, "无法导入该文件（内部错误）"]


def make_remove(service: Gongkai, config: Config, limits=None):
    def remove(token: str, report_id: str | None, request: gr.Request = None):
        try:
            _check(config, token, limits, request)
            if not scope_of(report_id):
                return "请先选择要删除的报告。"
            r = service.remove(report_id)
        except GongkaiError as exc:
            return f"⚠️ {text(str(exc))}"
        return f"已删除：{text(report_label_of(r))}"

    return remove


def make_reingest(service: Gongkai, config: Config, limits=None):
    def reingest(token: str, report_id: str | None, request: gr.Request = None):
        try:
            _check(config, token, limits, request)
            if not report_id:
                return "请先在表格中点选要重新导入的报告。"
            result = service.reingest(report_id)
        except GongkaiError as exc:
            return f"⚠️ {text(str(exc))}"
        if result.status == "failed":
            return f"⚠️ 重新导入失败：{text(result.error or '')}"
        r = result.report
        return f"已重新导入：{text(report_label_of(r))}，{r.chunks} 个段落，{r.facts} 个表格数据。"

    return reingest


def make_resolve(service: Gongkai, config: Config, choice: str, limits=None):
    """The staff's choice for held uploads: replace the old report, keep both, or drop the new file."""
    def resolve(token: str, held: list[dict], request: gr.Request = None):
        try:
            _check(config, token, limits, request)
            results = resolve_held(service, [Held.from_dict(h) for h in held or []], choice)
        except GongkaiError as exc:
            return f"⚠️ {text(str(exc))}", gr.skip(), held, gr.update(visible=True)
        if choice == "drop":
            return "已放弃上传，原报告不变。", pd.DataFrame(columns=UPLOAD_HEADERS), [], gr.update(visible=False)
        done = {"replace": "已替换原报告", "both": "两份报告都已保留"}[choice]
        return (f"{done}。", pd.DataFrame([_upload_row(r) for r in results], columns=UPLOAD_HEADERS), [],
                gr.update(visible=False))

    return resolve


def make_question_log(config: Config, limits=None):
    """(show, export): the question log filtered, as a table and as a CSV file with the cited passages."""
    from ui.questions import Filters, QuestionLog, csv_text, table_rows

    questions = QuestionLog(config)

    def rows(unanswered: bool, words: str, since: str):
        return questions.rows(Filters(bool(unanswered), words or "", (since or "").strip()))

    def show(token: str, unanswered: bool, words: str, since: str, request: gr.Request = None):
        try:
            _check(config, token, limits, request)
        except GongkaiError as exc:
            gr.Warning(str(exc))
            return pd.DataFrame(columns=QUESTION_HEADERS)
        return pd.DataFrame(table_rows(rows(unanswered, words, since)), columns=QUESTION_HEADERS)

    def export(token: str, unanswered: bool, words: str, since: str, request: gr.Request = None):
        try:
            _check(config, token, limits, request)
        except GongkaiError as exc:
            gr.Warning(str(exc))
            return gr.update(value=None, visible=False)
        path = Path(tempfile.mkdtemp(prefix="gongkai-log-")) / "提问记录.csv"
        path.write_text(csv_text(rows(unanswered, words, since)), encoding="utf-8")
        return gr.update(value=str(path), visible=True)

    return show, export


def _picked(frame: pd.DataFrame, evt: gr.SelectData):
    row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
    try:
        rid = str(frame.iloc[row][REPORT_HEADERS[-1]])
        label = f"{frame.iloc[row]['机关']} {frame.iloc[row]['年度']}年（{frame.iloc[row]['文件']}）"
    except (IndexError, KeyError, TypeError):
        return None, "请重新点选一行。", gr.update(visible=False)
    return rid, f"已选：{text(label)}", gr.update(visible=False)


def _ask_confirm(service: Gongkai):
    def ask(report_id: str | None):
        if not report_id:
            return "请先在表格中点选要删除的报告。", gr.update(visible=False)
        try:
            r = service.resolve(report_id)
        except GongkaiError as exc:
            return f"⚠️ {text(str(exc))}", gr.update(visible=False)
        return (f"确定删除 {text(report_label_of(r))} 吗？删除后它的段落、表格数据和原文件副本都会移除。",
                gr.update(visible=True))

    return ask


def report_label_of(r) -> str:
    return f"{r.body} {r.year or ''}年（{r.file}）"


# -- audit, table 三, figures by year ---------------------------------------------------------
def audit_table(service: Gongkai, report_id: str) -> pd.DataFrame:
    rows = [[c.rule, "✓ 一致" if c.ok else "✗ 不一致", c.detail]
            for _, checks in service.audit(report_id) for c in checks]
    rows.sort(key=lambda row: row[1].startswith("✓"))  # findings first
    return pd.DataFrame(rows, columns=["核对规则", "结果", "说明"])


def table3_grid(service: Gongkai, report_id: str) -> pd.DataFrame:
    """Table 三 as the report prints it: rows × applicant columns (blank cells stay blank)."""
    facts = [f for f, _ in service.facts(report_id) if f.table == "三"]
    rows = list(dict.fromkeys(f.row for f in facts))
    cols = list(dict.fromkeys(f.column for f in facts))
    cell = {(f.row, f.column): f.value for f in facts}
    data = [[r] + [_num(cell.get((r, c))) for c in cols] for r in rows]
    return pd.DataFrame(data, columns=["项目", *cols])


def _num(v) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else str(v)


def figures_by_year(service: Gongkai, report_id: str) -> pd.DataFrame:
    """Requests received and reconsiderations of this report's body, one point per year."""
    body = service.resolve(report_id).body
    points = []
    for r in (r for r in service.reports() if r.body == body and r.year):
        cells = {(f.table, f.row, f.column): f.value for f, _ in service.facts(r.report_id)}
        for table, row, col, label in KEY_FIGURES:
            value = cells.get((table, row, col))
            if value is not None:
                points.append({"年度": str(r.year), "件数": float(value), "指标": label})
    return pd.DataFrame(points or [], columns=["年度", "件数", "指标"]).sort_values("年度")


def make_inspect(service: Gongkai, config: Config, limits=None):
    def inspect(token: str, report_id: str | None, request: gr.Request = None):
        empty = (pd.DataFrame(), pd.DataFrame(), pd.DataFrame(columns=["年度", "件数", "指标"]))
        try:
            _check(config, token, limits, request)
            if not scope_of(report_id):
                return ("请先选择一份报告。", *empty)
            result = (audit_table(service, report_id), table3_grid(service, report_id),
                      figures_by_year(service, report_id))
        except GongkaiError as exc:
            return (f"⚠️ {text(str(exc))}", *empty)
        found = int((result[0]["结果"] != "✓ 一致").sum()) if len(result[0]) else 0
        return (f"共 {len(result[0])} 项核对，{found} 项不一致。", *result)

    return inspect


# -- layout -----------------------------------------------------------------------------------
# Entering the token also asks the server for a staff session cookie: the page's own upload route
# (/gradio_api/upload) is closed to anyone without it (ui/api.py Gate).
_SESSION_JS = """async (tok) => {
  try { await fetch("/api/staff/session", {method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json"}, body: JSON.stringify({token: tok})}); } catch (e) {}
  return tok;
}"""


def build_staff_tab(service: Gongkai, config: Config, chat_picker: gr.Dropdown, limits=None) -> None:
    if config.staff_token is None:
        gr.Markdown(f"🔒 {DISABLED}", elem_id="gk-staff-disabled")
        return
    with gr.Row(equal_height=True):
        token = gr.Textbox(type="password", label="工作人员令牌", scale=4, elem_id="gk-token")
        login = gr.Button("进入", scale=1, elem_id="gk-login")
    login_status = gr.Markdown("", elem_id="gk-login-status")
    with gr.Column(visible=False, elem_id="gk-staff") as panel:
        pickers = _staff_sections(service, config, token, limits)

    def enter(tok: str, request: gr.Request = None):
        try:
            _check(config, tok, limits, request)
        except GongkaiError as exc:
            return f"⚠️ {exc}", gr.update(visible=False)
        return "已进入工作人员功能。", gr.update(visible=True)

    entered = [login.click(enter, inputs=token, outputs=[login_status, panel], api_visibility="private",
                           js=_SESSION_JS),
               token.submit(enter, inputs=token, outputs=[login_status, panel], api_visibility="private",
                            js=_SESSION_JS)]
    # Reports may have changed since the page was built (CLI, REST): refresh the lists on entering too.
    pickers["changed"] += entered
    _wire_refresh(service, pickers, chat_picker)


def _staff_sections(service: Gongkai, config: Config, token: gr.Textbox, limits=None) -> dict:
    choices = report_choices(service, include_all=False)
    with gr.Accordion("起草答复稿", open=True):
        d_question = gr.Textbox(label="群众来信中的问题", lines=2, elem_id="gk-draft-question")
        d_scope = gr.Dropdown(choices=report_choices(service), value=ALL, label="查询范围")
        d_go = gr.Button("生成答复稿", variant="primary", elem_id="gk-draft-go")
        d_text = gr.Textbox(label="答复稿（可直接修改）", lines=12, interactive=True, elem_id="gk-draft-text")
        d_sources = gr.Markdown(elem_id="gk-draft-sources")
        d_dl = gr.Button("下载 Word 文件（.docx）", elem_id="gk-draft-docx")
        d_file = gr.File(label="答复稿文件", interactive=False, visible=False, elem_id="gk-draft-file")
        d_folder = gr.State(None)
    with gr.Accordion("上传报告", open=True):
        files = gr.File(file_count="multiple", file_types=list(SUPPORTED), type="filepath",
                        label="报告文件（.txt .md .pdf .docx .html）", elem_id="gk-upload-files")
        u_go = gr.Button("导入", variant="primary", elem_id="gk-upload-go")
        u_status = gr.Markdown(elem_id="gk-upload-status")
        u_table = gr.Dataframe(headers=UPLOAD_HEADERS, interactive=False, wrap=True, elem_id="gk-upload-table")
        held = gr.State([])
        with gr.Row(visible=False, elem_id="gk-held") as held_box:
            h_replace = gr.Button("替换原报告", variant="primary", elem_id="gk-held-replace")
            h_both = gr.Button("两份都保留", elem_id="gk-held-both")
            h_drop = gr.Button("放弃上传", elem_id="gk-held-drop")
    with gr.Accordion("报告管理", open=True):
        m_filter = gr.Textbox(label="筛选（机关、年度、文件名…）", elem_id="gk-reports-filter")
        m_table = gr.Dataframe(value=reports_frame(service), headers=REPORT_HEADERS, interactive=False, wrap=True,
                               elem_id="gk-reports-table")
        m_pick = gr.State(None)
        m_status = gr.Markdown("点选表格中的一行，再删除或重新导入。", elem_id="gk-reports-status")
        with gr.Row():
            m_remove = gr.Button("删除所选", variant="stop", elem_id="gk-reports-remove")
            m_reingest = gr.Button("重新导入所选", elem_id="gk-reports-reingest")
        with gr.Row(visible=False, elem_id="gk-confirm") as confirm_box:
            m_yes = gr.Button("确认删除", variant="stop", elem_id="gk-confirm-yes")
            m_no = gr.Button("取消", elem_id="gk-confirm-no")
    with gr.Accordion("提问记录", open=False):
        with gr.Row():
            q_unanswered = gr.Checkbox(label="只看未回答的", elem_id="gk-log-unanswered")
            q_text = gr.Textbox(label="筛选（问题、机关、文件名）", elem_id="gk-log-filter")
            q_since = gr.Textbox(label="起始日期（如 2025-01-01）", elem_id="gk-log-since")
        with gr.Row():
            q_go = gr.Button("查看", elem_id="gk-log-go")
            q_csv = gr.Button("导出 CSV（含所引原文）", elem_id="gk-log-csv")
        q_table = gr.Dataframe(headers=QUESTION_HEADERS, interactive=False, wrap=True, elem_id="gk-log-table")
        q_file = gr.File(label="提问记录文件", interactive=False, visible=False, elem_id="gk-log-file")
    with gr.Accordion("核对与数据", open=True):
        a_pick = gr.Dropdown(choices=choices, label="报告", elem_id="gk-audit-pick")
        a_go = gr.Button("查看", elem_id="gk-audit-go")
        a_status = gr.Markdown(elem_id="gk-audit-status")
        a_table = gr.Dataframe(label="表格核对结果", interactive=False, wrap=True, elem_id="gk-audit-table")
        t3 = gr.Dataframe(label="表三：收到和处理政府信息公开申请情况", interactive=False,
                          elem_id="gk-table3")
        chart = gr.LinePlot(x="年度", y="件数", color="指标", label="同一机关历年主要数字", height=280,
                            y_axis_format="d", elem_id="gk-chart")

    d_go.click(make_draft(service, config, limits), inputs=[token, d_question, d_scope], outputs=[d_text, d_sources],
               api_visibility="private")
    download = make_download(config, limits)
    d_dl.click(download, inputs=[token, d_text], outputs=[d_file, d_folder], api_visibility="private").then(
        download.cleanup, inputs=d_folder, outputs=d_folder, api_visibility="private", queue=False)
    uploaded = u_go.click(make_upload(service, config, limits), inputs=[token, files],
                          outputs=[u_status, u_table, held, held_box], api_visibility="private")
    resolved = [button.click(make_resolve(service, config, choice, limits), inputs=[token, held],
                             outputs=[u_status, u_table, held, held_box], api_visibility="private")
                for button, choice in ((h_replace, "replace"), (h_both, "both"), (h_drop, "drop"))]
    show_log, export_log = make_question_log(config, limits)
    q_go.click(show_log, inputs=[token, q_unanswered, q_text, q_since], outputs=q_table, api_visibility="private")
    q_csv.click(export_log, inputs=[token, q_unanswered, q_text, q_since], outputs=q_file, api_visibility="private")
    m_filter.change(lambda f: reports_frame(service, f), inputs=m_filter, outputs=m_table, api_visibility="private")
    m_table.select(_picked, inputs=m_table, outputs=[m_pick, m_status, confirm_box], api_visibility="private")
    m_remove.click(_ask_confirm(service), inputs=m_pick, outputs=[m_status, confirm_box], api_visibility="private")
    m_no.click(lambda: ("已取消。", gr.update(visible=False)), outputs=[m_status, confirm_box],
               api_visibility="private")
    removed = m_yes.click(make_remove(service, config, limits), inputs=[token, m_pick], outputs=m_status,
                          api_visibility="private").then(lambda: (None, gr.update(visible=False)),
                                                         outputs=[m_pick, confirm_box], api_visibility="private")
    reingested = m_reingest.click(make_reingest(service, config, limits), inputs=[token, m_pick], outputs=m_status,
                                  api_visibility="private")
    for event in (uploaded, *resolved, removed, reingested):
        event.then(lambda f: reports_frame(service, f), inputs=m_filter, outputs=m_table, api_visibility="private")
    a_go.click(make_inspect(service, config, limits), inputs=[token, a_pick],
               outputs=[a_status, a_table, t3, chart], api_visibility="private")
    return {"scoped": [d_scope], "plain": [a_pick], "changed": [uploaded, *resolved, removed, reingested]}


def _wire_refresh(service: Gongkai, pickers: dict, chat_picker: gr.Dropdown) -> None:
    """After an upload, a removal or logging in, every report list on the page shows the current set."""
    def refresh(chat_value):
        with_all = report_choices(service)
        plain = report_choices(service, include_all=False)
        known = {v for _, v in with_all}
        chat_value = chat_value if chat_value in known else ALL
        return ([gr.update(choices=with_all, value=chat_value)]
                + [gr.update(choices=with_all) for _ in pickers["scoped"]]
                + [gr.update(choices=plain, value=None) for _ in pickers["plain"]])

    outputs = [chat_picker, *pickers["scoped"], *pickers["plain"]]
    for event in pickers["changed"]:
        event.then(refresh, inputs=chat_picker, outputs=outputs, api_visibility="private")

"""The chat page (Gradio Blocks): ask, see the sources, rate answers; the staff tab is in ui/staff.py.

All handlers call the one library object (`Gongkai`); nothing here answers questions itself.
"""

from __future__ import annotations

import logging

import gradio as gr

from assistant.models import Answer
from assistant.service import Gongkai
from ingest.config import Config
from ingest.errors import UNAVAILABLE, GongkaiError, index_unavailable
from ui import conversations
from ui.feedback import REASONS, FeedbackLog
from ui.picker import ALL, report_choices, scope_of
from ui.render import answer_md, notice_md, question_md, text
from ui.sources import cell_rows

log = logging.getLogger("gongkai.page")

EXAMPLE_TEMPLATES = (
    "{body}{year}年共收到多少件政府信息公开申请？",
    "{body}{year}年主动公开了多少条政府信息？",
    "{body}{year}年政府信息公开工作存在哪些主要问题？",
)
FALLBACK_EXAMPLES = ("通过市人民政府网站发布了多少条信息？", "共收到多少件政府信息公开申请？",
                     "行政复议有多少件？")

PAGE_CSS = """
.gradio-container { max-width: 980px !important; margin: 0 auto !important; }
#gk-chat { height: min(62vh, 640px) !important; }
#gk-chat mark { background: #ffe58a; color: inherit; padding: 0 2px; border-radius: 2px; }
#gk-chat blockquote { margin: 4px 0 8px; padding-left: 10px; border-left: 3px solid #c9d3e0; color: #333; }
.gk-examples button { white-space: normal !important; text-align: left !important; }
/* contain: a wide row scrolls inside its box; without it the table widens the bubble and the page (phone) */
#gk-chat .gk-cells { overflow-x: auto; margin: 4px 0 8px; contain: inline-size; }
#gk-chat .gk-cells table { border-collapse: collapse; font-size: 13px; width: auto; margin: 0; }
#gk-chat .gk-cells caption { text-align: left; font-weight: bold; padding: 2px 0; }
#gk-chat .gk-cells th, #gk-chat .gk-cells td { border: 1px solid #d5dae1; padding: 2px 6px; text-align: center;
  white-space: nowrap; }
#gk-chat .gk-cells .gk-hit { background: #ffe58a; font-weight: bold; }
#gk-chat .gk-decoding, #gk-chat .gk-understood { color: #5b6472; font-size: 13px; }
/* The staff tab's wide tables scroll inside their box instead of widening the page (a phone is 390 px). */
#gk-upload-table, #gk-reports-table, #gk-audit-table, #gk-table3 { contain: inline-size; }
/* The chatbot's own trash icon: it cleared the chat and lost it; 新对话 keeps the old one in the list instead. */
#gk-chat button[aria-label="清空对话"], #gk-chat button[aria-label="Clear"] { display: none !important; }
@media (max-width: 640px) {
  .gradio-container { padding: 6px !important; }
  #gk-header h2 { font-size: 1.1rem; margin: 4px 0; }
  #gk-header p { display: none; }
  #gk-chat { height: 38vh !important; }  /* the input and the examples fit the first screen */
  .gk-examples button { font-size: 12px !important; padding: 4px 8px !important; }
  #gk-new { max-width: 96px; }
}
"""
# Gradio already sets the viewport meta tag. The script opens a source's 查看原文 link (/view/…) over the chat in
# a panel instead of a new tab, so the person keeps their place; Esc or 关闭 closes it. The panel's style is here,
# not in PAGE_CSS: it hangs off <body>, outside the container Gradio's css applies to.
PAGE_HEAD = r"""<style>
#gk-viewer { position: fixed; inset: 4vh 4vw; z-index: 1000; background: #fff; border-radius: 8px;
  box-shadow: 0 4px 30px rgba(0,0,0,.35); display: flex; flex-direction: column; overflow: hidden; }
#gk-viewer .gk-viewer-bar { display: flex; gap: 12px; align-items: center; padding: 6px 12px;
  border-bottom: 1px solid #e3e6ea; font-weight: bold; }
#gk-viewer .gk-viewer-bar span { flex: 1; }
#gk-viewer .gk-viewer-bar a { font-weight: normal; font-size: 13px; }
#gk-viewer iframe { flex: 1; border: 0; width: 100%; }
@media (max-width: 640px) { #gk-viewer { inset: 0; border-radius: 0; } }
</style>
<script>
(() => {
  const close = () => { const v = document.getElementById("gk-viewer"); if (v) v.remove(); };
  document.addEventListener("click", (e) => {
    const a = e.target.closest && e.target.closest('a[href*="/view/"]');
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault(); e.stopPropagation(); close();
    const box = document.createElement("div");
    box.id = "gk-viewer"; box.setAttribute("role", "dialog"); box.setAttribute("aria-label", "报告原文");
    box.innerHTML = '<div class="gk-viewer-bar"><span>报告原文</span><a target="_blank" rel="noopener">新窗口打开</a>'
      + '<button type="button" aria-label="关闭原文">关闭</button></div><iframe title="报告原文"></iframe>';
    box.querySelector("a").href = a.href; box.querySelector("iframe").src = a.href;
    box.querySelector("button").addEventListener("click", close);
    document.body.appendChild(box);
  }, true);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") close(); });
  // Words Gradio has no Chinese for (its zh-CN table lacks them): replaced wherever they appear.
  const words = {"Copy message": "复制消息", "Copied message": "已复制", "Copy": "复制", "Copied!": "已复制",
                 "Clear": "清空对话", "Share": "分享", "Retry": "重试", "Undo": "撤销",
                 "Click to upload or drop files": "点击上传或拖放文件", "Fullscreen": "全屏",
                 "Exit fullscreen mode": "退出全屏", "Copy table data": "复制表格", "Download": "下载"};
  const fixOne = (e) => {
    for (const a of ["aria-label", "title"]) {
      const v = e.getAttribute(a);
      if (v && words[v]) e.setAttribute(a, words[v]);
    }
  };
  // The status tracker writes its progress words in English whatever the language ("queue: 2/5 |").
  const texts = [[/^\s*queue: (\d+)\/(\d*) \|\s*$/, "排队 $1/$2 |"], [/^\s*processing \|\s*$/, "处理中 |"]];
  const fixText = (t) => {
    for (const [re, zh] of texts) if (re.test(t.nodeValue)) { t.nodeValue = t.nodeValue.replace(re, zh); return; }
  };
  const fix = (root) => {
    if (root.nodeType === 3) return fixText(root);
    fixOne(root); for (const e of root.querySelectorAll("[aria-label], [title]")) fixOne(e);
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let t = walk.nextNode(); t; t = walk.nextNode()) fixText(t);
  };
  new MutationObserver((ms) => {
    for (const m of ms) {
      if (m.type === "attributes") fixOne(m.target);
      else if (m.type === "characterData") fixText(m.target);
      else for (const n of m.addedNodes) if (n.nodeType === 1 || n.nodeType === 3) fix(n);
    }
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true, attributes: true,
                                         attributeFilter: ["aria-label", "title"]});
})();
</script>"""


# Gradio picks its own words (tooltips, the upload box, toasts) by the browser's language; the page is Chinese
# for everyone, so the browser is said to speak Chinese. It must run before Gradio's scripts, and Gradio adds
# `head` only later, so ui/server.py puts this first in the page's <head> itself.
CHINESE_FIRST = (b'<script>try{for(const [k,v] of [["language","zh-CN"],["languages",["zh-CN","zh"]]])'
                 b'Object.defineProperty(Navigator.prototype,k,{get:()=>v,configurable:true});}catch(e){}</script>')


# -- examples ----------------------------------------------------------------------------------
def examples_for(service: Gongkai, report_id: str | None) -> list[str]:
    """Three example questions: of the picked report, or (all reports) one each of up to three bodies indexed,
    newest first, each asking a different kind of question."""
    reports = service.reports()
    pick = next((r for r in reports if r.report_id == report_id), None)
    if pick is not None and pick.body and pick.year:
        return [t.format(body=pick.body, year=pick.year) for t in EXAMPLE_TEMPLATES]
    bodies: dict[str, object] = {}
    for r in sorted((r for r in reports if r.body and r.year), key=lambda r: -r.year):
        bodies.setdefault(r.body, r)
    picked = list(bodies.values())[: len(EXAMPLE_TEMPLATES)]
    if not picked:
        return list(FALLBACK_EXAMPLES)
    # Fewer bodies than kinds: the newest one asks the remaining kinds.
    picked += [picked[0]] * (len(EXAMPLE_TEMPLATES) - len(picked))
    return [t.format(body=r.body, year=r.year) for t, r in zip(EXAMPLE_TEMPLATES, picked, strict=True)]


# -- chat -------------------------------------------------------------------------------------
def _history(turns: dict) -> list[tuple[str, str]]:
    """[(question, answer), ...] of this conversation, oldest first, for follow-up questions."""
    return [(t["question"], t["answer"]) for _, t in sorted(turns.items())]


def _pieces(text: str, n: int = 3) -> list[str]:
    """Growing prefixes of the text, cut after punctuation where possible, so it appears in steps."""
    if len(text) < 24:
        return [text]
    step = max(1, len(text) // n)
    cuts, pos = [], 0
    while pos + step < len(text):
        nxt = pos + step
        stop = next((i + 1 for i in range(nxt, min(nxt + 12, len(text))) if text[i] in "，。；：\n"), nxt)
        cuts.append(stop)
        pos = stop
    return [text[:c] for c in cuts] + [text]


def _stream(service: Gongkai, question: str, report: str | None, history: list):
    """(text so far, None)… then (full text, Answer); uses the service's stream when it has one."""
    if hasattr(service, "stream"):
        yield from service.stream(question, report, history)
        return
    answer = service.ask(question, report, history)
    for piece in _pieces(answer.answer):
        yield piece, None
    yield answer.answer, answer


def make_respond(service: Gongkai, limits=None, questions=None):
    """`questions`: the question log (ui/questions.py) each answered question goes into."""
    def respond(question: str, messages: list, turns: dict, report_id: str, request: gr.Request = None):
        question = question or ""
        messages, turns = list(messages or []), dict(turns or {})
        if not question.strip():
            messages.append({"role": "assistant",
                             "content": notice_md("请先输入问题，例如：共收到多少件政府信息公开申请？")})
            yield "", messages, turns
            return
        if limits is not None:  # the same per-client budget as /api/ask
            from ui.limits import RATE_LIMITED, client_of, seconds

            wait = limits.questions.take(client_of(limits, request))
            if wait:
                messages.append({"role": "assistant", "content": notice_md(RATE_LIMITED.format(s=seconds(wait)))})
                yield question, messages, turns
                return
        messages.append({"role": "user", "content": question_md(question)})
        yield "", messages, turns  # the question is taken: the box is cleared once, here
        messages.append({"role": "assistant", "content": ""})
        index = len(messages) - 1
        # Later updates leave the box alone: a person may already be typing the next question while this answer is
        # still arriving, and clearing the box again would wipe it (and send an empty question on Enter).
        keep_box = gr.skip()
        try:
            for body, answer in _stream(service, question, scope_of(report_id), _history(turns)):
                shown = answer_md(answer, cells=cell_rows(service, answer)) if answer else text(body)
                messages[index] = {"role": "assistant", "content": shown}
                if answer is not None:
                    turns[index] = _turn(question, answer, report_id)
                    _log(questions, answer, limits, request)
                yield keep_box, messages, turns
        except Exception as exc:  # noqa: BLE001 - the page shows a sentence, the log keeps the traceback
            messages[index] = {"role": "assistant", "content": notice_md(user_message(exc))}
            yield keep_box, messages, turns

    return respond


def _log(questions, answer: Answer, limits, request) -> None:
    if questions is None:
        return
    try:
        from ui.limits import client_of

        questions.add(answer, "page", client_of(limits, request) if limits is not None else None)
    except Exception:  # noqa: BLE001 - a log that cannot be written never costs the person their answer
        log.exception("question log write failed")


def user_message(exc: Exception) -> str:
    """The sentence shown for an error: the library's own, the index being away, or a generic one."""
    if index_unavailable(exc):
        log.warning("chat answer failed: index unavailable: %s", exc)
        return UNAVAILABLE
    if isinstance(exc, GongkaiError):
        return str(exc)
    log.exception("chat answer failed", exc_info=exc)
    return INTERNAL


INTERNAL = "抱歉，系统出现内部错误，请稍后再试。"
BAD_INPUT = "提交的内容不符合要求，请刷新页面后重试。"


def plain_gradio_errors() -> None:
    """Gradio sends an error's str() to the browser ("'NoneType' object is not subscriptable", object reprs
    with addresses) when show_error is on, and nothing a person can read when it is off. Its payload
    function is replaced so that a gr.Error keeps its own (Chinese) message and every other error becomes
    one plain Chinese sentence; the exception itself stays in the log. Gradio imports the function by name
    in two modules, so both names are replaced (idempotent)."""
    import gradio.queueing
    import gradio.utils

    original = gradio.utils.error_payload
    if getattr(original, "_gongkai", False):
        return

    def payload(error, show_error):  # noqa: ARG001 - Gradio's signature
        message = str(getattr(error, "message", "") or "")
        if isinstance(error, gr.Error) and any("\u4e00" <= ch <= "\u9fff" for ch in message):
            return original(error, True)  # ours, already a sentence
        if isinstance(error, gr.Error):  # Gradio's own check of the input ("Value: … is not in the list …")
            log.warning("page event refused: %s", message[:200])
            return {"error": BAD_INPUT, "visible": True, "title": "出错了", "duration": None}
        if error is not None:
            log.error("page event failed: %s", type(error).__name__, exc_info=error)
        return {"error": INTERNAL, "visible": True, "title": "出错了", "duration": None}

    payload._gongkai = True  # type: ignore[attr-defined]
    gradio.utils.error_payload = payload
    gradio.queueing.error_payload = payload


def _turn(question: str, answer: Answer, report_id: str | None) -> dict:
    return {"question": question, "answer": answer.answer, "short_answer": answer.short_answer,
            "found": answer.found, "citations": [c.to_dict() for c in answer.citations],
            "report": scope_of(report_id), "latency_ms": answer.latency_ms}


# -- feedback ---------------------------------------------------------------------------------
def make_feedback_handlers(config: Config):
    log_ = FeedbackLog(config.data_dir)

    def on_like(turns: dict, data: gr.LikeData):
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turn = (turns or {}).get(index)
        if turn is None:
            return "这条消息不能评价。", gr.update(visible=False), None
        rating = "up" if data.liked is True or data.liked == "Like" else "down"
        fid = log_.add(turn["question"], turn["answer"], rating, turn["citations"],
                       {"report": turn["report"], "short_answer": turn["short_answer"]})
        if rating == "up":
            return "感谢您的肯定！", gr.update(visible=False), None
        return "已记录 👎。可以再选择原因、补充说明，帮助我们改进：", gr.update(visible=True), fid

    def on_reason(fid: int | None, reason: str | None, comment: str):
        if fid is None:
            return "请先在回答下方点 👎。", gr.update(visible=True), None
        log_.explain(fid, reason or None, comment)
        return "已记录原因，谢谢您的反馈！", gr.update(visible=False), None

    return on_like, on_reason


# -- layout -----------------------------------------------------------------------------------
def _chat_tab(service: Gongkai, config: Config, limits=None) -> gr.Dropdown:
    turns = gr.State({})
    pending = gr.State(None)
    saved = gr.BrowserState(None, storage_key=conversations.STORAGE_KEY,
                            secret=conversations.secret_for(config.data_dir))
    conv_id = gr.State("")
    with gr.Row(equal_height=True):
        picker = gr.Dropdown(choices=report_choices(service), value=ALL, label="查询范围", scale=4,
                             elem_id="gk-picker")
        history = gr.Dropdown(choices=[], value=None, label="之前的对话", scale=3, elem_id="gk-history",
                              interactive=True)
        new_chat = gr.Button("新对话", scale=1, size="sm", min_width=80, elem_id="gk-new")
    chatbot = gr.Chatbot(elem_id="gk-chat", label="问答", layout="bubble", latex_delimiters=[],
                         feedback_options=("Like", "Dislike"), sanitize_html=True, allow_tags=False,
                         buttons=["copy"], autoscroll=False,  # _SHOW_ANSWER_JS shows an answer from its start
                         placeholder="请输入关于政府信息公开工作年度报告的问题，回答会附上报告原文出处。")
    with gr.Row(equal_height=True):
        # Nothing that asks is usable until the kept conversation is back (_restore): a question asked earlier
        # would be wiped by the restored messages arriving after it.
        box = gr.Textbox(label="问题", show_label=False, placeholder="输入问题，按回车发送", scale=5, lines=1,
                         max_lines=4, elem_id="gk-question", autofocus=True, interactive=False)
        send = gr.Button("发送", variant="primary", scale=1, min_width=72, elem_id="gk-send", interactive=False)
    with gr.Row(elem_classes="gk-examples"):
        example_buttons = [gr.Button(q, size="sm", elem_classes="gk-example", interactive=False)
                           for q in examples_for(service, ALL)]
    status = gr.Markdown("", elem_id="gk-feedback-status")
    with gr.Group(visible=False, elem_id="gk-reason-box") as reason_box:
        reason = gr.Radio(list(REASONS), label="👎 的原因（可选）", elem_id="gk-reason")
        comment = gr.Textbox(label="补充说明（可选）", lines=2, elem_id="gk-comment")
        submit_reason = gr.Button("提交反馈", size="sm", elem_id="gk-reason-submit")

    from ui.questions import QuestionLog

    respond = make_respond(service, limits, QuestionLog(config))
    io = dict(inputs=[box, chatbot, turns, picker], outputs=[box, chatbot, turns])
    keep = dict(fn=_persist, inputs=[saved, conv_id, chatbot, turns, picker], outputs=[saved, conv_id, history],
                api_visibility="private", queue=False)
    keep_and_show = dict(**keep, js=_SHOW_ANSWER_JS)
    # Gradio drops a submit made while the last answer's event is still finishing ("once"): a question typed right
    # after an answer appears would be lost. "always_last" runs it as soon as that event ends.
    box.submit(respond, api_name="chat", trigger_mode="always_last", **io).then(**keep_and_show)
    send.click(respond, api_visibility="private", trigger_mode="always_last", **io).then(**keep_and_show)
    for b in example_buttons:
        b.click(lambda q: q, inputs=b, outputs=box, api_visibility="private", queue=False).then(
            respond, api_visibility="private", **io).then(**keep_and_show)
    # 新对话 keeps the current conversation in the list and starts an empty one (the chatbot's trash icon is
    # hidden in PAGE_CSS).
    new_chat.click(_new_conversation, inputs=[saved, conv_id, chatbot, turns, picker],
                   outputs=[saved, conv_id, history, chatbot, turns, status, reason_box],
                   api_visibility="private", queue=False)
    history.select(_open_conversation, inputs=[saved, history],
                   outputs=[saved, conv_id, history, chatbot, turns, picker, status, reason_box],
                   api_visibility="private", queue=False)
    askers = [box, send, *example_buttons]
    restore = dict(fn=lambda stored, report, shown: _restore(service, stored, report, shown, len(askers)),
                   inputs=[saved, picker, chatbot],
                   outputs=[saved, conv_id, history, chatbot, turns, picker, *askers], api_visibility="private",
                   queue=False)
    picker.change(lambda rid: [gr.update(value=q) for q in examples_for(service, rid)], inputs=picker,
                  outputs=example_buttons, api_visibility="private")
    on_like, on_reason = make_feedback_handlers(config)
    chatbot.like(on_like, inputs=turns, outputs=[status, reason_box, pending], api_visibility="private").then(
        None, js=_SHOW_REASONS_JS)
    submit_reason.click(on_reason, inputs=[pending, reason, comment], outputs=[status, reason_box, pending],
                        api_visibility="private")
    picker.change(**keep)  # the picked report is part of the conversation
    return picker, example_buttons, restore


# The chatbot scrolls to its end as an answer grows; once it is whole, its first line is brought into view
# (on a phone the end is the last source, and the answer itself was above the screen). Returns its inputs:
# the js runs before the event's function, which stores the conversation.
_SHOW_ANSWER_JS = """(...args) => {
  setTimeout(() => {
    const bots = document.querySelectorAll('#gk-chat [data-testid=bot]');
    const last = bots[bots.length - 1];
    if (last) last.scrollIntoView({block: 'start', behavior: 'instant'});
  }, 50);
  return args;
}"""
# The 👎 reason panel sits under the chat: after a 👎 it is brought into view and its first choice focused.
# Gradio shows the panel (and may scroll the chat) a moment after the event ends, later on a busy machine: the
# panel is scrolled to until it has stayed in view for two checks in a row (at most 4 s).
_SHOW_REASONS_JS = """() => {
  let tries = 0, still = 0, focused = false;
  const go = () => {
    const box = document.getElementById('gk-reason-box');
    if (box && box.offsetHeight > 0) {
      const r = box.getBoundingClientRect();
      if (r.top >= 0 && r.top < window.innerHeight) { still += 1; } else {
        still = 0; box.scrollIntoView({block: 'center', behavior: 'instant'}); }
      if (!focused) { const first = box.querySelector('input');
                      if (first) { first.focus({preventScroll: true}); focused = true; } }
      if (still >= 2) return;
    }
    if (++tries < 40) setTimeout(go, 100);
  };
  setTimeout(go, 100);
}"""


# -- conversations kept in the browser (ui/conversations.py) -------------------------------------
def _current(stored, cid: str, messages: list, turns: dict, report: str | None) -> conversations.Conversation:
    current, items = conversations.load(stored)
    found = next((c for c in items if c.id == cid), None) if cid else current
    c = found or conversations.Conversation.new()
    c.messages, c.report = list(messages or []), report
    c.turns = {str(k): v for k, v in (turns or {}).items()}
    return c


def _history_update(stored: dict, selected: str | None = None):
    return gr.update(choices=conversations.choices(stored), value=selected)


def _persist(stored, cid: str, messages: list, turns: dict, report: str | None):
    c = _current(stored, cid, messages, turns, report)
    stored = conversations.save(stored, c)
    return stored, c.id, _history_update(stored, c.id if c.messages else None)


def _new_conversation(stored, cid: str, messages: list, turns: dict, report: str | None):
    stored = conversations.save(stored, _current(stored, cid, messages, turns, report))
    fresh = conversations.Conversation.new(report)
    stored = conversations.save(stored, fresh)
    return stored, fresh.id, _history_update(stored), [], {}, "", gr.update(visible=False)


def _open_conversation(stored, cid: str | None):
    _, items = conversations.load(stored)
    c = next((c for c in items if c.id == cid), None)
    if c is None:
        return stored, gr.skip(), _history_update(stored), gr.skip(), gr.skip(), gr.skip(), "", gr.skip()
    stored = conversations.save(stored, c)
    return (stored, c.id, _history_update(stored, c.id), c.messages, c.turns_by_index(), c.report or ALL, "",
            gr.update(visible=False))


def _restore(service: Gongkai, stored, report: str | None, shown: list | None = None, askers: int = 1):
    """On load: the conversation the browser was on, with its picked report (if that report is still indexed),
    then the `askers` (question box, send and example buttons) made usable.
    A person who already asked before this ran (a slow load) keeps what they see."""
    ready = (gr.update(interactive=True),) * askers
    if shown:
        return (*(gr.skip(),) * 6, *ready)
    c, _ = conversations.load(stored)
    stored = conversations.save(stored, c)
    indexed = {v for _, v in report_choices(service)}
    return (stored, c.id, _history_update(stored, c.id if c.messages else None), c.messages, c.turns_by_index(),
            c.report if c.report in indexed else report, *ready)


def build_page(service: Gongkai, config: Config, limits=None) -> gr.Blocks:
    from ui.staff import build_staff_tab

    # Gradio's own temporary files (uploads, files handed to the browser) are deleted once they are older
    # than page_files_age_s, checked as often.
    age = int(config.page_files_age_s)
    with gr.Blocks(title="公开 · 政府信息公开年报问答", analytics_enabled=False,
                   delete_cache=(max(60, min(age, 600)), age)) as page:
        gr.Markdown("## 公开 · 政府信息公开工作年度报告问答\n回答来自已导入的年度报告原文，每个数字都附有出处。",
                    elem_id="gk-header")
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                picker, example_buttons, restore = _chat_tab(service, config, limits)
            with gr.Tab("工作人员", id="staff"):
                build_staff_tab(service, config, picker, limits)

        def refresh(rid):
            choices = report_choices(service)
            rid = rid if rid in {v for _, v in choices} else ALL
            return [gr.update(choices=choices, value=rid)] + [gr.update(value=q) for q in examples_for(service, rid)]

        # The report list first, then the kept conversation (its picked report must be among the choices).
        reload = dict(fn=refresh, inputs=picker, outputs=[picker, *example_buttons], api_visibility="private")
        page.load(**reload).then(**restore).then(**reload)
    # A bounded queue: past answer_queue waiting events Gradio answers "queue full" instead of queueing more.
    page.queue(default_concurrency_limit=4, max_size=config.answer_queue)
    return page


"""The chat embedded in another site (issue 17 item 10): `/embed.js`, one script tag that puts a 咨询 button on
the host page and opens `/embed` in an iframe; `/embed`, a compact self-contained chat page that asks the
REST API's `/api/ask` (same origin from inside the iframe, so no CORS), optionally within one body's reports.

Both answer 404 unless GONGKAI_EMBED_ORIGINS names the sites allowed to embed; `/embed` carries
`Content-Security-Policy: frame-ancestors <those sites>`, so no other site can frame it.
"""

from __future__ import annotations

import html
import json
import re
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from assistant.service import Gongkai
from ingest.config import Config
from ui.api import ApiError

router = APIRouter(include_in_schema=False)

OFF = "嵌入功能未开启：管理员可在 GONGKAI_EMBED_ORIGINS 中设置允许嵌入的网站。"
MAX_PARAM = 80  # body and title from the host page's script tag: shown, never trusted, cut short


def _allowed(config: Config) -> tuple[str, ...]:
    if not config.embed_origins:
        raise ApiError(404, "not_found", OFF)
    return config.embed_origins


def body_reports(service: Gongkai, body: str) -> list[dict]:
    """The reports of one body (exact name as indexed), newest year first: what /embed?body=… asks within.
    /api/ask takes one report, so the page picks among these per question (a year it names, else the report
    of the previous turn, else the newest)."""
    rows = [r for r in service.reports() if r.body and r.body == body]
    rows.sort(key=lambda r: (r.year or 0, r.report_id), reverse=True)
    return [{"id": r.report_id, "year": r.year} for r in rows]


def _param(request: Request, name: str) -> str:
    value = (request.query_params.get(name) or "").strip()
    return value[:MAX_PARAM]


def _json_in_script(value) -> str:
    # JSON inside <script type="application/json">: "<" escaped, so no text can close the element.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace(
        "&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@router.get("/embed.js")
def embed_js(request: Request) -> Response:
    _allowed(request.app.state.config)
    return Response(EMBED_JS, media_type="text/javascript; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"})


@router.get("/embed")
def embed_page(request: Request) -> HTMLResponse:
    origins = _allowed(request.app.state.config)
    body, title = _param(request, "body"), _param(request, "title")
    reports = body_reports(request.app.state.service, body) if body else []
    nonce = secrets.token_urlsafe(16)
    settings = {"body": body, "reports": reports, "missing": bool(body and not reports)}
    heading = title or (f"{body} · 政务公开咨询" if body else "政务公开咨询")
    fill = {"nonce": nonce, "heading": html.escape(heading), "settings": _json_in_script(settings)}
    page = re.sub(r"\{\{(\w+)\}\}", lambda m: fill[m.group(1)], EMBED_HTML)  # one pass: no text is re-read
    ancestors = " ".join(origins)
    csp = (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; "
           f"img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}")
    return HTMLResponse(page, headers={"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
                                       "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"})


# -- the script tag ------------------------------------------------------------------------
EMBED_JS = r"""/* 公开 Gongkai：嵌入式咨询窗口。<script src="https://…/embed.js" data-body="机关名称" async></script> */
(function () {
  "use strict";
  if (window.__gongkaiEmbed) return;
  window.__gongkaiEmbed = true;
  var script = document.currentScript;
  if (!script || !/\/embed\.js(\?|#|$)/.test(script.src)) {
    var all = document.querySelectorAll('script[src*="/embed.js"]');
    script = all[all.length - 1];
  }
  if (!script) return;
  var origin = new URL(script.src, location.href).origin;
  var q = new URLSearchParams();
  var body = script.getAttribute("data-body"), title = script.getAttribute("data-title");
  if (body) q.set("body", body);
  if (title) q.set("title", title);
  var src = origin + "/embed" + (q.toString() ? "?" + q.toString() : "");

  function start() {
    var button = document.createElement("button");
    button.type = "button";
    button.id = "gongkai-embed-button";
    button.textContent = "咨询";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-label", "打开政务公开咨询窗口");
    var bs = button.style;
    bs.position = "fixed"; bs.right = "20px"; bs.bottom = "20px"; bs.zIndex = "2147483646";
    bs.padding = "12px 20px"; bs.border = "0"; bs.borderRadius = "24px"; bs.background = "#b3261e";
    bs.color = "#fff"; bs.font = "16px/1.2 sans-serif"; bs.cursor = "pointer";
    bs.boxShadow = "0 2px 8px rgba(0,0,0,.3)";
    var frame = null;
    button.addEventListener("click", function () {
      if (!frame) {
        frame = document.createElement("iframe");
        frame.id = "gongkai-embed-frame";
        frame.title = "政务公开咨询";
        frame.src = src;
        var fs = frame.style;
        fs.position = "fixed"; fs.right = "20px"; fs.bottom = "76px"; fs.zIndex = "2147483647";
        fs.width = "380px"; fs.height = "560px"; fs.maxWidth = "calc(100vw - 40px)";
        fs.maxHeight = "calc(100vh - 96px)"; fs.border = "1px solid #ccc"; fs.borderRadius = "8px";
        fs.background = "#fff"; fs.boxShadow = "0 4px 16px rgba(0,0,0,.25)";
        document.body.appendChild(frame);
      } else {
        frame.style.display = frame.style.display === "none" ? "" : "none";
      }
      var open = frame.style.display !== "none";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = open ? "关闭" : "咨询";
    });
    document.body.appendChild(button);
  }
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})();
"""

# -- the page in the iframe ----------------------------------------------------------------
EMBED_HTML = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{heading}}</title>
<style nonce="{{nonce}}">
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font: 14px/1.6 "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei",
       sans-serif; color: #222; background: #fff; }
header { padding: 10px 14px; background: #b3261e; color: #fff; font-weight: bold; }
#gk-log { flex: 1; overflow-y: auto; padding: 10px 12px; }
.gk-msg { margin: 8px 0; padding: 8px 10px; border-radius: 8px; white-space: pre-wrap; word-break: break-word; }
.gk-user { background: #fdecea; margin-left: 40px; }
.gk-bot { background: #f4f4f4; margin-right: 12px; }
.gk-error { background: #fff4e5; color: #8a4b00; }
.gk-understood { color: #777; font-size: 12px; margin-top: 4px; }
.gk-source { margin-top: 6px; font-size: 12px; }
.gk-source summary { cursor: pointer; color: #555; }
.gk-source blockquote { margin: 4px 0 0; padding: 4px 8px; border-left: 3px solid #ccc; color: #444;
                        background: #fff; max-height: 160px; overflow-y: auto; }
.gk-note { color: #666; font-size: 13px; }
form { display: flex; gap: 6px; padding: 8px; border-top: 1px solid #ddd; }
textarea { flex: 1; resize: none; height: 44px; padding: 6px; font: inherit; border: 1px solid #bbb;
           border-radius: 6px; }
button { padding: 0 14px; border: 0; border-radius: 6px; background: #b3261e; color: #fff; font: inherit;
         cursor: pointer; }
button:disabled { background: #bbb; cursor: default; }
</style>
</head>
<body>
<header id="gk-heading">{{heading}}</header>
<div id="gk-log" role="log" aria-live="polite"></div>
<form id="gk-form">
<textarea id="gk-question" maxlength="2000" placeholder="请输入您的问题"
 aria-label="问题"></textarea>
<button id="gk-send" type="submit">发送</button>
</form>
<script type="application/json" id="gk-settings">{{settings}}</script>
<script nonce="{{nonce}}">
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("gk-settings").textContent);
  var log = document.getElementById("gk-log"), form = document.getElementById("gk-form");
  var box = document.getElementById("gk-question"), send = document.getElementById("gk-send");
  var history = [], lastReport = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);  // text only: nothing from an answer becomes markup
    log.appendChild(e);
    return e;
  }
  function scroll() { log.scrollTop = log.scrollHeight; }

  function note(text) { el("div", "gk-note", text); }
  if (settings.missing) {
    note("没有找到“" + settings.body + "”的年度报告，暂时无法回答。");
    box.disabled = send.disabled = true;
  } else {
    note(settings.body ? "您好！请提出关于" + settings.body + "政府信息公开工作年度报告的问题。"
                       : "您好！请提出关于政府信息公开工作年度报告的问题。");
  }

  // /api/ask takes one report: within a body, the report of the year the question names, else the one of the
  // previous turn (a follow-up), else the newest.
  function reportFor(question) {
    if (!settings.reports.length) return null;
    var years = question.match(/(19|20)[0-9]{2}/g) || [];
    for (var i = 0; i < years.length; i++) {
      for (var j = 0; j < settings.reports.length; j++) {
        if (String(settings.reports[j].year) === years[i]) return settings.reports[j].id;
      }
    }
    return lastReport || settings.reports[0].id;
  }

  function shortTarget(t) {
    var m = /^(表[二三四])\\s*(.+?)\\s*\\/\\s*(.+)$/.exec(t);
    if (!m) return t.slice(0, 40);
    var row = m[2].split("-").pop();
    if (row.length > 8) row = row.slice(0, 4) + "…";
    return m[1] + " " + row + "/" + m[3];
  }
  function understoodLine(a) {  // as the page's line (ui/render.understood_line)
    var u = a.understood || {}, parts = [], extras = [];
    var bodies = (u.bodies || []).slice();
    if (!bodies.length) (a.citations || []).forEach(function (c) {
      if (c.body && bodies.indexOf(c.body) < 0) bodies.push(c.body); });
    if (bodies.length) parts.push(bodies.slice(0, 3).join("、") + (bodies.length > 3 ? "等" : ""));
    var years = (u.years || []).filter(Boolean);
    if (years.length) parts.push(years.slice(0, 4).join("、") + "年");
    var target = shortTarget(String(u.target || ""));
    if (target) parts.push(target);
    var carried = (u.carried || []).filter(Boolean);
    if (carried.length) extras.push("沿用上文的" + carried.join("、"));
    (u.corrected || []).forEach(function (p) {
      if (p && p.length === 2) extras.push("“" + p[0] + "”按“" + p[1] + "”理解"); });
    var line = parts.length ? "按：" + parts.join(" · ") : "";
    return [line].concat(extras).filter(Boolean).join("；");
  }

  function showAnswer(a) {
    var div = el("div", "gk-msg gk-bot", a.answer);
    div.setAttribute("data-testid", "bot");
    var line = understoodLine(a);
    if (line) { var u = document.createElement("div"); u.className = "gk-understood"; u.textContent = line;
                div.appendChild(u); }
    (a.citations || []).forEach(function (c, i) {
      var d = document.createElement("details"); d.className = "gk-source"; if (i === 0) d.open = true;
      var s = document.createElement("summary");
      s.textContent = "出处：" + [c.body, c.year ? c.year + "年" : "", c.section, c.page ? "第" + c.page + "页" : ""]
        .filter(Boolean).join(" · ");
      var q = document.createElement("blockquote"); q.textContent = c.text || "";
      d.appendChild(s); d.appendChild(q); div.appendChild(d);
    });
  }

  function ask(question) {
    var report = reportFor(question);
    el("div", "gk-msg gk-user", question);
    var wait = el("div", "gk-note", "正在查找…");
    scroll();
    box.disabled = send.disabled = true;
    var payload = {question: question, history: history.slice(-6)};
    if (report) payload.report = report;
    fetch("/api/ask", {method: "POST", headers: {"Content-Type": "application/json", "X-Gongkai-Source": "embed"},
                       body: JSON.stringify(payload), credentials: "omit"})
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) { return {ok: r.ok, data: data}; });
      })
      .then(function (res) {
        wait.remove();
        if (res.ok && typeof res.data.answer === "string") {
          showAnswer(res.data);
          history.push([question, res.data.answer]);
          if (report) lastReport = report;
        } else {
          var msg = res.data && res.data.error && res.data.error.message;
          el("div", "gk-msg gk-error", msg || "暂时无法回答，请稍后再试。");
        }
      })
      .catch(function () { wait.remove(); el("div", "gk-msg gk-error", "网络连接失败，请稍后再试。"); })
      .then(function () { box.disabled = send.disabled = false; box.focus(); scroll(); });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = box.value.trim();
    if (!q || send.disabled) return;
    box.value = "";
    ask(q);
  });
  box.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
})();
</script>
</body>
</html>
"""

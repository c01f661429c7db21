"""The few HTML pages ``course-tui serve`` shows around the app: the code form and its
refusals, the join form (a name, or a pick from the roster), and the page that holds the
terminal (textual-serve's ``textual.js`` draws the app into ``#terminal``).

Every page says everything in Chinese and English. Whatever comes from a learner or a file
(names, the course title) is HTML-escaped; no page loads anything from another site.
"""

from __future__ import annotations

from html import escape

STYLE = """
body { background: #0c181f; color: #e8eef2; font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; margin: 0; }
main { max-width: 34rem; margin: 3rem auto; padding: 1.5rem 2rem; background: #12232d; border-radius: 6px; }
h1 { font-size: 1.4rem; margin-top: 0; } p { line-height: 1.5; }
label { display: block; margin: 1rem 0 .3rem; }
input, select, button { font-size: 1.1rem; padding: .5rem .7rem; border-radius: 4px; border: 1px solid #5a7483; }
input, select { width: 100%; box-sizing: border-box; background: #0c181f; color: #e8eef2; }
button { margin-top: 1rem; background: #5e0ba7; color: #fff; border: none; cursor: pointer; }
.error { color: #ffb4a8; } .muted { color: #9fb3bf; font-size: .95rem; }
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def _code_form(action: str) -> str:
    return (
        f'<form method="get" action="{escape(action)}">'
        '<label for="code">班级代码 · Class code</label>'
        '<input id="code" name="code" autocomplete="off" autocapitalize="characters" required autofocus>'
        '<button type="submit">进入 · Enter</button></form>'
    )


def refused(course_title: str, wrong: bool, action: str = "/") -> str:
    """No code, or a wrong one: nothing of the course is served; a form to type the code."""
    said = (
        '<p class="error">这个代码不对。· That code is not right.</p>'
        if wrong
        else "<p>这个课堂需要班级代码：请向培训师索取加入链接或代码。<br>This class needs its code: ask your trainer for the join link or the code.</p>"
    )
    return _page("course-tui", f"<h1>{escape(course_title)}</h1>{said}{_code_form(action)}")


def too_many(seconds: int) -> str:
    return _page(
        "course-tui",
        f"<h1>请稍后再试 · Please wait</h1><p>错误的代码太多，请 {seconds} 秒后再试。<br>Too many wrong codes: try again in {seconds} seconds.</p>",
    )


def class_full(limit: int) -> str:
    return _page(
        "course-tui",
        f"<h1>课堂已满 · The class is full</h1><p>这台服务器最多同时服务 {limit} 个会话；请稍后再试，或告诉培训师。<br>"
        f"This server carries at most {limit} sessions at once: try again later, or tell your trainer.</p>",
    )


def join(course_title: str, roster: list[str] | None, remembered: str | None, error: str = "", typed: str = "") -> str:
    """Who is studying: a name typed, or picked from the roster."""
    parts = [
        f"<h1>{escape(course_title)}</h1>",
        "<p>欢迎！请输入你的名字，以后在这个浏览器里会记住你。<br>Welcome! Say who you are: this browser remembers you next time.</p>",
    ]
    if error:
        parts.append(f'<p class="error">{escape(error)}</p>')
    parts.append('<form method="post" action="/join">')
    if roster is not None:
        options = "".join(f'<option value="{escape(name)}"{" selected" if name == (typed or remembered) else ""}>{escape(name)}</option>' for name in roster)
        parts.append(f'<label for="name">你的名字 · Your name</label><select id="name" name="name" required>{options}</select>')
    else:
        value = escape(typed or remembered or "")
        parts.append(
            '<label for="name">你的名字 · Your name</label>'
            f'<input id="name" name="name" value="{value}" maxlength="100" autocomplete="name" required autofocus>'
        )
    parts.append('<button type="submit">开始学习 · Start</button></form>')
    if remembered:
        parts.append(f'<p class="muted">这个浏览器上次的学员：{escape(remembered)} · Last time this browser was {escape(remembered)}.</p>')
    return _page("course-tui", "".join(parts))


def join_error(name: str, reason: str, wait: int = 20) -> str:
    """The join form's error for *reason*, in both languages (plain text: :func:`join` escapes it)."""
    texts = {
        "taken": f"“{name}”正在另一个浏览器里学习。如果那是你，请先关掉那边的页面（或等 {wait} 秒）。 · {name} is studying in another browser right now. If that is you, close it there first (or wait {wait} seconds).",
        "not-on-roster": "请从名单里选择你的名字。 · Pick your name from the list.",
        "reserved": "这个名字留给培训师视图。 · This name is kept for the trainer's view.",
        "cannot-save": "服务器无法写入学习进度。 · The server cannot write the progress store.",
    }
    return texts.get(reason, reason)


APP_STYLE = """
body { background: #0c181f; margin: 0; }
#terminal { position: absolute; inset: 0; }
.dialog-container { position: absolute; width: 100vw; height: 100vh; display: flex; align-items: center; justify-content: center; z-index: 10; }
.intro { width: 40rem; max-width: 90vw; padding: 2rem; font-size: 16px; z-index: 20; font-family: "Noto Sans CJK SC", sans-serif; text-align: center;
  color: rgba(255,255,255,.95); background-color: #12232d; }
body.-first-byte .intro-dialog { display: none; }
body .textual-terminal { opacity: 0; transition: opacity .3s ease-out; }
body.-first-byte .textual-terminal { opacity: 1; }
.closed-dialog { display: none; }
body.-closed .closed-dialog { display: flex; }
button { padding: 12px 28px; background-color: #5e0ba7; color: #fff; border: none; margin: 16px auto 0; display: block; cursor: pointer; font-size: 1rem; }
"""


def app(title: str, static_url: str, websocket_url: str, font_size: int = 16) -> str:
    """The page of one session: textual.js opens *websocket_url* and draws the app."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        f'<link rel="stylesheet" href="{escape(static_url)}css/xterm.css">'
        f'<script src="{escape(static_url)}js/textual.js"></script>'
        f"<style>{APP_STYLE}</style>"
        "<script>function refresh() { window.location.reload(); }</script></head><body>"
        '<div class="dialog-container intro-dialog"><div class="intro">正在打开… · Opening…</div></div>'
        '<div class="dialog-container closed-dialog"><div class="intro">'
        "<div>会话已结束。 · The session has ended.</div>"
        '<button type="button" onclick="refresh()">重新打开 · Open again</button></div></div>'
        f'<div id="terminal" class="textual-terminal" data-session-websocket-url="{escape(websocket_url)}" data-font-size="{font_size}"></div>'
        "</body></html>\n"
    )

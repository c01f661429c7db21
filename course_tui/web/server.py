"""``course-tui serve``'s web server: textual-serve's, with a class code at the door, learners
who say who they are, and a trainer's view.

textual-serve runs one app process per browser connection (its ``AppService``) and relays the
terminal over a websocket to ``textual.js``, which draws it with xterm.js. This module is the
one place that relies on textual-serve (1.1.x). It uses:

- public: ``Server`` (its constructor, ``serve()``, the ``/static`` files and the
  ``/download`` route it registers in ``_make_app``), ``AppService(command, write_bytes=…,
  write_str=…, close=…, download_manager=…)`` with ``start(width, height)`` and ``stop()``,
  and the page contract of ``static/js/textual.js`` (``#terminal`` with
  ``data-session-websocket-url``, ``-first-byte``/``-closed`` classes on the body);
- private: ``Server._make_app`` (extended: our routes are added to its application) and
  ``Server._process_messages`` (the browser's keys and resizes to the app).

Per connection, what the app needs (the learner, the session's id) goes on the command line
of the process (``--learner``) and in one environment variable, ``COURSE_TUI_CLASSROOM``
(:mod:`course_tui.learning.classroom`), through ``env`` in the shell command textual-serve runs.

Access: a page or a websocket is served only to a browser that gave the class code (or the
trainer code) in this server's run: the code sets a cookie holding a random token of the run.
A wrong or missing code gets a refusal page and no process. Wrong codes are counted per
client address: past :data:`FAILURES_ALLOWED` in :data:`FAILURE_WINDOW` seconds, the address
is refused for the rest of the window. A learner's browser gets a random token of its own (a
long-lived cookie) that the store maps to the learner it joined as.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
import shlex
import sys
import time
from collections import defaultdict, deque
from pathlib import Path
from typing import Callable

from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from course_tui.learning import classroom
from course_tui.learning.store import StoreError, check_name
from course_tui.web import pages

log = logging.getLogger("course-tui.serve")

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed without doubt
CLASS_CODE_LENGTH = 6
TRAINER_CODE_LENGTH = 10
FAILURES_ALLOWED = 10
FAILURE_WINDOW = 60.0
MAX_SESSIONS = 40  # app processes at once (the README's limits: 30 measured on 2 cores)
MAX_SESSIONS_PER_BROWSER = 3
TRAINER_NAME = "trainer"  # the learner the trainer's view studies as (never a browser learner)
CLASS_COOKIE, TRAINER_COOKIE, BROWSER_COOKIE = "ct_class", "ct_trainer", "ct_browser"
BROWSER_COOKIE_AGE = 180 * 24 * 3600


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normal_code(typed: str) -> str:
    """A code as typed: case, spaces and dashes do not matter."""
    return "".join(ch for ch in typed.upper() if ch not in " -\t")[:64]


class Attempts:
    """Wrong codes per client address, in a sliding window."""

    def __init__(self, allowed: int = FAILURES_ALLOWED, window: float = FAILURE_WINDOW, clock: Callable[[], float] = time.monotonic) -> None:
        self.allowed, self.window, self.clock = allowed, window, clock
        self.failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, who: str) -> deque[float]:
        now, seen = self.clock(), self.failures[who]
        while seen and now - seen[0] >= self.window:
            seen.popleft()
        return seen

    def wait(self, who: str) -> int:
        """Seconds *who* must wait before trying a code again (0: may try now)."""
        seen = self._recent(who)
        if len(seen) < self.allowed:
            if not seen:
                self.failures.pop(who, None)
            return 0
        return max(1, int(self.window - (self.clock() - seen[0]) + 0.999))

    def failed(self, who: str) -> None:
        self._recent(who).append(self.clock())


class ClassroomServer(Server):
    def __init__(
        self,
        course: Path,
        store: Path,
        course_title: str,
        host: str = "127.0.0.1",
        port: int = 8000,
        roster: list[str] | None = None,
        class_code: str | None = None,
        trainer_code: str | None = None,
        python: str = sys.executable,
        max_sessions: int = MAX_SESSIONS,
    ) -> None:
        super().__init__(command="course-tui", host=host, port=port, title="course-tui")
        self.course, self.store, self.course_title = Path(course), Path(store), course_title
        self.roster = roster
        self.class_code = class_code or new_code(CLASS_CODE_LENGTH)
        self.trainer_code = trainer_code or new_code(TRAINER_CODE_LENGTH)
        self.class_token = secrets.token_urlsafe(24)  # what a browser that gave the code holds (this run only)
        self.trainer_token = secrets.token_urlsafe(24)
        self.python = python
        self.max_sessions = max_sessions
        self.attempts = Attempts()
        self.browsers = classroom.Browsers(self.store)
        self.sessions: dict[str, str] = {}  # session id -> browser key ("" for the trainer)
        self.learners: dict[str, str] = {}  # session id -> learner name (learners' sessions)
        self.sockets: set[web.WebSocketResponse] = set()
        self.announce: Callable[[], None] = lambda: None

    # -- textual-serve's hooks ---------------------------------------------------------
    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.WARNING, format="course-tui serve: %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        self.announce()

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: every browser is told at once, and every session's app quits (saving as it goes)."""
        await asyncio.gather(*(socket.close(code=WSCloseCode.GOING_AWAY) for socket in list(self.sockets)), return_exceptions=True)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.router.add_get("/join", self.handle_join_form)
        app.router.add_post("/join", self.handle_join)
        app.router.add_get("/trainer", self.handle_trainer)
        app.router.add_get("/trainer/ws", self.handle_trainer_websocket)
        return app

    # -- access ------------------------------------------------------------------------
    @staticmethod
    def _client(request: web.Request) -> str:
        return request.remote or "?"

    def _has(self, request: web.Request, cookie: str, token: str) -> bool:
        return hmac.compare_digest(request.cookies.get(cookie, "").encode(), token.encode())

    def _learner_allowed(self, request: web.Request) -> bool:
        if not _same_origin(request):
            return False
        return self._has(request, CLASS_COOKIE, self.class_token) or self._has(request, TRAINER_COOKIE, self.trainer_token)

    def _html(self, text: str, status: int = 200) -> web.Response:
        response = web.Response(text=text, status=status, content_type="text/html", charset="utf-8")
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def _check_code(self, request: web.Request, action: str) -> web.Response:
        """The ``code`` in the query: a redirect with the cookie it earns, or a refusal."""
        who = self._client(request)
        wait = self.attempts.wait(who)
        if wait:
            return self._html(pages.too_many(wait), 429)
        code = normal_code(request.query.get("code", ""))
        if hmac.compare_digest(code.encode(), self.trainer_code.encode()):
            return _redirect("/trainer", TRAINER_COOKIE, self.trainer_token, 12 * 3600)
        if action == "/" and hmac.compare_digest(code.encode(), self.class_code.encode()):
            return _redirect("/", CLASS_COOKIE, self.class_token, 12 * 3600)
        self.attempts.failed(who)
        log.warning("a wrong code from %s", who)
        return self._html(pages.refused(self.course_title, wrong=True, action=action), 403)

    def _refusal(self, action: str = "/") -> web.Response:
        return self._html(pages.refused(self.course_title, wrong=False, action=action), 403)

    def _browser(self, request: web.Request) -> str:
        return request.cookies.get(BROWSER_COOKIE, "")[:128]

    # -- the learner's pages -----------------------------------------------------------
    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        if "code" in request.query:
            return self._check_code(request, "/")
        if not self._learner_allowed(request):
            return self._refusal()
        token = self._browser(request)
        name = self.browsers.name(token)
        if name is None:
            return _redirect("/join")
        held = classroom.holder(self.store, name)
        if held is not None and held.browser != classroom.token_key(token):  # said here, not as a failed session
            return self._html(pages.join(self.course_title, self.roster, None, pages.join_error(name, "taken", int(classroom.EXPIRES_SECONDS)), name), 409)
        return self._app_page(request, "/ws")

    async def handle_join_form(self, request: web.Request) -> web.StreamResponse:
        if not self._learner_allowed(request):
            return self._refusal()
        return self._html(pages.join(self.course_title, self.roster, self.browsers.name(self._browser(request))))

    async def handle_join(self, request: web.Request) -> web.StreamResponse:
        if not self._learner_allowed(request):
            return self._refusal()
        form = await request.post()
        typed = str(form.get("name", ""))[:400]
        token = self._browser(request) or secrets.token_urlsafe(24)
        try:
            name = check_name(typed)
        except StoreError as exc:
            return self._html(pages.join(self.course_title, self.roster, None, str(exc), typed), 400)
        reason = None
        if name.casefold() == TRAINER_NAME:
            reason = "reserved"
        elif self.roster is not None and name not in self.roster:
            reason = "not-on-roster"
        else:
            held = classroom.holder(self.store, name)
            if held is not None and held.browser != classroom.token_key(token):
                reason = "taken"
        if reason is None:
            try:
                self.browsers.remember(token, name)
            except OSError:
                reason = "cannot-save"
        if reason is not None:
            return self._html(pages.join(self.course_title, self.roster, None, pages.join_error(name, reason, int(classroom.EXPIRES_SECONDS)), typed), 409)
        return _redirect("/", BROWSER_COOKIE, token, BROWSER_COOKIE_AGE)

    # -- the trainer's page --------------------------------------------------------------
    async def handle_trainer(self, request: web.Request) -> web.StreamResponse:
        if "code" in request.query:
            return self._check_code(request, "/trainer")
        if not self._has(request, TRAINER_COOKIE, self.trainer_token):
            return self._refusal("/trainer")
        return self._app_page(request, "/trainer/ws")

    def _app_page(self, request: web.Request, path: str) -> web.Response:
        scheme = "wss" if request.secure else "ws"
        return self._html(pages.app(self.course_title, "/static/", f"{scheme}://{request.host}{path}"))

    # -- sessions ----------------------------------------------------------------------
    def _command(self, role: str, name: str, trainer: bool, request: web.Request) -> str:
        """The shell command of one session's app process (``exec``: no shell left running)."""
        env = [f"{classroom.ROLE_ENV}={role}"]
        if request.headers.get("Accept-Language", "").lower().startswith("zh"):
            env.append("LC_MESSAGES=zh_CN.UTF-8")  # a new learner's language: the browser's (the app's fallback order)
        argv = [self.python, "-m", "course_tui", "--course", str(self.course), "--store", str(self.store), f"--learner={name}"]
        if trainer:
            argv.append("--trainer")
        return "exec env -u LC_ALL " + " ".join(shlex.quote(part) for part in env + argv)

    def _room(self, browser: str) -> web.Response | None:
        if len(self.sessions) >= self.max_sessions:
            return self._html(pages.class_full(self.max_sessions), 503)
        if browser and sum(1 for b in self.sessions.values() if b == browser) >= MAX_SESSIONS_PER_BROWSER:
            return self._html(pages.class_full(MAX_SESSIONS_PER_BROWSER), 503)
        return None

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        """A learner's session: their own app process, holding the learner while it runs."""
        if not self._learner_allowed(request):
            return self._refusal()
        token = self._browser(request)
        name = self.browsers.name(token)
        if name is None:
            return self._html(pages.join(self.course_title, self.roster, None), 403)
        browser = classroom.token_key(token)
        held = classroom.holder(self.store, name)
        if held is not None and held.browser != browser:
            return self._html(pages.join(self.course_title, self.roster, None, pages.join_error(name, "taken", int(classroom.EXPIRES_SECONDS))), 409)
        full = self._room(browser)
        if full is not None:
            return full
        session = secrets.token_hex(8)
        try:
            classroom.write_presence(self.store, classroom.Presence(name, browser, session, updated=time.time()))
        except OSError:
            return self._html(pages.join(self.course_title, self.roster, None, pages.join_error(name, "cannot-save")), 503)
        role = classroom.Role("learner", session, browser).to_env()
        self.learners[session] = name
        return await self._run_session(request, session, browser, self._command(role, name, False, request), lambda: self._let_go(name, session))

    def _let_go(self, name: str, session: str) -> None:
        """A learner's session ended (its app has quit): the learner is free, unless another
        session of theirs (another tab of the same browser) still runs: then it holds them."""
        self.learners.pop(session, None)
        others = [s for s, n in self.learners.items() if n == name]
        if not others:
            classroom.release(self.store, name, session)
            return
        try:
            classroom.write_presence(self.store, classroom.Presence(name, self.sessions.get(others[0], ""), others[0], updated=time.time()))
        except OSError:
            pass

    async def handle_trainer_websocket(self, request: web.Request) -> web.StreamResponse:
        if not (_same_origin(request) and self._has(request, TRAINER_COOKIE, self.trainer_token)):
            return self._refusal("/trainer")
        full = self._room("")
        if full is not None:
            return full
        session = secrets.token_hex(8)
        role = classroom.Role("trainer", session, "").to_env()
        return await self._run_session(request, session, "", self._command(role, TRAINER_NAME, True, request), lambda: None)

    async def _run_session(self, request: web.Request, session: str, browser: str, command: str, ended: Callable[[], None]) -> web.StreamResponse:
        """textual-serve's websocket handler, with our command and an end of our own."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = max(20, min(500, _int(request.query.get("width"), 80)))
        height = max(10, min(300, _int(request.query.get("height"), 24)))
        self.sessions[session] = browser
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            self.sockets.add(websocket)
            app_service = AppService(
                command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,  # type: ignore[arg-type]  # awaited, its result unused
                download_manager=self.download_manager,
                debug=False,
            )
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # noqa: BLE001 - a broken session must not stop the server
            log.warning("a session ended with an error: %s", error)
        finally:
            if app_service is not None:
                await app_service.stop()
            self.sessions.pop(session, None)
            self.sockets.discard(websocket)
            ended()
        return websocket


def _same_origin(request: web.Request) -> bool:
    """No page of another site may open a session with this browser's cookies."""
    origin = request.headers.get("Origin")
    if origin is None or request.method == "GET" and request.path in ("/", "/join", "/trainer"):
        return True
    return origin in (f"http://{request.host}", f"https://{request.host}")


def _redirect(location: str, cookie: str = "", value: str = "", max_age: int = 0) -> web.Response:
    response = web.Response(status=302, headers={"Location": location, "Cache-Control": "no-store"})
    if cookie:
        response.set_cookie(cookie, value, httponly=True, samesite="Lax", max_age=max_age, path="/")
    return response


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or "")
    except ValueError:
        return default

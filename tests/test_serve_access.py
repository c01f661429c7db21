"""``course-tui serve``'s door, in-process (aiohttp's test client; the app process replaced by a
recorder): no code, no page and no process; wrong codes rate-limited; joining, the roster, the
lease, the remembered browser; the trainer code; what each session's process is told."""

from __future__ import annotations

import asyncio
import time

import pytest

pytest.importorskip("textual_serve")

from aiohttp.test_utils import TestClient, TestServer  # noqa: E402

from course_tui.learning import classroom  # noqa: E402
from course_tui.web import server as web_server  # noqa: E402
from course_tui.web.server import Attempts, ClassroomServer  # noqa: E402


class Recorder:
    """Stands in for textual-serve's AppService: records the command of each process started."""

    started: list[str] = []

    def __init__(self, command, **kwargs):
        self.command = command

    async def start(self, width, height):
        Recorder.started.append(self.command)

    async def stop(self):
        pass


@pytest.fixture
def recorder(monkeypatch):
    Recorder.started = []
    monkeypatch.setattr(web_server, "AppService", Recorder)

    async def messages(self, websocket, app_service):  # the browser's side: until it closes
        async for _ in websocket:
            pass

    monkeypatch.setattr(ClassroomServer, "_process_messages", messages)
    return Recorder


def make_server(tmp_path, roster=None):
    return ClassroomServer(tmp_path / "course", tmp_path / "store", "互联网PMO入门", roster=roster, class_code="ABC234", trainer_code="TRAINER234")


async def client_for(server) -> TestClient:
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    return client


async def join(client, name="小王"):
    response = await client.get("/?code=abc 234", allow_redirects=False)  # case and spaces do not matter
    assert response.status == 302 and response.headers["Location"] == "/"
    response = await client.post("/join", data={"name": name}, allow_redirects=False)
    return response


async def test_without_the_code_nothing_is_served_and_no_process_starts(tmp_path, recorder):
    client = await client_for(make_server(tmp_path))
    try:
        for path in ("/", "/join", "/trainer"):
            response = await client.get(path, allow_redirects=False)
            assert response.status == 403
            page = await response.text()
            assert "班级代码 · Class code" in page and 'name="code"' in page and "textual.js" not in page
        response = await client.post("/join", data={"name": "小王"}, allow_redirects=False)
        assert response.status == 403
        for path in ("/ws", "/trainer/ws"):
            response = await client.get(path, headers={"Connection": "Upgrade", "Upgrade": "websocket"}, allow_redirects=False)
            assert response.status == 403
        assert recorder.started == []
    finally:
        await client.close()


async def test_a_wrong_code_is_refused_and_too_many_wrong_codes_block_even_the_right_one(tmp_path, recorder):
    client = await client_for(make_server(tmp_path))
    try:
        response = await client.get("/?code=WRONG1", allow_redirects=False)
        assert response.status == 403 and "这个代码不对" in await response.text()
        for _ in range(web_server.FAILURES_ALLOWED - 1):
            await client.get("/?code=WRONG1", allow_redirects=False)
        response = await client.get("/?code=ABC234", allow_redirects=False)
        assert response.status == 429 and "Too many wrong codes" in await response.text()
        assert "ct_class" not in response.cookies
    finally:
        await client.close()


def test_wrong_codes_are_forgotten_after_the_window():
    now = [0.0]
    attempts = Attempts(allowed=3, window=60, clock=lambda: now[0])
    for _ in range(3):
        assert attempts.wait("10.0.0.5") == 0
        attempts.failed("10.0.0.5")
    assert attempts.wait("10.0.0.5") == 60 and attempts.wait("10.0.0.6") == 0  # per address
    now[0] = 59.5
    assert attempts.wait("10.0.0.5") == 1
    now[0] = 60.0
    assert attempts.wait("10.0.0.5") == 0


async def test_a_learner_joins_with_a_chinese_name_and_the_browser_is_remembered(tmp_path, recorder):
    server = make_server(tmp_path)
    client = await client_for(server)
    try:
        response = await client.get("/", allow_redirects=False)
        assert response.status == 403
        response = await client.get("/?code=ABC234", allow_redirects=False)
        response = await client.get("/", allow_redirects=False)
        assert response.status == 302 and response.headers["Location"] == "/join"  # the code given, but who is it?
        form = await (await client.get("/join")).text()
        assert 'name="name"' in form and "互联网PMO入门" in form
        response = await client.post("/join", data={"name": "  小王 "}, allow_redirects=False)
        assert response.status == 302 and "ct_browser" in response.cookies
        page = await (await client.get("/")).text()
        assert "textual.js" in page and f'data-session-websocket-url="ws://{client.host}:{client.port}/ws"' in page
        assert "googleapis" not in page  # nothing is loaded from another site
        assert classroom.Browsers(tmp_path / "store").names == {classroom.token_key(response.cookies["ct_browser"].value): "小王"}
        form = await (await client.get("/join")).text()
        assert 'value="小王"' in form  # the same browser, another day: its name is offered
    finally:
        await client.close()


async def test_a_name_is_checked_and_kept_as_text(tmp_path, recorder):
    client = await client_for(make_server(tmp_path))
    try:
        await client.get("/?code=ABC234")
        response = await client.post("/join", data={"name": "Eve\x1b[2J<script>"}, allow_redirects=False)
        page = await response.text()
        assert response.status == 400 and "control characters" in page and "<script>" not in page and "&lt;script&gt;" in page
        response = await client.post("/join", data={"name": "Trainer"}, allow_redirects=False)
        assert response.status == 409 and "trainer" in await response.text()
    finally:
        await client.close()


async def test_with_a_roster_only_its_names_can_join(tmp_path, recorder):
    client = await client_for(make_server(tmp_path, roster=["小王", "Amy"]))
    try:
        await client.get("/?code=ABC234")
        form = await (await client.get("/join")).text()
        assert "<select" in form and '<option value="小王">小王</option>' in form
        response = await client.post("/join", data={"name": "Mallory"}, allow_redirects=False)
        assert response.status == 409 and "Pick your name from the list" in await response.text()
        response = await client.post("/join", data={"name": "Amy"}, allow_redirects=False)
        assert response.status == 302
    finally:
        await client.close()


async def test_a_second_browser_cannot_take_a_learner_another_holds(tmp_path, recorder):
    server = make_server(tmp_path)
    first, second = await client_for(server), TestClient(TestServer(await server._make_app()))
    await second.start_server()
    try:
        response = await join(first)
        token = response.cookies["ct_browser"].value
        classroom.write_presence(tmp_path / "store", classroom.Presence("小王", classroom.token_key(token), "s1", updated=time.time()))
        response = await join(second)
        assert response.status == 409 and "studying in another browser" in await response.text()
        response = await join(first)  # the same browser (another tab): it is theirs
        assert response.status == 302
    finally:
        await first.close()
        await second.close()


async def test_a_session_starts_the_learners_own_app_and_lets_the_learner_go_when_it_ends(tmp_path, recorder):
    server = make_server(tmp_path)
    client = await client_for(server)
    try:
        await join(client)
        socket = await client.ws_connect("/ws?width=100&height=30", headers={"Origin": f"http://{client.host}:{client.port}"})
        for _ in range(50):
            if recorder.started:
                break
            await asyncio.sleep(0.02)
        [command] = recorder.started
        assert "--learner=小王" in command and "--trainer" not in command and " -m course_tui " in command
        assert command.startswith("exec env ") and "COURSE_TUI_CLASSROOM=learner:" in command
        held = classroom.holder(tmp_path / "store", "小王")
        assert held is not None and held.session in command  # the server holds the learner from the start
        await socket.close()
        for _ in range(50):
            if classroom.holder(tmp_path / "store", "小王") is None:
                break
            await asyncio.sleep(0.02)
        assert classroom.holder(tmp_path / "store", "小王") is None and server.sessions == {}
    finally:
        await client.close()


async def test_a_page_of_another_site_cannot_open_a_session(tmp_path, recorder):
    client = await client_for(make_server(tmp_path))
    try:
        await join(client)
        response = await client.get("/ws", headers={"Origin": "http://evil.example", "Connection": "Upgrade", "Upgrade": "websocket"})
        assert response.status == 403 and recorder.started == []
    finally:
        await client.close()


async def test_the_trainer_code_opens_the_trainer_view_and_the_class_code_does_not(tmp_path, recorder):
    client = await client_for(make_server(tmp_path))
    try:
        await client.get("/?code=ABC234")
        response = await client.get("/trainer", allow_redirects=False)
        assert response.status == 403  # a learner's code is not the trainer's
        response = await client.get("/trainer?code=ABC234", allow_redirects=False)
        assert response.status == 403
        response = await client.get("/trainer?code=trainer234", allow_redirects=False)
        assert response.status == 302 and response.headers["Location"] == "/trainer"
        page = await (await client.get("/trainer")).text()
        assert "/trainer/ws" in page
        socket = await client.ws_connect("/trainer/ws", headers={"Origin": f"http://{client.host}:{client.port}"})
        for _ in range(50):
            if recorder.started:
                break
            await asyncio.sleep(0.02)
        [command] = recorder.started
        assert "--trainer" in command and "--learner=trainer" in command and "COURSE_TUI_CLASSROOM=trainer:" in command
        await socket.close()
    finally:
        await client.close()


async def test_the_server_refuses_sessions_past_its_limit(tmp_path, recorder):
    server = make_server(tmp_path)
    server.max_sessions = 0
    client = await client_for(server)
    try:
        await join(client)
        response = await client.get("/ws", headers={"Connection": "Upgrade", "Upgrade": "websocket"})
        assert response.status == 503 and "The class is full" in await response.text() and recorder.started == []
    finally:
        await client.close()


async def test_stopping_the_server_closes_every_session_at_once(tmp_path, recorder):
    server = make_server(tmp_path)
    client = await client_for(server)
    try:
        await join(client)
        socket = await client.ws_connect("/ws", headers={"Origin": f"http://{client.host}:{client.port}"})
        for _ in range(50):
            if server.sockets:
                break
            await asyncio.sleep(0.02)
        await server.on_shutdown(client.server.app)
        message = await socket.receive(timeout=5)
        assert message.type.name == "CLOSE" and message.data == 1001  # going away
    finally:
        await client.close()


async def test_a_remembered_browser_is_told_when_its_learner_is_held_elsewhere(tmp_path, recorder):
    client = await client_for(make_server(tmp_path))
    try:
        await join(client)
        classroom.write_presence(tmp_path / "store", classroom.Presence("小王", "another-browser", "s9", updated=time.time()))
        response = await client.get("/", allow_redirects=False)
        page = await response.text()
        assert response.status == 409 and "studying in another browser" in page and "textual.js" not in page
    finally:
        await client.close()


async def test_when_one_of_two_tabs_of_a_learner_ends_the_other_still_holds_the_learner(tmp_path, recorder):
    server = make_server(tmp_path)
    client = await client_for(server)
    origin = {"Origin": f"http://{client.host}:{client.port}"}
    try:
        await join(client)
        first = await client.ws_connect("/ws", headers=origin)
        second = await client.ws_connect("/ws", headers=origin)
        for _ in range(50):
            if len(recorder.started) == 2:
                break
            await asyncio.sleep(0.02)
        newest = classroom.holder(tmp_path / "store", "小王").session
        await (second if newest in recorder.started[1] else first).close()  # the tab whose record it is ends
        for _ in range(50):
            if len(server.sessions) == 1:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.05)
        held = classroom.holder(tmp_path / "store", "小王")
        assert held is not None and held.session in server.sessions
    finally:
        await client.close()

"""Driving ``course-tui serve`` in a real browser (Debian's chromium through Playwright).

xterm.js draws the terminal on a canvas, so the page's text cannot be read from the DOM:
:class:`TerminalReader` feeds the websocket's frames (what the app process writes) into the
pyte terminal emulator and reads its screen. :func:`start_server` runs ``course-tui serve`` on
a free loopback port and returns its codes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("COURSE_TUI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def missing() -> str | None:
    """Why the browser tests cannot run here (None: they can)."""
    for module in ("playwright", "pyte", "textual_serve"):
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed (pip install '.[browser]')"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    def __init__(self, process: subprocess.Popen[str], port: int, class_code: str, trainer_code: str) -> None:
        self.process, self.port = process, port
        self.class_code, self.trainer_code = class_code, trainer_code
        self.base = f"http://127.0.0.1:{port}"

    @property
    def join_url(self) -> str:
        return f"{self.base}/?code={self.class_code}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(store: Path, *extra: str, timeout: float = 30.0) -> Served:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "course_tui", "serve", "--store", str(store), "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    codes: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while len(codes) < 2 and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        found = re.search(r"\((class|trainer) code ([A-Z0-9]+)", line)
        if found:
            codes[found.group(1)] = found.group(2)
    if len(codes) < 2:
        process.kill()
        raise RuntimeError(f"course-tui serve did not start: {process.stdout.read()}")
    return Served(process, port, codes["class"], codes["trainer"])


class TerminalReader:
    """The app's screen as the page's websocket delivers it, emulated by pyte."""

    def __init__(self, page: Any) -> None:
        import pyte

        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.frames = 0
        page.on("websocket", self._socket)

    def _socket(self, ws: Any) -> None:
        found = re.search(r"width=(\d+)&height=(\d+)", ws.url)
        if found:
            self.screen.resize(int(found.group(2)), int(found.group(1)))
        ws.on("framereceived", self._received)
        ws.on("framesent", self._sent)

    def _received(self, payload: Any) -> None:
        if isinstance(payload, (bytes, bytearray)):
            self.frames += 1
            self.stream.feed(bytes(payload))

    def _sent(self, payload: Any) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = json.loads(payload)[1]
            self.screen.resize(int(size["height"]), int(size["width"]))

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, page: Any, wanted: str, timeout: float = 30.0) -> str:
        """Wait (letting the page run) until *wanted* shows on the terminal; its text."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            page.wait_for_timeout(200)
            shown = self.text()
            if wanted in shown.replace(" ", "") or wanted in shown:
                return shown
        raise AssertionError(f"{wanted!r} never showed; the screen:\n{self.text()}")

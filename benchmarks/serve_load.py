"""A class joining ``course-tui serve`` at once: N real sessions on loopback, each its own app
process, with the memory per session and the time to the first painted course map.

    python benchmarks/serve_load.py                # 30 sessions
    python benchmarks/serve_load.py --sessions 10 --stagger 0.5

Each session does what a browser does (textual.js): the join link with the class code, the
join form with a name, then the websocket at 80×24, whose frames are fed to the pyte terminal
emulator until the course map is on it ("time to the map": from the websocket's opening). With
every session open, each presses ``c`` (continue: the lesson opens) and the time until the
lesson is painted is measured ("a key under load"). Memory: the proportional set size (PSS,
shared pages divided among the processes that share them) of every app process, from
/proc/PID/smaps_rollup, and the server's.

Bounded: at most 40 sessions (the server's limit), 300 s in all; loopback only; the server
and its processes are stopped at the end. Needs aiohttp (installed with textual-serve).
Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MAX_SESSIONS = 40
DEADLINE = 300.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Session:
    def __init__(self, number: int) -> None:
        self.name = f"学员{number:02d}"
        self.seen = bytearray()  # what the app wrote since the last look
        self.socket = None
        self.to_map: float | None = None
        self.key: float | None = None

    async def pump(self) -> None:
        """Keep what the app writes (and answer the server's pings) until the socket closes.
        The text is looked for in the bytes: an emulator per session would make this client
        the slowest process on the machine (a browser draws on the learner's computer)."""
        async for message in self.socket:
            if message.type.name == "BINARY":
                self.seen += message.data
        self.closed = True

    async def read_until(self, wanted: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        target = wanted.encode("utf-8")
        while target not in self.seen:
            if time.monotonic() > deadline or getattr(self, "closed", False):
                return False
            await asyncio.sleep(0.02)
        return True


async def open_session(session: Session, base: str, code: str, http) -> None:
    import aiohttp

    jar = aiohttp.CookieJar(unsafe=True)  # cookies for 127.0.0.1
    client = aiohttp.ClientSession(cookie_jar=jar)
    session.client = client
    await (await client.get(f"{base}/?code={code}")).read()
    await (await client.post(f"{base}/join", data={"name": session.name})).read()
    start = time.monotonic()
    session.socket = await client.ws_connect(f"{base.replace('http', 'ws')}/ws?width=80&height=24", headers={"Origin": base})
    await session.socket.send_str(json.dumps(["resize", {"width": 80, "height": 24}]))
    session.pumping = asyncio.create_task(session.pump())
    if await session.read_until(f"Learner: {session.name}", 120):
        session.to_map = time.monotonic() - start


async def press_continue(session: Session) -> None:
    if session.socket is None or session.socket.closed or session.to_map is None:
        return
    start = time.monotonic()
    session.seen.clear()
    await session.socket.send_str(json.dumps(["stdin", "c"]))
    if await session.read_until("Section 1 of", 60):
        session.key = time.monotonic() - start


def figures(values: list[float]) -> str:
    if not values:
        return "—"
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return f"median {statistics.median(values):.2f} s · p95 {p95:.2f} s · worst {values[-1]:.2f} s"


async def main_async(args: argparse.Namespace) -> int:
    store = Path(tempfile.mkdtemp(prefix="course-tui-serve-load-"))
    port = free_port()
    env = dict(os.environ, LANG="en_US.UTF-8")
    env.pop("LC_ALL", None)
    log = store / "serve.log"  # the server's output (a pipe nobody read would fill and stop it)
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "course_tui", "serve", "--store", str(store), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
    code = None
    for _ in range(100):
        found = re.search(r"\(class code ([A-Z0-9]+)\)", log.read_text())
        if found:
            code = found.group(1)
            break
        time.sleep(0.1)
    if code is None:
        server.kill()
        print("the server did not start", file=sys.stderr)
        return 1
    base = f"http://127.0.0.1:{port}"
    sessions = [Session(n + 1) for n in range(args.sessions)]
    began = time.monotonic()
    try:

        async def staggered(i: int, s: Session) -> None:
            await asyncio.sleep(i * args.stagger)
            await open_session(s, base, code, None)

        await asyncio.wait_for(asyncio.gather(*(staggered(i, s) for i, s in enumerate(sessions))), DEADLINE)
        opened = time.monotonic() - began
        await asyncio.sleep(3)  # every app settled (idle)
        apps = children(server.pid)
        app_pss = [pss_kib(pid) for pid in apps]
        app_cpu = [cpu_seconds(pid) for pid in apps]  # start-up and the map, then 3 s idle
        server_pss = pss_kib(server.pid)
        await asyncio.wait_for(asyncio.gather(*(press_continue(s) for s in sessions)), DEADLINE)
        load = os.getloadavg()
    finally:
        for s in sessions:
            if s.socket is not None:
                await s.socket.close()
            if getattr(s, "client", None) is not None:
                await s.client.close()
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
    painted = [s.to_map for s in sessions if s.to_map is not None]
    keyed = [s.key for s in sessions if s.key is not None]
    print(
        f"course-tui serve, {args.sessions} sessions opened {'at once' if not args.stagger else f'{args.stagger:.1f} s apart'}, "
        f"{os.cpu_count()} cores; all open after {opened:.1f} s"
    )
    print(f"  map painted:        {len(painted)}/{args.sessions} · {figures(painted)} (websocket open to the map on the terminal)")
    print(f"  'c' under load:     {len(keyed)}/{args.sessions} · {figures(keyed)} (every session at once: the key to the painted lesson)")
    if app_pss:
        print(
            f"  memory per session: PSS median {statistics.median(app_pss) / 1024:.1f} MiB · largest {max(app_pss) / 1024:.1f} MiB · "
            f"{len(app_pss)} app processes {sum(app_pss) / 1024:.0f} MiB in all; the server {server_pss / 1024:.1f} MiB"
        )
    if app_cpu:
        print(
            f"  CPU per session to the map: median {statistics.median(app_cpu):.2f} s (what {args.sessions} joins need at least: "
            f"{sum(app_cpu) / (os.cpu_count() or 1):.0f} s of all {os.cpu_count()} cores)"
        )
    print(f"  load average after: {load[0]:.1f} (other work on the machine counts in every time above)")
    said = log.read_text(errors="replace").splitlines()[5:]
    if said:
        print(f"  the server said ({len(said)} lines, in {log}):", *said[:10], sep="\n    ")
    return 0 if len(painted) == args.sessions and len(keyed) == args.sessions else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30, help=f"sessions to open (1–{MAX_SESSIONS}; default 30)")
    parser.add_argument("--stagger", type=float, default=0.0, help="seconds between two sessions' joins (default 0: all at once)")
    args = parser.parse_args()
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be between 1 and {MAX_SESSIONS}")
    if not 0 <= args.stagger <= 5:
        parser.error("--stagger must be between 0 and 5 seconds")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())

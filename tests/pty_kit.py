"""Run the real program in a pseudo-terminal, type keys into it, and keep every byte it
writes to the terminal (what a terminal emulator would receive)."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
WAIT_FOR = 20.0  # seconds at most for the text a key waits for


@dataclass
class Run:
    status: int | None  # None: killed after the timeout
    output: bytes


def run_in_pty(
    argv: list[str],
    keys: list[tuple[float | bytes, bytes]],
    env: dict[str, str] | None = None,
    size: tuple[int, int] = (80, 24),
    timeout: float = 60.0,
) -> Run:
    """Start *argv* on a new pseudo-terminal of *size* (columns, lines) and type *keys*:
    each is (when, bytes), *when* a delay in seconds counted from the previous key, or bytes
    that must show in the output written since the previous key (then a short pause; at
    most WAIT_FOR seconds). Collect the output until the program ends or *timeout*."""
    columns, lines = size
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines), **(env or {})}
    full_env.pop("TEXTUAL_DRIVER", None)
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=full_env, start_new_session=True, close_fds=True)
    os.close(slave)
    out = bytearray()
    start = time.monotonic()
    pending = list(keys)
    since = 0  # where the output written after the previous key starts

    def due_at(now: float) -> float:
        when = pending[0][0]
        return now + when if isinstance(when, (int, float)) else now + WAIT_FOR

    next_at = due_at(start) if pending else 0.0

    def drain(wait: float) -> bool:
        ready, _, _ = select.select([master], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other side is closed: the program ended
            return False
        if not chunk:
            return False
        out.extend(chunk)
        return True

    try:
        while time.monotonic() - start < timeout:
            if pending and isinstance(pending[0][0], bytes) and pending[0][0] in out[since:]:
                time.sleep(0.3)  # the rest of the frame
                next_at = 0.0
            if pending and time.monotonic() >= next_at:
                os.write(master, pending.pop(0)[1])
                since = len(out)
                next_at = due_at(time.monotonic()) if pending else 0.0
            if not drain(0.05) and proc.poll() is not None:
                break
            if proc.poll() is not None and not pending:
                while drain(0.2):  # what is left in the terminal's buffer
                    if not select.select([master], [], [], 0)[0]:
                        break
                break
        status = proc.poll()
        if status is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        return Run(status, bytes(out))
    finally:
        os.close(master)

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


@dataclass
class Run:
    status: int | None  # None: killed after the timeout
    output: bytes


def run_in_pty(
    argv: list[str],
    keys: list[tuple[float, bytes]],
    env: dict[str, str] | None = None,
    size: tuple[int, int] = (80, 24),
    timeout: float = 60.0,
) -> Run:
    """Start *argv* on a new pseudo-terminal of *size* (columns, lines); after each delay
    (seconds, counted from the previous key) write the key's bytes; collect the output until
    the program ends or *timeout*."""
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
    next_at = start + (pending[0][0] if pending else 0)

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
            if pending and time.monotonic() >= next_at:
                os.write(master, pending.pop(0)[1])
                next_at = time.monotonic() + (pending[0][0] if pending else 0)
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

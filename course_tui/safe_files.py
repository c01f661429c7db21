"""Opening files that come from outside (a course, a GIFT bank, a progress store) safely:
only regular files, never a FIFO, a device or a socket, and never more than a size limit.

A FIFO opened for reading blocks until a writer appears and a device such as /dev/zero never
ends, so a plain ``open(...).read()`` could hang or exhaust memory. :func:`read_regular` opens
without blocking, checks the open descriptor (so a file swapped after a check is caught
too), and reads at most *max_bytes* + 1 bytes. :func:`open_regular` and :func:`read_fd` are
its two steps, for a caller that keeps the descriptor (the progress store pins it).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegular(OSError):
    """The path is not a regular file (a FIFO, device, socket or folder)."""


class TooLarge(OSError):
    """The file is larger than allowed; ``size`` is what it holds (at least)."""

    def __init__(self, message: str, size: int) -> None:
        super().__init__(message)
        self.size = size


def kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: str | os.PathLike[str], max_bytes: int) -> int:
    """A read-only descriptor of *path*, opened without blocking, if it is a regular file of
    at most *max_bytes* (as far as fstat tells: :func:`read_fd` checks again while reading).
    The caller closes it.

    Raises :class:`NotRegular`, :class:`TooLarge`, or the ``OSError`` of the open.
    A symbolic link is followed, but only to a regular file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(f"{kind_of(st.st_mode)}, not a regular file")
        if st.st_size > max_bytes:
            raise TooLarge(f"{st.st_size} bytes, more than the limit of {max_bytes}", st.st_size)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_fd(fd: int, max_bytes: int) -> bytes:
    """The rest of the open file *fd* (from its current offset), at most *max_bytes*: the
    size can change after a check, so this reads to the limit + 1, not to the size.

    Raises :class:`TooLarge`, or the ``OSError`` of the read. Does not close *fd*."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise TooLarge(f"more than the limit of {max_bytes} bytes", total)
    return b"".join(chunks)


def read_regular(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of *path* if it is a regular file of at most *max_bytes*.

    Raises :class:`NotRegular`, :class:`TooLarge`, or the ``OSError`` of the open/read.
    A symbolic link is followed, but only to a regular file.
    """
    fd = open_regular(path, max_bytes)
    try:
        return read_fd(fd, max_bytes)
    finally:
        os.close(fd)


def is_regular(path: Path) -> bool:
    """Whether *path* is (or links to) a regular file; never blocks."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False

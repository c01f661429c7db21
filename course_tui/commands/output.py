"""What the commands write, in one place: their messages, and the files given with ``-o``.

Messages: every line goes through :func:`say`, which shows it on one line with every control
character made visible (:func:`course_tui.safe_text.one_line`). Names and paths in them come
from a store or a command line: a name with CR/LF cannot start a line of its own, and ESC, OSC,
CSI or C1 never reach the terminal. ``cli.main`` prints its errors through it too.

Files: :func:`write_file` refuses a path that exists (a file, a link, even a dangling one)
unless *force*, refuses a folder, a device, a FIFO or a socket always (``--force`` as root must
not replace /dev/null), and never writes through a symbolic link: the text
goes to a temporary file in the target's folder, which is then renamed to the path (with
*force* this replaces a link itself, never the file it points to).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import TextIO

from course_tui.atomic import fsync_dir
from course_tui.commands.common import PROG, CliError
from course_tui.safe_text import one_line


def say(message: str, stream: TextIO | None = None) -> None:
    """Print *message* as one inert line (on standard error unless *stream* is given)."""
    print(one_line(message), file=sys.stderr if stream is None else stream)


def warn(message: str) -> None:
    say(f"{PROG}: warning: {message}")


def warn_left_out(left_out: list[str]) -> None:
    """One warning for the numbers :func:`course_tui.safe_json.dumps` left out, if any."""
    if left_out:
        warn(f"left out {len(left_out)} value(s) that are not finite numbers (NaN or Infinity), e.g. {left_out[0]}")


def _mode() -> int:
    """The mode a new file gets from the umask (mkstemp's own files are private)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_file(name: str, text: str, force: bool = False) -> Path:
    """Write *text* (UTF-8, newlines as they are) to the file *name*, as the module says."""
    target = Path(name).expanduser()
    shown = one_line(name)
    if target.is_dir():
        raise CliError(f"cannot write {shown}: it is a folder; give a file name")
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise CliError(f"cannot write {shown}: {exc.strerror or exc}") from None
    if mode is not None:
        if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):  # a device, FIFO or socket: never replaced
            raise CliError(f"cannot write {shown}: it is not a regular file; give a file name")
        if not force:
            link = " (a symbolic link)" if stat.S_ISLNK(mode) else ""
            raise CliError(f"{shown} already exists{link}; use --force to replace it, or choose another name")
    import tempfile

    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise CliError(f"cannot write {shown}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _mode())
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, target)
        else:
            _link_new(tmp, target, shown)
    except OSError as exc:
        raise CliError(f"cannot write {shown}: {exc.strerror or exc}") from None
    finally:
        try:
            os.unlink(tmp)
        except OSError:  # renamed: nothing left
            pass
    fsync_dir(folder)
    return target


def _link_new(tmp: str, target: Path, shown: str) -> None:
    """Give the written file the name *target* only if nothing has it: a hard link fails on
    any existing name (file or link) without following it, so a file created since the check
    is not replaced either. Where hard links do not exist, a rename after a second check."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise CliError(f"{shown} already exists; use --force to replace it, or choose another name") from None
    except OSError:
        if os.path.lexists(target):
            raise CliError(f"{shown} already exists; use --force to replace it, or choose another name") from None
        os.replace(tmp, target)

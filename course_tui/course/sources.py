"""Reading course files as text, with clear findings for unreadable ones.

Every course file is read here (the loader, and through it the cache and live reload), so
the rules of hostile input are kept here once:

* only a file inside the course folder is read (a symbolic link out of it is a
  ``file-outside-course`` finding), and only a regular file, its size checked on the open descriptor before reading
  (:func:`course_tui.safe_files.read_regular`): a FIFO, a device (a symlink to /dev/zero),
  a socket or a folder is a ``file-not-regular`` finding, never a hang;
* control characters (C0 but newline and tab, DEL, C1: ESC, CSI, OSC …) are reported as
  ``control-character`` warnings and replaced with visible placeholders
  (:func:`course_tui.safe_text.inert`), so the loaded course -- and the app, the reports,
  the exports and the cache made from it -- only ever carries inert text.
"""

from __future__ import annotations

from pathlib import Path

from course_tui.course.findings import Report
from course_tui.course.limits import MAX_FILE_BYTES
from course_tui.course.yamlsrc import Pos
from course_tui.safe_files import NotRegular, TooLarge, is_regular, read_regular
from course_tui.safe_text import control_positions, has_controls, inert

# At most this many control-character findings per file (one per line); the rest are counted.
MAX_CONTROL_FINDINGS = 5


def outside(path: Path, root: Path) -> bool:
    """Whether *path*, its symbolic links followed, lies outside the course folder *root*."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a link loop
        return True
    return False


def read_text(path: Path, report: Report, max_bytes: int = MAX_FILE_BYTES, root: Path | None = None) -> str | None:
    """The file's text, or None after reporting why it cannot be used. With *root*, a file
    that a symbolic link places outside the course folder is not read either: a course can
    only show its own files."""
    if root is not None and is_regular(path) and outside(path, root):  # (what is not regular is said below, unopened)
        report.error("file-outside-course", "the file is a symbolic link to a file outside the course folder; course files must be inside it")
        return None
    try:
        data = read_regular(path, max_bytes)
    except NotRegular as exc:
        report.error("file-not-regular", f"the file is {exc}; course files must be regular files")
        return None
    except TooLarge as exc:
        report.error(
            "file-too-large",
            f"file is {exc.size / 1048576:.1f} MiB; course files may be at most {max_bytes / 1048576:g} MiB (split it)",
        )
        return None
    except OSError as exc:
        report.error("file-unreadable", f"cannot read the file: {exc.strerror or exc}")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        report.error("file-not-utf8", f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8", Pos(line, col))
        return None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        report.error("file-binary", "the file contains NUL bytes: it looks binary, not text", Pos(line, 1))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        report.error("empty-file", "the file is empty")
        return None
    return _inert_controls(text, report)


def _inert_controls(text: str, report: Report) -> str:
    """*text* with its control characters shown as placeholders, each line that has one
    reported (the first :data:`MAX_CONTROL_FINDINGS`, then a count of them all). Memory stays
    bounded for a file full of them: it is searched a chunk at a time, and counted in C."""
    if not has_controls(text):
        return text
    reported = 0
    more = False
    line, line_start, line_end = 1, 0, -1  # the last reported line, and where it starts and ends
    for base in range(0, len(text), _CHUNK):
        for offset in control_positions(text[base : base + _CHUNK]):
            offset += base
            if offset < line_end:  # on the line just reported: one finding a line
                continue
            if reported == MAX_CONTROL_FINDINGS:
                more = True
                break
            reported += 1
            line += text.count("\n", line_start, offset)
            line_start = text.rfind("\n", 0, offset) + 1
            line_end = text.find("\n", offset)
            line_end = len(text) if line_end < 0 else line_end
            col = offset - line_start + 1
            report.warning(
                "control-character",
                f"control character U+{ord(text[offset]):04X} in the text (shown as {inert(text[offset])}); remove it",
                Pos(line, col),
            )
        if more:
            break
    if more:
        count = len(text) - len(text.translate(_DROP_CONTROLS))
        report.warning(
            "control-character",
            f"{count} control characters in this file in all (only the first lines are listed); all are shown as placeholders; remove them",
            Pos(1, 1),
        )
    return inert(text)


_CHUNK = 1 << 16
# every character safe_text.inert replaces (C0 but tab and newline, DEL, C1), to count them
_DROP_CONTROLS = dict.fromkeys(c for c in [*range(0x20), *range(0x7F, 0xA0)] if c not in (0x09, 0x0A))

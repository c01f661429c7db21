"""Reading course files as text, with clear findings for unreadable ones."""

from __future__ import annotations

from pathlib import Path

from course_tui.course.findings import Report
from course_tui.course.yamlsrc import Pos

MAX_FILE_BYTES = 16 * 1024 * 1024


def read_text(path: Path, report: Report, max_bytes: int = MAX_FILE_BYTES) -> str | None:
    """The file's text, or None after reporting why it cannot be used."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            report.error(
                "file-too-large",
                f"file is {size / 1048576:.1f} MiB; course files may be at most {max_bytes // 1048576} MiB (split it)",
            )
            return None
        data = path.read_bytes()
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
    return text

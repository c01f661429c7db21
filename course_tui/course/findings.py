"""Validation findings: what is wrong, where, and how badly."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from course_tui.course.yamlsrc import Pos, to_pos
from course_tui.safe_text import one_line

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in a course file. ``path`` is relative to the course folder."""

    path: str
    line: int
    col: int
    severity: str
    code: str
    message: str

    def format(self) -> str:
        """One line for a terminal: the path (a file name may hold ESC or a newline) and the
        message are shown with visible placeholders for control characters."""
        return f"{one_line(self.path)}:{self.line}:{self.col}: {self.severity}: {one_line(self.message)} [{self.code}]"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Report:
    """Collects findings for one file at a time; ``path`` is the file being read."""

    findings: list[Finding] = field(default_factory=list)
    path: str = ""

    def add(
        self,
        code: str,
        message: str,
        pos: Pos | None = None,
        severity: str = ERROR,
        path: str | None = None,
    ) -> None:
        # pos may be a parser mark kept by yamlsrc (positions are converted only here)
        line, col = (1, 1) if pos is None else pos if isinstance(pos, tuple) else to_pos(pos)
        self.findings.append(Finding(path if path is not None else self.path, line, col, severity, code, message))

    def error(self, code: str, message: str, pos: Pos | None = None, path: str | None = None) -> None:
        self.add(code, message, pos, ERROR, path)

    def warning(self, code: str, message: str, pos: Pos | None = None, path: str | None = None) -> None:
        self.add(code, message, pos, WARNING, path)

    def escaped_controls(self, positions: list[Pos]) -> None:
        """Report the texts where a YAML escape (``"\\e"``, ``"\\x9b"`` …) wrote a control
        character (yamlsrc.Loaded.controls; the loaded text shows a placeholder instead)."""
        for pos in positions[:5]:
            self.warning("control-character", "a YAML escape in this text writes a control character (shown as a placeholder); remove it", pos)
        if len(positions) > 5:
            self.warning(
                "control-character", f"{len(positions)} texts in this file write control characters with YAML escapes in all; remove them", positions[5]
            )

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def sorted(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (f.path, f.line, f.col, f.code, f.message))

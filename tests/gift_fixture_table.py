"""What `course-tui import gift` makes of each third-party fixture in tests/fixtures/gift/.

Run ``python tests/gift_fixture_table.py`` for a Markdown table: per file, the GIFT questions,
how many converted (and how many of those with a warning), how many skipped and why.
tests/test_gift_import.py checks the same numbers.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from course_tui.course.gift import import_gift, quiz_id_for  # noqa: E402 (after the path is set)

FIXTURES = ROOT / "fixtures" / "gift"


def short_reason(reason: str) -> str:
    for key, label in (("essay", "essay"), ("description", "description"), ("range of numbers", "numeric range")):
        if key in reason:
            return label
    return reason


def rows() -> list[dict]:
    out = []
    for path in sorted(FIXTURES.glob("*.gift")):
        result = import_gift(path.read_text(encoding="utf-8"), path.name, quiz_id_for(path))
        questions = [q for q in result.parsed if q.kind != "Category"]
        starts = sorted(q.line for q in questions) + [10**9]
        skip_lines = {line for line, _ in result.conversion.skipped}
        warned = 0
        for c in result.conversion.questions:
            end = next(s for s in starts if s > c.line)
            warned += any(c.line <= w.line < end for w in result.warnings)
        reasons = Counter(short_reason(r) for _, r in result.conversion.skipped)
        out.append(
            {
                "file": path.name,
                "questions": len(questions),
                "categories": len(result.parsed) - len(questions),
                "converted": len(result.conversion.questions),  # questions and descriptions
                "descriptions": result.descriptions,
                "warned": warned,
                "skipped": len(skip_lines),
                "reasons": ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in reasons.items()),
                "warnings": len(result.warnings),
                "kinds": Counter(c.data["type"] for c in result.conversion.questions),
            }
        )
    return out


def table() -> str:
    lines = [
        "| fixture | GIFT questions | converted | of them with warnings | skipped | why skipped | warnings |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    total = Counter()
    for r in rows():
        extra = f" (+{r['categories']} category)" if r["categories"] else ""
        lines.append(f"| {r['file']} | {r['questions']}{extra} | {r['converted']} | {r['warned']} | {r['skipped']} | {r['reasons']} | {r['warnings']} |")
        total.update({k: r[k] for k in ("questions", "converted", "warned", "skipped", "warnings")})
    lines.append(
        f"| **{len(lines) - 2} files** | {total['questions']} | {total['converted']} | {total['warned']} | {total['skipped']} | | {total['warnings']} |"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())

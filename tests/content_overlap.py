"""How much of a source article a course repeats word for word (the content rules: study
material in our own words, quoting only short key sentences in quotation marks).

A *shared run* is a stretch of at least ``MIN_RUN`` Chinese characters (everything else --
punctuation, spaces, Latin letters, digits -- ignored) that stands in the article too. A run is
*quoted* when most of its characters sit inside Chinese quotation marks (“…”, 「…」, 『…』)
or on a Markdown blockquote line (``> …``); everything else is *unquoted*.

Run as a script for the figures per file: ``python tests/content_overlap.py [COURSE] [ARTICLE]``.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

MIN_RUN = 20
OPEN_QUOTES = "“「『"
CLOSE_QUOTES = "”」』"


def article_text(path: Path) -> str:
    """The article's prose: front matter, HTML tags and the site's footer removed."""
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("---"):
        text = text.split("---", 2)[2]
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return text.split("本文由 @", 1)[0]


def _normalise(text: str) -> tuple[str, list[int]]:
    """The Chinese characters of *text* and each one's offset in it."""
    chars, where = [], []
    for i, ch in enumerate(text):
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
            chars.append(ch)
            where.append(i)
    return "".join(chars), where


def _quoted_mask(text: str) -> list[bool]:
    """For each offset of *text*: inside quotation marks or on a blockquote line."""
    mask = [False] * len(text)
    depth = 0
    line_quoted = False
    at_line_start = True
    for i, ch in enumerate(text):
        if at_line_start:
            line_quoted = text[i:].split("\n", 1)[0].lstrip(" ").startswith(">")
        at_line_start = ch == "\n"
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES:
            depth = max(0, depth - 1)
        mask[i] = depth > 0 or line_quoted
    return mask


@dataclass
class Run:
    start: int  # offset in the file's text
    end: int
    length: int  # characters that count
    quoted: bool
    text: str


@dataclass
class FileOverlap:
    path: str
    runs: list[Run] = field(default_factory=list)

    @property
    def unquoted(self) -> int:
        return sum(r.length for r in self.runs if not r.quoted)

    @property
    def longest_unquoted(self) -> int:
        return max((r.length for r in self.runs if not r.quoted), default=0)


def shared_runs(text: str, article: str, min_run: int = MIN_RUN) -> list[Run]:
    source, _ = _normalise(article)
    grams = {source[i : i + min_run] for i in range(len(source) - min_run + 1)}
    norm, where = _normalise(text)
    covered = [False] * len(norm)
    for i in range(len(norm) - min_run + 1):
        if norm[i : i + min_run] in grams:
            for j in range(i, i + min_run):
                covered[j] = True
    mask = _quoted_mask(text)
    runs: list[Run] = []
    i = 0
    while i < len(norm):
        if not covered[i]:
            i += 1
            continue
        j = i
        while j < len(norm) and covered[j]:
            j += 1
        start, end = where[i], where[j - 1] + 1
        inside = sum(1 for k in range(i, j) if mask[where[k]])
        runs.append(Run(start, end, j - i, inside * 2 > (j - i), text[start:end]))
        i = j
    return runs


def course_files(course: Path) -> list[Path]:
    """The files of a course whose Chinese text is measured (English cannot match)."""
    files = [course / "course.yaml"]
    files += sorted((course / "lessons").glob("*.zh.md"))
    files += sorted((course / "quizzes").glob("*.yaml"))
    return [f for f in files if f.is_file()]


def measure(course: Path, article_path: Path) -> tuple[int, list[FileOverlap]]:
    """The article's length (characters that count) and the overlap of every course file."""
    article = article_text(article_path)
    results = []
    for path in course_files(course):
        text = path.read_text(encoding="utf-8")
        results.append(FileOverlap(str(path.relative_to(course)), shared_runs(text, article)))
    return len(_normalise(article)[0]), results


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    course = Path(argv[0]) if argv else root
    article = Path(argv[1]) if len(argv) > 1 else next((root.parent / "shared" / "source").glob("*.txt"))
    length, results = measure(course, article)
    total = sum(r.unquoted for r in results)
    for r in results:
        if r.runs:
            print(f"{r.path}: unquoted {r.unquoted}, longest unquoted {r.longest_unquoted}, quoted {sum(x.length for x in r.runs if x.quoted)}")
            for run in r.runs:
                if not run.quoted:
                    print(f"    {run.length:3d}  {run.text[:80]!r}")
    print(
        f"article: {length} characters; unquoted shared: {total} ({100 * total / length:.1f} %); "
        f"longest unquoted: {max((r.longest_unquoted for r in results), default=0)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

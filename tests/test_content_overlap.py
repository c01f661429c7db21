"""The bundled course in its own words: how much of its source article it repeats word for word.

The measure (tests/content_overlap.py) counts runs of >= 20 Chinese characters that the course
shares with the article, split into quoted runs (inside “…” or on a ``>`` blockquote line) and
unquoted ones. The content rules allow short attributed quotations; everything else must be in
our own words: unquoted runs add up to at most 3 % of the article's length and none is longer
than 25 characters.

The article is not part of the repository: it is looked for at ``../shared/source/*.txt``
relative to the repository root, and the figure test is skipped with a reason when it is absent.
Run ``pytest -rA tests/test_content_overlap.py`` (or ``-s``) to see the figures; they are also in
the assertion message when the test fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from content_overlap import MIN_RUN, article_text, measure, shared_runs

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT.parent / "shared" / "source"
MAX_UNQUOTED_SHARE = 0.03  # of the article's length (characters that count)
MAX_UNQUOTED_RUN = 25

# --- the measure itself, on small made-up texts -------------------------------------------

# A made-up "article" of 30 distinct Chinese characters, and pieces of it.
ARTICLE = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土日月星"
RUN_22 = ARTICLE[:22]  # long enough to count
RUN_19 = ARTICLE[:19]  # one short of MIN_RUN


def _unquoted(runs):
    return sum(r.length for r in runs if not r.quoted)


def _quoted(runs):
    return sum(r.length for r in runs if r.quoted)


def test_min_run_is_twenty():
    assert MIN_RUN == 20


def test_unquoted_shared_run_is_counted():
    runs = shared_runs(f"我们说：{RUN_22}。", ARTICLE)
    assert [(r.length, r.quoted) for r in runs] == [(22, False)]
    assert _unquoted(runs) == 22


def test_run_in_quotation_marks_is_not_counted_as_unquoted():
    for text in (f"作者写道“{RUN_22}”。", f"作者写道「{RUN_22}」。", f"作者写道『{RUN_22}』。"):
        runs = shared_runs(text, ARTICLE)
        assert _unquoted(runs) == 0, text
        assert _quoted(runs) == 22, text


def test_blockquote_line_counts_as_quoted():
    text = f"作者写道：\n\n> {RUN_22} ——某人\n\n我们的话。\n"
    runs = shared_runs(text, ARTICLE)
    assert _unquoted(runs) == 0
    assert _quoted(runs) == 22


def test_line_after_a_blockquote_is_not_quoted():
    text = f"> 引用一句别的话。\n{RUN_22}\n"
    runs = shared_runs(text, ARTICLE)
    assert _unquoted(runs) == 22


def test_runs_shorter_than_min_run_are_ignored():
    assert shared_runs(f"我们说：{RUN_19}。", ARTICLE) == []
    # two short pieces of the article, not adjacent there, do not add up to a run
    assert shared_runs(ARTICLE[:12] + "，" + ARTICLE[15:27], ARTICLE) == []


def test_punctuation_latin_and_markup_do_not_break_a_run():
    text = "**" + RUN_22[:7] + "**、PMO " + RUN_22[7:15] + "\n- " + RUN_22[15:] + "。"
    runs = shared_runs(text, ARTICLE)
    assert [r.length for r in runs] == [22]
    assert _unquoted(runs) == 22


def test_text_not_in_the_article_is_not_counted():
    assert shared_runs("这是一段完全由我们自己写的话，和那篇文章没有任何一个连续二十字相同的地方。", ARTICLE) == []


def test_a_run_mostly_outside_quotation_marks_is_unquoted():
    # 5 characters inside the quotation marks, 17 outside: the run counts as unquoted
    text = f"{RUN_22[:17]}“{RUN_22[17:]}”"
    runs = shared_runs(text, ARTICLE)
    assert [(r.length, r.quoted) for r in runs] == [(22, False)]


def test_article_text_drops_front_matter_tags_and_footer(tmp_path):
    page = tmp_path / "article.txt"
    page.write_text(
        "---\ntitle: 标题不算正文\n---\n<p>正文&amp;内容</p>\n<p>本文由 @某人 原创发布。页脚不算</p>\n",
        encoding="utf-8",
    )
    text = article_text(page)
    assert "正文&内容" in text
    assert "标题不算正文" not in text and "页脚不算" not in text and "<p>" not in text


# --- the bundled course against its article --------------------------------------------------


def _article_path() -> Path | None:
    if not SOURCE_DIR.is_dir():
        return None
    candidates = sorted(SOURCE_DIR.glob("*.txt"))
    for path in candidates:  # prefer the file that is this course's source article
        if "PMO" in path.read_text(encoding="utf-8", errors="replace"):
            return path
    return candidates[0] if candidates else None


def test_bundled_course_is_in_its_own_words():
    article = _article_path()
    if article is None:
        pytest.skip(f"source article not available: no *.txt in {SOURCE_DIR} (it is not part of the repository)")
    length, results = measure(ROOT, article)
    total = sum(r.unquoted for r in results)
    longest = max((r.longest_unquoted for r in results), default=0)
    quoted = sum(run.length for r in results for run in r.runs if run.quoted)
    share = total / length
    lines = [
        f"article {article.name}: {length} characters that count",
        f"unquoted shared (runs >= {MIN_RUN}): {total} characters = {100 * share:.1f} % of the article "
        f"(limit {100 * MAX_UNQUOTED_SHARE:.0f} % = {int(MAX_UNQUOTED_SHARE * length)}); "
        f"longest unquoted run: {longest} (limit {MAX_UNQUOTED_RUN}); quoted shared: {quoted}",
    ]
    by_part: dict[str, int] = {}
    for r in results:
        part = r.path.split("/", 1)[0] if "/" in r.path else r.path
        by_part[part] = by_part.get(part, 0) + r.unquoted
    lines.append("unquoted by part: " + ", ".join(f"{part} {n}" for part, n in by_part.items()))
    for r in results:
        if r.unquoted:
            lines.append(f"  {r.path}: unquoted {r.unquoted}, longest {r.longest_unquoted}")
            for run in r.runs:
                if not run.quoted:
                    lines.append(f"      {run.length:3d}  {run.text[:60]!r}")
    report = "\n".join(lines)
    print(report)
    assert total <= MAX_UNQUOTED_SHARE * length and longest <= MAX_UNQUOTED_RUN, report

"""One case per finding code: the code *and* the file and line it is reported at."""

from __future__ import annotations

import pytest
from coursekit import edit, write_course

from course_tui.course.loader import load_course

Z_QUIZ = """\
type: quiz
id: z-quiz
chapter: next
title: {zh: 又一个, en: Another}
questions:
  - id: q-single
    type: true_false
    section: next#only
    prompt: {zh: 对吗, en: "True?"}
    explanation: {zh: 因为, en: Because}
    answer: false
"""

CASES = {
    # YAML and front matter
    "yaml-syntax": (edit("quizzes/quiz.yaml", "chapter: intro\n", "chapter: [intro\n"), "quizzes/quiz.yaml", 4, "error"),
    "yaml-tag": (edit("quizzes/quiz.yaml", "chapter: intro", "chapter: !!python/name:os.system intro"), "quizzes/quiz.yaml", 3, "error"),
    "yaml-alias": (edit("course.yaml", "pass_mark: 60", "pass_mark: &p 60\nversion: *p"), "course.yaml", 4, "error"),
    "yaml-duplicate-key": (edit("course.yaml", "pass_mark: 60\n", "pass_mark: 60\npass_mark: 50\n"), "course.yaml", 5, "error"),
    "frontmatter-missing": ({"lessons/next.en.md": "## Only {#only}\n\nText.\n"}, "lessons/next.en.md", 1, "error"),
    "frontmatter-unclosed": ({"lessons/next.en.md": "---\nid: next\ntitle: Next\n\n## Only {#only}\n"}, "lessons/next.en.md", 1, "error"),
    "lesson-yaml-syntax": (edit("lessons/intro.en.md", "title: Intro", "title: [Intro"), "lessons/intro.en.md", 4, "error"),
    "file-not-utf8": ({"lessons/next.en.md": b"---\nid: next\ntitle: N\xffext\n---\n"}, "lessons/next.en.md", 3, "error"),
    "file-binary": ({"quizzes/quiz.yaml": "type: quiz\nid: x\x00\n"}, "quizzes/quiz.yaml", 2, "error"),
    "empty-file": ({"quizzes/quiz.yaml": "  \n"}, "quizzes/quiz.yaml", 1, "error"),
    "missing-manifest": ({"course.yaml": None}, "course.yaml", 1, "error"),
    # fields and types
    "unknown-field": (
        edit("quizzes/quiz.yaml", "    section: intro#one\n    prompt: {zh: 选一个", "    hnit: x\n    section: intro#one\n    prompt: {zh: 选一个"),
        "quizzes/quiz.yaml",
        8,
        "error",
    ),
    "missing-field": (edit("quizzes/quiz.yaml", "    prompt: {zh: 选一个, en: Pick one}\n", ""), "quizzes/quiz.yaml", 6, "error"),
    "wrong-type": (edit("course.yaml", "pass_mark: 60", "pass_mark: high"), "course.yaml", 4, "error"),
    "bad-value": (edit("quizzes/quiz.yaml", "title: {zh: 测验, en: Quiz}\n", "title: {zh: 测验, en: Quiz}\nmode: quick\n"), "quizzes/quiz.yaml", 5, "error"),
    "too-few-items": (
        edit("quizzes/quiz.yaml", "      - {id: b, text: {zh: 乙, en: B}, feedback: {zh: 错, en: Wrong}}\n", ""),
        "quizzes/quiz.yaml",
        12,
        "error",
    ),
    "empty-value": (edit("quizzes/quiz.yaml", 'prompt: {zh: 对吗, en: "True?"}', "prompt: {zh: '', en: \"True?\"}"), "quizzes/quiz.yaml", 28, "error"),
    # ids
    "duplicate-id": ({"quizzes/z.yaml": Z_QUIZ}, "quizzes/z.yaml", 6, "error"),
    "duplicate-section-id": (edit("lessons/intro.en.md", "{#two}", "{#one}"), "lessons/intro.en.md", 11, "error"),
    # questions
    "no-correct-answer": (edit("quizzes/quiz.yaml", "    answer: a\n", ""), "quizzes/quiz.yaml", 6, "error"),
    "answer-not-in-options": (edit("quizzes/quiz.yaml", "answer: [a, c]", "answer: [a, d]"), "quizzes/quiz.yaml", 24, "error"),
    "ordering-duplicate": (
        edit("quizzes/quiz.yaml", "      - {zh: 三, en: three}\n  - id: q-match", "      - {zh: 一, en: one}\n  - id: q-match"),
        "quizzes/quiz.yaml",
        45,
        "error",
    ),
    "matching-duplicate": (edit("quizzes/quiz.yaml", "right: {zh: 二, en: two}", "right: {zh: 一, en: one}"), "quizzes/quiz.yaml", 53, "error"),
    "unknown-section": (
        edit("quizzes/quiz.yaml", "    section: intro#two\n    prompt: {zh: 选多个", "    section: intro#three\n    prompt: {zh: 选多个"),
        "quizzes/quiz.yaml",
        17,
        "error",
    ),
    "no-explanation": (
        edit("quizzes/quiz.yaml", "    explanation: {zh: 因为, en: Because}\n    answer: true\n", "    answer: true\n"),
        "quizzes/quiz.yaml",
        25,
        "warning",
    ),
    "no-section": (edit("quizzes/quiz.yaml", "    section: intro#one\n    prompt: {zh: 对吗", "    prompt: {zh: 对吗"), "quizzes/quiz.yaml", 25, "warning"),
    # languages
    "missing-language": (edit("quizzes/quiz.yaml", 'prompt: {zh: 对吗, en: "True?"}', "prompt: {zh: 对吗}"), "quizzes/quiz.yaml", 28, "error"),
    "missing-language-lesson": ({"lessons/next.en.md": None}, "lessons/next.zh.md", 2, "error"),
    "unknown-language": (
        edit("quizzes/quiz.yaml", 'prompt: {zh: 对吗, en: "True?"}', 'prompt: {zh: 对吗, en: "True?", fr: "Vrai?"}'),
        "quizzes/quiz.yaml",
        28,
        "error",
    ),
    "not-localized": (edit("quizzes/quiz.yaml", "title: {zh: 测验, en: Quiz}", "title: Quiz"), "quizzes/quiz.yaml", 4, "warning"),
    # lessons and chapters
    "chapter-no-lesson": (edit("course.yaml", "  - next\n", "  - next\n  - later\n"), "course.yaml", 8, "error"),
    "unknown-chapter": (edit("quizzes/quiz.yaml", "chapter: intro", "chapter: outro"), "quizzes/quiz.yaml", 3, "error"),
    "section-mismatch": (edit("lessons/intro.en.md", "{#two}", "{#deux}"), "lessons/intro.en.md", 11, "error"),
    "missing-section-id": (edit("lessons/intro.en.md", "## Second {#two}", "## Second"), "lessons/intro.en.md", 11, "error"),
    "no-sections": ({"lessons/next.en.md": "---\nid: next\ntitle: Next\n---\n\nJust text.\n"}, "lessons/next.en.md", 5, "error"),
    "text-outside-section": (
        {"lessons/next.en.md": "---\nid: next\ntitle: Next\n---\n\nStray.\n\n## Only {#only}\n\nText.\n"},
        "lessons/next.en.md",
        6,
        "warning",
    ),
    "empty-section": ({"lessons/next.en.md": "---\nid: next\ntitle: Next\n---\n\n## Only {#only}\n\n"}, "lessons/next.en.md", 6, "warning"),
    "lesson-not-in-course": (
        {
            "lessons/extra.en.md": "---\nid: extra\ntitle: Extra\n---\n## A {#a}\nText.\n",
            "lessons/extra.zh.md": "---\nid: extra\ntitle: 额外\n---\n## 甲 {#a}\n内容。\n",
        },
        "lessons/extra.en.md",
        2,
        "warning",
    ),
    # scenarios
    "scenario-next-undefined": (edit("quizzes/scenario.yaml", "next: bad, score: 0", "next: worse, score: 0"), "quizzes/scenario.yaml", 12, "error"),
    "scenario-unreachable": (edit("quizzes/scenario.yaml", "next: m, score: 2", "next: good, score: 2"), "quizzes/scenario.yaml", 13, "error"),
    "scenario-no-ending": (edit("quizzes/scenario.yaml", "next: good, score: 1", "next: m, score: 1"), "quizzes/scenario.yaml", 13, "error"),
    "scenario-cycle": (
        edit("quizzes/scenario.yaml", "next: good, score: 1}\n", "next: good, score: 1}\n      - {text: {zh: 回, en: Back}, next: s}\n"),
        "quizzes/scenario.yaml",
        8,
        "error",
    ),
    "node-kind": (
        edit("quizzes/scenario.yaml", "    ending: {outcome: failure, score: 0, title: {zh: 坏, en: Bad}, debrief: {zh: 说明, en: Debrief}}\n", ""),
        "quizzes/scenario.yaml",
        20,
        "error",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_finding_code_and_line(tmp_path, name):
    files, path, line, severity = CASES[name]
    code = {
        "lesson-yaml-syntax": "yaml-syntax",
        "duplicate-section-id": "duplicate-id",
        "missing-language-lesson": "missing-language",
    }.get(name, name)
    result = load_course(write_course(tmp_path, files))
    found = [(f.path, f.line, f.code, f.severity) for f in result.findings]
    assert (path, line, code, severity) in found, "\n".join(f.format() for f in result.findings)
    if severity == "error":
        assert result.course is None
    else:
        assert result.course is not None
    for f in result.findings:  # every finding is well formed
        assert f.line >= 1 and f.col >= 1 and f.message and f.severity in ("error", "warning")


def test_base_course_is_clean(tmp_path):
    result = load_course(write_course(tmp_path))
    assert result.findings == []
    course = result.course
    assert [c.id for c in course.chapters] == ["intro", "next"]
    assert course.languages == ("zh", "en")
    quiz = course.quiz("intro-quiz")
    assert [q.type for q in quiz.questions] == ["single", "multiple", "true_false", "short", "ordering", "matching"]
    assert quiz.pass_mark == 60
    assert course.lesson("intro").sections[1].title("en") == "Second"
    assert course.lesson("intro").sections[1].body("zh") == "更多内容。"


def test_every_problem_is_reported_at_once(tmp_path):
    files = {}
    files.update(edit("quizzes/quiz.yaml", "answer: [a, c]", "answer: [a, d]"))
    files.update(edit("quizzes/scenario.yaml", "next: bad, score: 0", "next: worse, score: 0"))
    files.update(edit("course.yaml", "  - next\n", "  - next\n  - later\n"))
    files["quizzes/broken.yaml"] = "type: quiz\nid: [\n"
    result = load_course(write_course(tmp_path, files))
    codes = {f.code for f in result.findings}
    assert {"answer-not-in-options", "scenario-next-undefined", "chapter-no-lesson", "yaml-syntax"} <= codes


def test_findings_are_sorted_and_relative(tmp_path):
    files = edit("quizzes/quiz.yaml", "chapter: intro", "chapter: outro")
    result = load_course(write_course(tmp_path, files))
    assert result.findings == sorted(result.findings, key=lambda f: (f.path, f.line, f.col, f.code, f.message))
    assert all(not f.path.startswith("/") for f in result.findings)


@pytest.mark.slow
def test_big_yaml_gives_findings_not_tracebacks(tmp_path):
    big = "type: quiz\nid: big\nchapter: intro\ntitle: {zh: 大, en: Big}\nquestions:\n" + "".join(
        f"  - {{id: big-{i}, type: true_false, prompt: {{zh: 对, en: T}}, answer: true, bogus: {i}}}\n" for i in range(60000)
    )
    assert len(big.encode()) > 5_000_000
    result = load_course(write_course(tmp_path, {"quizzes/big.yaml": big}))
    assert result.course is None
    assert sum(1 for f in result.findings if f.code == "unknown-field") == 60000


def test_too_large_file(tmp_path, monkeypatch):
    from course_tui.course import sources

    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(sources.read_text, "__defaults__", (100, None))
    result = load_course(write_course(tmp_path))
    assert any(f.code == "file-too-large" for f in result.findings)


def test_model_is_immutable(tmp_path):
    import pytest

    course = load_course(write_course(tmp_path)).course
    with pytest.raises(AttributeError):
        course.pass_mark = 1  # type: ignore[misc]
    with pytest.raises(AttributeError):
        course.quiz("intro-quiz").questions[0].points = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        course.scenario("intro-scenario").nodes["x"] = None  # type: ignore[index]
    with pytest.raises(AttributeError):
        course.title.extra = 1  # type: ignore[attr-defined]
    assert isinstance(course.chapters, tuple) and isinstance(course.quiz("intro-quiz").questions, tuple)


def test_a_content_analysis_that_raises_recursion_error_becomes_a_finding(tmp_path, monkeypatch):
    # a second line behind the iterative analyses: nothing a check raises leaves the loader
    import course_tui.course.guessability as guessability
    import course_tui.course.loader as loader

    def too_deep(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    root = write_course(tmp_path)
    monkeypatch.setattr(guessability, "best_key", too_deep)
    result = load_course(root)
    assert result.course is not None
    assert [(f.code, f.severity, f.path) for f in result.findings] == [("analysis-failed", "warning", "course.yaml")]
    monkeypatch.setattr(loader, "build_scenario", too_deep)
    result = load_course(root)
    assert result.course is None
    found = [f for f in result.findings if f.code == "analysis-failed" and f.severity == "error"]
    assert len(found) == 1 and "'intro-scenario'" in found[0].message and found[0].path == "quizzes/scenario.yaml"

"""``course-tui new …``: starting files that validate as they are and show the format.

Scaffolds never overwrite a file. Adding a lesson also lists its chapter in course.yaml
(when the chapter list is written one item per line, as the scaffold writes it).
"""

from __future__ import annotations

import json
import os
import re
from functools import partial
from pathlib import Path

from course_tui.course.findings import Report
from course_tui.course.formats import MANIFEST, write_schemas
from course_tui.course.lessonfile import heading
from course_tui.course.limits import MAX_FILE_BYTES
from course_tui.course.schema import ID_PATTERN, INVALID, Ctx
from course_tui.course.yamlsrc import Pos, YamlProblem, YList, YMap, load_yaml
from course_tui.safe_files import read_regular
from course_tui.safe_text import one_line

_ID = re.compile(ID_PATTERN)


class ScaffoldError(Exception):
    """Cannot scaffold: the message says why, in one line."""


# Placeholder text per language. Only these two are written in full; another language
# gets the English text to translate.
WORDS = {
    "en": {
        "course": "My course",
        "course_desc": "What learners will be able to do after this course.",
        "lesson": "Getting started",
        "objective": "Explain the main idea of this chapter in your own words.",
        "s1": "The main idea",
        "s1_body": "Write the first section here. Each `## Heading {#id}` starts a new section;\nlearners read one section per screen.",
        "s2": "Summary",
        "s2_body": "- Key point one\n- Key point two",
        "quiz": "Check your understanding",
        "q1": "Which statement is the main idea of this chapter?",
        "opt_a": "The statement the lesson makes",
        "opt_b": "A common misunderstanding",
        "fb_a": "Right: this is what the lesson says.",
        "fb_b": "Not quite: the lesson argues against this.",
        "expl": "Say why the answer is right, and where the lesson explains it.",
        "q2": "Every section starts with a level-2 heading and an id.",
        "scenario": "A first decision",
        "n1": "Describe the situation the learner is in.",
        "c1": "The better choice",
        "c2": "The tempting choice",
        "f1": "What happens after the better choice.",
        "f2": "What happens after the tempting choice.",
        "good": "Well handled",
        "bad": "A lesson learned",
        "debrief_good": "Explain why this worked, naming the lesson's idea.",
        "debrief_bad": "Explain what went wrong and which idea would have helped.",
    },
    "zh": {
        "course": "我的课程",
        "course_desc": "学完这门课，学员能做到什么。",
        "lesson": "入门",
        "objective": "用自己的话说出本章的核心观点。",
        "s1": "核心观点",
        "s1_body": "在这里写第一节。每个`## 标题 {#id}`开始新的一节；\n学员每屏阅读一节。",
        "s2": "小结",
        "s2_body": "- 要点一\n- 要点二",
        "quiz": "检验理解",
        "q1": "哪一项是本章的核心观点？",
        "opt_a": "课文提出的观点",
        "opt_b": "一个常见误解",
        "fb_a": "对：这正是课文的观点。",
        "fb_b": "不对：课文反驳的正是这一点。",
        "expl": "说明答案为什么正确，并指出课文在哪一节讲到。",
        "q2": "每一节都以二级标题和id开头。",
        "scenario": "第一个决定",
        "n1": "描述学员所处的情境。",
        "c1": "更好的选择",
        "c2": "诱人的选择",
        "f1": "选择更好做法之后发生了什么。",
        "f2": "选择诱人做法之后发生了什么。",
        "good": "处理得当",
        "bad": "一次教训",
        "debrief_good": "说明为什么这样做有效，点出课文中的观点。",
        "debrief_bad": "说明哪里出了问题，以及哪个观点本可以帮上忙。",
    },
}


def _w(lang: str, key: str) -> str:
    return WORDS.get(lang, WORDS["en"])[key]


def _text(langs: list[str], key: str, indent: int = 0) -> str:
    """A YAML value: a plain string for one language, a language map for several."""
    if len(langs) == 1:
        return json.dumps(_w(langs[0], key), ensure_ascii=False)
    pad = " " * (indent + 2)
    return "\n" + "\n".join(f"{pad}{lang}: {json.dumps(_w(lang, key), ensure_ascii=False)}" for lang in langs)


def check_id(value: str, what: str) -> str:
    if not _ID.match(value):
        raise ScaffoldError(f"{what} {value!r} is not a valid id: use letters, digits, '-', '_' or '.'")
    return value


def _write_new(path: Path, content: str) -> Path:
    if path.exists():
        raise ScaffoldError(f"{path} already exists; nothing was changed")
    path.parent.mkdir(parents=True, exist_ok=True)
    # "key: " before a language map leaves a trailing space: editors flag it, so drop it
    path.write_text("\n".join(line.rstrip() for line in content.split("\n")), encoding="utf-8")
    return path


def lesson_text(lesson_id: str, lang: str) -> str:
    return (
        "---\n"
        f"id: {lesson_id}\n"
        f"title: {json.dumps(_w(lang, 'lesson'), ensure_ascii=False)}\n"
        "objectives:\n"
        f"  - {json.dumps(_w(lang, 'objective'), ensure_ascii=False)}\n"
        "minutes: 5\n"
        "---\n\n"
        f"## {_w(lang, 's1')} {{#main-idea}}\n\n{_w(lang, 's1_body')}\n\n"
        f"## {_w(lang, 's2')} {{#summary}}\n\n{_w(lang, 's2_body')}\n"
    )


def quiz_text(quiz_id: str, chapter: str, section: str, langs: list[str]) -> str:
    t = partial(_text, langs)
    return f"""# yaml-language-server: $schema=../schemas/quiz.schema.json
type: quiz
id: {quiz_id}
chapter: {chapter}
title: {t("quiz")}
mode: practice          # or exam: feedback at the end (options are shuffled per attempt in both)
questions:
  - id: {quiz_id}-q1
    type: single
    section: {chapter}#{section}
    prompt: {t("q1", 4)}
    options:
      - id: a
        text: {t("opt_a", 8)}
        feedback: {t("fb_a", 8)}
      - id: b
        text: {t("opt_b", 8)}
        feedback: {t("fb_b", 8)}
    answer: a
    explanation: {t("expl", 4)}
  - id: {quiz_id}-q2
    type: true_false
    section: {chapter}#{section}
    prompt: {t("q2", 4)}
    answer: true
    explanation: {t("expl", 4)}
"""


def scenario_text(scenario_id: str, chapter: str, section: str, langs: list[str]) -> str:
    t = partial(_text, langs)
    return f"""# yaml-language-server: $schema=../schemas/scenario.schema.json
type: scenario
id: {scenario_id}
chapter: {chapter}
title: {t("scenario")}
scoring: ending         # or path: choices' scores along the way plus the ending's
start: situation
nodes:
  - id: situation
    text: {t("n1", 4)}
    choices:
      - text: {t("c1", 8)}
        feedback: {t("f1", 8)}
        next: good-end
      - text: {t("c2", 8)}
        feedback: {t("f2", 8)}
        next: bad-end
  - id: good-end
    text: {t("f1", 4)}
    ending:
      outcome: success
      score: 10
      title: {t("good", 6)}
      debrief: {t("debrief_good", 6)}
      sections: [{chapter}#{section}]
  - id: bad-end
    text: {t("f2", 4)}
    ending:
      outcome: failure
      score: 0
      title: {t("bad", 6)}
      debrief: {t("debrief_bad", 6)}
      sections: [{chapter}#{section}]
"""


def new_course(folder: Path, languages: list[str]) -> list[Path]:
    """A complete small course: manifest, one lesson per language, a quiz, a scenario."""
    for lang in languages:
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", lang):
            raise ScaffoldError(f"{lang!r} is not a language code (use e.g. zh or en)")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(f"{folder} already exists and is not an empty folder; nothing was changed")
    course_id = check_id(re.sub(r"[^A-Za-z0-9_.-]+", "-", folder.resolve().name).strip("-._") or "my-course", "course id")
    langs_yaml = "[" + ", ".join(languages) + "]"
    manifest = f"""# yaml-language-server: $schema=schemas/course.schema.json
id: {course_id}
title: {_text(languages, "course")}
description: {_text(languages, "course_desc")}
languages: {langs_yaml}
version: "0.1"
pass_mark: 70
chapters:
  - getting-started
"""
    written = [_write_new(folder / "course.yaml", manifest)]
    for lang in languages:
        name = f"getting-started.{lang}.md" if len(languages) > 1 else "getting-started.md"
        written.append(_write_new(folder / "lessons" / name, lesson_text("getting-started", lang)))
    written.append(_write_new(folder / "quizzes" / "getting-started-quiz.yaml", quiz_text("getting-started-quiz", "getting-started", "main-idea", languages)))
    written.append(
        _write_new(folder / "quizzes" / "getting-started-scenario.yaml", scenario_text("getting-started-scenario", "getting-started", "main-idea", languages))
    )
    written.extend(write_schemas(folder / "schemas"))  # for editors; see docs/AUTHORING.md
    return written


def _read(path: Path) -> str:
    """A course file's text, read as the loader reads it: a regular file within the size
    limit (a FIFO or a link to a device is refused, never waited on)."""
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except OSError as exc:
        raise ScaffoldError(f"cannot read {one_line(str(path))}: {exc.strerror or exc}") from None
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        raise ScaffoldError(f"{one_line(str(path))} is not UTF-8 text; run `course-tui validate` first") from None


def _read_manifest(course: Path) -> tuple[Path, str, YMap]:
    path = course / "course.yaml"
    if not os.path.lexists(path):
        raise ScaffoldError(f"{one_line(str(course))} has no course.yaml: create a course first with `course-tui new course DIR`")
    text = _read(path)
    try:
        raw = load_yaml(text).value
    except YamlProblem as problem:
        raise ScaffoldError(f"course.yaml:{problem.pos.line}:{problem.pos.col}: {problem.message}") from None
    report = Report(path="course.yaml")
    langs = tuple(lang for lang in raw.get("languages", []) if isinstance(lang, str)) if isinstance(raw, dict) else ()
    manifest = MANIFEST.check(raw, Pos(1, 1), Ctx(report, langs), "")
    if manifest is INVALID or not manifest.get("languages") or not manifest.get("chapters"):
        raise ScaffoldError("course.yaml is not valid; run `course-tui validate` first")
    return path, text, manifest


def _first_section(course: Path, chapter: str, lang: str) -> str:
    for name in (f"{chapter}.{lang}.md", f"{chapter}.md"):
        path = course / "lessons" / name
        if os.path.lexists(path):
            for line in _read(path).split("\n"):  # headings read as the loader reads them
                found = heading(line)
                if found is not None and found[1]:
                    return found[1]
    raise ScaffoldError(f"chapter {chapter!r} has no lesson with a section yet; add it with `course-tui new lesson {chapter}`")


def new_lesson(course: Path, lesson_id: str) -> list[Path]:
    check_id(lesson_id, "lesson id")
    path, text, manifest = _read_manifest(course)
    languages = list(manifest["languages"])
    written = []
    for lang in languages:
        name = f"{lesson_id}.{lang}.md" if len(languages) > 1 else f"{lesson_id}.md"
        target = course / "lessons" / name
        if target.exists():
            raise ScaffoldError(f"{target} already exists; nothing was changed")
    for lang in languages:
        name = f"{lesson_id}.{lang}.md" if len(languages) > 1 else f"{lesson_id}.md"
        written.append(_write_new(course / "lessons" / name, lesson_text(lesson_id, lang)))
    chapters: YList = manifest["chapters"]
    if lesson_id not in chapters:
        lines = text.split("\n")
        last = chapters.item_pos[-1]
        key_line = manifest.key_pos["chapters"].line
        if last.line > key_line and lines[last.line - 1].lstrip().startswith("-"):
            indent = lines[last.line - 1][: len(lines[last.line - 1]) - len(lines[last.line - 1].lstrip())]
            lines.insert(last.line, f"{indent}- {lesson_id}")
            path.write_text("\n".join(lines), encoding="utf-8")
            written.append(path)
        else:
            raise ScaffoldError(f"wrote the lesson, but could not add {lesson_id!r} to the chapters list in course.yaml: add it by hand")
    return written


def _item(course: Path, item_id: str, chapter: str | None, kind: str) -> list[Path]:
    check_id(item_id, f"{kind} id")
    _, _, manifest = _read_manifest(course)
    chapter = chapter or manifest["chapters"][-1]
    if chapter not in manifest["chapters"]:
        raise ScaffoldError(f"chapter {chapter!r} is not in course.yaml (chapters: {', '.join(manifest['chapters'])})")
    languages = list(manifest["languages"])
    section = _first_section(course, chapter, languages[0])
    make = quiz_text if kind == "quiz" else scenario_text
    return [_write_new(course / "quizzes" / f"{item_id}.yaml", make(item_id, chapter, section, languages))]


def new_quiz(course: Path, quiz_id: str, chapter: str | None = None) -> list[Path]:
    return _item(course, quiz_id, chapter, "quiz")


def new_scenario(course: Path, scenario_id: str, chapter: str | None = None) -> list[Path]:
    return _item(course, scenario_id, chapter, "scenario")

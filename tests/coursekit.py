"""A small valid bilingual course used by many tests, written out with known line numbers."""

from __future__ import annotations

from pathlib import Path

BASE: dict[str, str] = {
    "course.yaml": """\
id: t
title: {zh: 测试, en: Test}
languages: [zh, en]
pass_mark: 60
chapters:
  - intro
  - next
""",
    "lessons/intro.zh.md": """\
---
id: intro
title: 入门
objectives: [知道一件事]
---

## 第一节 {#one}

内容。

## 第二节 {#two}

更多内容。
""",
    "lessons/intro.en.md": """\
---
id: intro
title: Intro
objectives: [Know one thing]
---

## First {#one}

Text.

## Second {#two}

More text.
""",
    "lessons/next.zh.md": "---\nid: next\ntitle: 下一章\n---\n\n## 唯一一节 {#only}\n\n内容。\n",
    "lessons/next.en.md": "---\nid: next\ntitle: Next\n---\n\n## Only {#only}\n\nText.\n",
    "quizzes/quiz.yaml": """\
type: quiz
id: intro-quiz
chapter: intro
title: {zh: 测验, en: Quiz}
questions:
  - id: q-single
    type: single
    section: intro#one
    prompt: {zh: 选一个, en: Pick one}
    explanation: {zh: 因为, en: Because}
    options:
      - {id: a, text: {zh: 甲, en: A}}
      - {id: b, text: {zh: 乙, en: B}, feedback: {zh: 错, en: Wrong}}
    answer: a
  - id: q-multi
    type: multiple
    section: intro#two
    prompt: {zh: 选多个, en: Pick some}
    explanation: {zh: 因为, en: Because}
    options:
      - {id: a, text: {zh: 甲, en: A}}
      - {id: b, text: {zh: 乙, en: B}}
      - {id: c, text: {zh: 丙, en: C}}
    answer: [a, c]
  - id: q-tf
    type: true_false
    section: intro#one
    prompt: {zh: 对吗, en: "True?"}
    explanation: {zh: 因为, en: Because}
    answer: true
  - id: q-short
    type: short
    section: intro#one
    prompt: {zh: 缩写, en: Acronym}
    explanation: {zh: 因为, en: Because}
    answer: [PMO, 项目管理办公室]
  - id: q-order
    type: ordering
    section: intro#two
    prompt: {zh: 排序, en: Order}
    explanation: {zh: 因为, en: Because}
    items:
      - {zh: 一, en: one}
      - {zh: 二, en: two}
      - {zh: 三, en: three}
  - id: q-match
    type: matching
    section: intro#two
    prompt: {zh: 配对, en: Match}
    explanation: {zh: 因为, en: Because}
    pairs:
      - {left: {zh: 甲, en: A}, right: {zh: 一, en: one}}
      - {left: {zh: 乙, en: B}, right: {zh: 二, en: two}}
    distractors:
      - {zh: 三, en: three}
""",
    "quizzes/scenario.yaml": """\
type: scenario
id: intro-scenario
chapter: intro
title: {zh: 情景, en: Scenario}
scoring: path
start: s
nodes:
  - id: s
    text: {zh: 开始, en: Start}
    choices:
      - {text: {zh: 好, en: Good}, next: m, score: 2}
      - {text: {zh: 坏, en: Bad}, next: bad, score: 0}
  - id: m
    text: {zh: 中间, en: Middle}
    choices:
      - {text: {zh: 继续, en: Go on}, next: good, score: 1}
  - id: good
    text: {zh: 好结局, en: Good end}
    ending: {outcome: success, score: 5, title: {zh: 好, en: Good}, debrief: {zh: 说明, en: Debrief}, sections: [intro#one]}
  - id: bad
    text: {zh: 坏结局, en: Bad end}
    ending: {outcome: failure, score: 0, title: {zh: 坏, en: Bad}, debrief: {zh: 说明, en: Debrief}}
""",
}


def write_course(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """Write BASE with *files* overriding (None deletes a file) into *root*."""
    merged: dict[str, str | bytes | None] = {**BASE, **(files or {})}
    for rel, content in merged.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def edit(rel: str, old: str, new: str, count: int = 1) -> dict[str, str]:
    """BASE's *rel* with *old* replaced by *new* (which must occur)."""
    text = BASE[rel]
    assert old in text, f"{old!r} not in {rel}"
    return {rel: text.replace(old, new, count)}

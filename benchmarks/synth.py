"""Synthetic courses and stores for the scaling benchmarks.

``write_course(folder, lessons, questions)`` writes a valid bilingual (zh, en) course shaped
like the bundled one: one chapter per lesson, five sections per lesson file, one quiz per
chapter holding ``questions / lessons`` questions of all six types (every text in both
languages, per-option feedback, an explanation and a section pointer), and a scenario every
tenth chapter.

``learner_doc(name, course_id, attempts)`` builds a learner document with that many finished
quiz attempts (eight answers each), lessons read and a review list, as the app writes them.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

SECTIONS = 5


def _t(zh: str, en: str, indent: int) -> str:
    pad = " " * indent
    return f"\n{pad}zh: {json.dumps(zh, ensure_ascii=False)}\n{pad}en: {json.dumps(en, ensure_ascii=False)}"


def _lesson(cid: str, lang: str, n: int) -> str:
    word = "章节" if lang == "zh" else "Chapter"
    lines = [
        "---",
        f"id: {cid}",
        f'title: "{word} {n}: {"关于项目管理办公室的一课" if lang == "zh" else "a lesson about the project management office"}"',
        "objectives:",
        f"  - {'理解第一个要点' if lang == 'zh' else 'Understand the first point of this chapter'}",
        f"  - {'能够解释第二个要点' if lang == 'zh' else 'Explain the second point in your own words'}",
        "minutes: 6",
        "---",
        "",
    ]
    for s in range(SECTIONS):
        title = f"第{s + 1}节" if lang == "zh" else f"Section {s + 1}"
        lines.append(f"## {title} {{#s{s}}}")
        lines.append("")
        body = (
            "PMO（项目管理办公室）在互联网公司里的角色各不相同。本节讨论它的**职责**、抓手和目标，以及如何与业务方合作。"
            if lang == "zh"
            else "A PMO (project management office) plays different roles in different Internet companies. This section discusses "
            "its **duties**, its levers and its goals, and how it works with the business."
        )
        lines += [body, "", "- " + body[:40], "- " + body[40:80], "", body, ""]
    return "\n".join(lines)


def _question(cid: str, k: int, qid: str) -> str:
    kind = ("single", "multiple", "true_false", "short", "ordering", "matching")[k % 6]
    out = [
        f"  - id: {qid}",
        f"    type: {kind}",
        f"    section: {cid}#s{k % SECTIONS}",
        "    prompt:" + _t(f"第{k}题：下面哪一项最符合作者对PMO的看法？", f"Question {k}: which of these best matches the author's view of the PMO?", 6),
        "    explanation:"
        + _t("作者认为PMO要像产品一样经营自己的管理方案。", "The author argues that a PMO should run its management solutions like products.", 6),
    ]
    if kind in ("single", "multiple"):
        out.append("    options:")
        for o in "abcd":
            out.append(f"      - id: {o}")
            out.append("        text:" + _t(f"选项{o}：推动进度并组织复盘", f"Option {o}: push the schedule and run retrospectives", 10))
            out.append("        feedback:" + _t(f"关于选项{o}的反馈。", f"Feedback on option {o}.", 10))
        # answers at varied positions, as a real course has them (validate warns guessable-by-position otherwise)
        out.append(f"    answer: {'abcd'[k // 6 % 4]}" if kind == "single" else "    answer: [a, c]")
    elif kind == "true_false":
        out.append(f"    answer: {'true' if k // 6 % 2 == 0 else 'false'}")
        out.append("    feedback_true:" + _t("正确。", "Right.", 6))
        out.append("    feedback_false:" + _t("不对。", "Not right.", 6))
    elif kind == "short":
        out.append("    answer:")
        out.append("      zh: [项目管理办公室, PMO]")
        out.append("      en: [project management office, PMO]")
        out.append("    feedback_wrong:" + _t("答案是PMO。", "The answer is PMO.", 6))
    elif kind == "ordering":
        out.append("    items:")
        for i in range(4):
            out.append("      -" + _t(f"第{i + 1}步", f"Step {i + 1}", 8))
        out.append("    feedback_wrong:" + _t("顺序不对。", "Wrong order.", 6))
    else:
        out.append("    pairs:")
        for i in range(3):
            out.append("      - left:" + _t(f"左{i}", f"Left {i}", 10))
            out.append("        right:" + _t(f"右{i}", f"Right {i}", 10))
        out.append("    feedback_wrong:" + _t("有配对错误。", "Some pairs are wrong.", 6))
    return "\n".join(out)


def _quiz(cid: str, per_quiz: int, start: int) -> str:
    head = [
        "type: quiz",
        f"id: {cid}-quiz",
        f"chapter: {cid}",
        "title:" + _t(f"小测 {cid}", f"Quiz {cid}", 2),
        "mode: practice",
        "questions:",
    ]
    return "\n".join(head + [_question(cid, start + k, f"{cid}-q{k}") for k in range(per_quiz)]) + "\n"


def _scenario(cid: str) -> str:
    nodes = []
    for i in range(4):
        nodes.append(f"  - id: n{i}\n    title:{_t(f'第{i}步', f'Step {i}', 6)}\n    text:{_t('你会怎么做？', 'What do you do?', 6)}\n    choices:")
        onward = (f"n{i + 1}" if i < 3 else "good", "bad")
        for j, nxt in enumerate(onward if i % 2 else onward[::-1]):  # the good choice first only at odd steps
            nodes.append(f"      - text:{_t(f'选择{j}', f'Choice {j}', 10)}\n        next: {nxt}\n        feedback:{_t('后果。', 'A consequence.', 10)}")
    for end, outcome in (("good", "success"), ("bad", "failure")):
        nodes.append(
            f"  - id: {end}\n    text:{_t('结局。', 'The end.', 6)}\n    ending:\n      outcome: {outcome}\n"
            f"      title:{_t('结局', 'Ending', 8)}\n      debrief:{_t('复盘。', 'Debrief.', 8)}\n      sections: [{cid}#s0]"
        )
    return "\n".join(["type: scenario", f"id: {cid}-scenario", f"chapter: {cid}", "title:" + _t("情景", "Scenario", 2), "start: n0", "nodes:", *nodes]) + "\n"


def write_course(folder: Path, lessons: int, questions: int) -> Path:
    """A valid course with *lessons* chapters and *questions* quiz questions in all."""
    (folder / "lessons").mkdir(parents=True, exist_ok=True)
    (folder / "quizzes").mkdir(parents=True, exist_ok=True)
    ids = [f"ch{i:04d}" for i in range(lessons)]
    (folder / "course.yaml").write_text(
        "id: synthetic\ntitle:"
        + _t("合成课程", "Synthetic course", 2)
        + "\nlanguages: [zh, en]\npass_mark: 70\nchapters:\n"
        + "".join(f"  - {c}\n" for c in ids),
        encoding="utf-8",
    )
    per, extra = divmod(questions, lessons)
    start = 0
    for i, cid in enumerate(ids):
        for lang in ("zh", "en"):
            (folder / "lessons" / f"{cid}.{lang}.md").write_text(_lesson(cid, lang, i + 1), encoding="utf-8")
        n = per + (1 if i < extra else 0)
        (folder / "quizzes" / f"{cid}-quiz.yaml").write_text(_quiz(cid, n, start), encoding="utf-8")
        start += n
        if i % 10 == 0:
            (folder / "quizzes" / f"{cid}-scenario.yaml").write_text(_scenario(cid), encoding="utf-8")
    return folder


def course_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def learner_doc(name: str, course_id: str, attempts: int, quizzes: list[tuple[str, list[str]]] | None = None) -> dict:
    """A learner document with *attempts* finished attempts of eight answers each."""
    quizzes = quizzes or [(f"quiz-{i}", [f"quiz-{i}-q{j}" for j in range(8)]) for i in range(12)]
    stamp = "2026-11-01T10:00:00+00:00"
    items = []
    for i in range(attempts):
        quiz, qids = quizzes[i % len(quizzes)]
        qids = qids[:8]
        items.append(
            {
                "id": uuid.UUID(int=i).hex,
                "quiz": quiz,
                "mode": "practice",
                "started": stamp,
                "finished": stamp,
                "order": list(qids),
                "shuffles": {},
                "answers": {q: {"response": "a", "score": 1.0 if j % 3 else 0.0, "correct": bool(j % 3), "at": stamp} for j, q in enumerate(qids)},
                "percent": 66.7,
                "passed": False,
                "retry_of": None,
            }
        )
    return {
        "schema_version": 1,
        "learner": {"name": name, "created": stamp},
        "settings": {"lang": "en"},
        "courses": {
            course_id: {
                "lessons": {},
                "attempts": items,
                "scenario_runs": [],
                "review": {},
            }
        },
        "updated": stamp,
    }

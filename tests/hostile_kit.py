"""A hostile course: every text a learner sees (titles, section titles, objectives, prompts,
options, feedback, explanations, scenario texts, endings) is the *payload* given, in a
course that otherwise validates. Used with Textual markup (test_tui_markup.py) and with
terminal escape sequences (test_tui_escapes.py)."""

from __future__ import annotations

import json
from pathlib import Path


def write_hostile_course(root: Path, payload: dict[str, str]) -> Path:
    """*payload* maps a role to its text: ``course``, ``chapter``, ``section``, ``body``,
    ``quiz``, ``prompt``, ``option``, ``feedback``, ``scenario``, ``node``, ``choice``,
    ``ending`` (missing roles get a plain word). Bilingual (en, zh) with the same text."""
    p = {
        key: payload.get(key, key.capitalize())
        for key in ("course", "chapter", "section", "body", "quiz", "prompt", "option", "feedback", "scenario", "node", "choice", "ending")
    }

    def both(text: str) -> str:
        return json.dumps({"en": text, "zh": text})  # YAML: control characters as \u escapes

    def q(text: str) -> str:
        return json.dumps(text)

    files = {
        "course.yaml": f"id: h\ntitle: {both(p['course'])}\nlanguages: [en, zh]\npass_mark: 60\nchapters:\n  - intro\n",
        "quizzes/quiz.yaml": (
            "type: quiz\nid: intro-quiz\nchapter: intro\n"
            f"title: {both(p['quiz'])}\n"
            "questions:\n"
            "  - id: q-single\n    type: single\n    section: intro#one\n"
            f"    prompt: {both(p['prompt'])}\n"
            f"    explanation: {both(p['feedback'])}\n"
            "    options:\n"
            f"      - {{id: a, text: {both(p['option'])}}}\n"
            f"      - {{id: b, text: {both('Other')}, feedback: {both(p['feedback'])}}}\n"
            "    answer: a\n"
            "  - id: q-order\n    type: ordering\n    section: intro#one\n"
            f"    prompt: {both(p['prompt'])}\n"
            "    items:\n"
            f"      - {both(p['option'])}\n"
            f"      - {both('Second')}\n"
            f"    explanation: {both(p['feedback'])}\n"
        ),
        "quizzes/scenario.yaml": (
            "type: scenario\nid: intro-scenario\nchapter: intro\n"
            f"title: {both(p['scenario'])}\n"
            f"description: {both(p['node'])}\n"
            "scoring: path\nstart: s\nnodes:\n"
            f"  - id: s\n    text: {both(p['node'])}\n    choices:\n"
            f"      - {{text: {both(p['choice'])}, next: good, score: 1}}\n"
            f"      - {{text: {both('Other way')}, next: bad, score: 0, feedback: {both(p['feedback'])}}}\n"
            f"  - id: good\n    text: {both(p['node'])}\n"
            f"    ending: {{outcome: success, score: 1, title: {both(p['ending'])}, debrief: {both(p['feedback'])}}}\n"
            f"  - id: bad\n    text: {both('Bad end')}\n"
            f"    ending: {{outcome: failure, score: 0, title: {both(p['ending'])}, debrief: {both(p['feedback'])}}}\n"
        ),
    }
    for lang in ("en", "zh"):
        files[f"lessons/intro.{lang}.md"] = (
            f"---\nid: intro\ntitle: {q(p['chapter'])}\nobjectives: [{q(p['section'])}]\n---\n\n"
            f"## {p['section']} {{#one}}\n\n{p['body']}\n\n## Second {{#two}}\n\n{p['body']}\n"
        )
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root

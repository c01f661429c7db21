"""A learner's records as xAPI 1.0.3 statements (docs/XAPI.md is the reference).

* Lessons: ``launched`` a lesson (its first section visit), ``experienced`` each section
  read (first visit), ``completed`` a lesson (reading time as the duration).
* Quizzes: ``attempted`` (attempt started), ``answered`` per answer (a cmi.interaction),
  ``completed`` and ``passed``/``failed`` when a graded attempt was finished (a review round
  of missed questions gets neither: it is marked with the ``review-round`` extension).
* Scenarios: ``attempted`` (run started), ``answered`` per choice (the node as a choice
  interaction), ``completed`` with the ending and score.

The actor is an ``account`` on the base IRI whose name is an opaque hash of the learner's
name (:func:`actor_name`); the name itself never appears. Statement ids are UUID v5 of
the statement's content, so exporting unchanged records again gives the same ids and an
LRS keeps one copy.
"""

from __future__ import annotations

import copy
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from course_tui.course.model import Course, Scenario, Text
from course_tui.learning.grading import scenario_max_score
from course_tui.learning.standing import attempt_passed, attempt_percent, is_review
from course_tui.learning.xapi_interaction import NAME_LIMIT
from course_tui.learning.xapi_interaction import definition as interaction_definition
from course_tui.learning.xapi_interaction import response as interaction_response
from course_tui.learning.xapi_vocab import (
    ACTIVITY_TYPES,
    PLATFORM,
    VERSION,
    duration,
    iri,
    lang_map,
    parse_time,
    timestamp,
    verb,
)

STATEMENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://course-tui.invalid/xapi/statement")
Statement = dict[str, Any]


def actor_name(learner: str, base: str) -> str:
    """The account name of *learner*: ``ct-`` and 32 hex digits of SHA-256 over the base
    and the name. Stable for a name and base; the name cannot be read back from it (but
    whoever knows a name can compute it: pseudonymous, not anonymous)."""
    digest = hashlib.sha256(f"course-tui xapi actor\0{base}\0{learner}".encode()).hexdigest()
    return "ct-" + digest[:32]


def actor(learner: str, base: str) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": base, "name": actor_name(learner, base)}}


def registration(record_id: object) -> str:
    """The UUID of a quiz attempt or scenario run (its store id, which is a UUID's hex)."""
    try:
        return str(uuid.UUID(hex=str(record_id)))
    except ValueError:
        return str(uuid.uuid5(STATEMENT_NAMESPACE, f"record:{record_id}"))


def statement_id(statement: Statement) -> str:
    """UUID v5 of the statement without the parts an LRS does not compare (the verb's
    display and the activities' definitions, xAPI 1.0.3 Data §2.3.1)."""
    core = copy.deepcopy(statement)
    core.pop("id", None)
    core["verb"].pop("display", None)
    core["object"].pop("definition", None)
    for activities in core.get("context", {}).get("contextActivities", {}).values():
        for activity in activities:
            activity.pop("definition", None)
    return str(uuid.uuid5(STATEMENT_NAMESPACE, json.dumps(core, sort_keys=True, ensure_ascii=False)))


def scenario_min_score(scenario: Scenario) -> int:
    """The lowest score any way through *scenario* can end with."""
    if scenario.scoring == "ending":
        return min((n.ending.score for n in scenario.endings if n.ending), default=0)
    low: dict[str, int] = {}

    def walk(nid: str) -> int:
        if nid not in low:
            node = scenario.nodes[nid]
            low[nid] = node.ending.score if node.ending else min(c.score + walk(c.next) for c in node.choices)
        return low[nid]

    return walk(scenario.start)


def _score(raw: float, low: float, high: float) -> dict[str, Any]:
    score: dict[str, Any] = {"raw": raw}
    if low < high and low <= raw <= high:
        score.update(min=low, max=high)
    if high > 0:
        score["scaled"] = round(max(-1.0, min(1.0, raw / high)), 4)
    return score


@dataclass
class Export:
    """The statements of one learner, and how many records could not become statements
    (the course no longer has the lesson/quiz/question, or no time was recorded)."""

    statements: list[Statement] = field(default_factory=list)
    skipped: int = 0


class _Builder:
    def __init__(self, course: Course, learner: str, doc: dict[str, Any], base: str) -> None:
        self.course = course
        self.base = base
        self.langs = course.languages
        self.actor = actor(learner, base)
        self.entry = doc.get("courses", {}).get(course.id, {})
        self.export = Export()
        self.course_activity = self.activity(iri(base, "courses", course.id), "course", course.title, course.description)

    # -- pieces ------------------------------------------------------------------------
    def activity(
        self, activity_id: str, kind: str, name: Text | None, description: Text | None = None, definition: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        if definition is None:
            definition = {"type": ACTIVITY_TYPES[kind]}
            if lang_map(name):
                definition["name"] = lang_map(name)
            if lang_map(description):
                definition["description"] = lang_map(description)
        return {"objectType": "Activity", "id": activity_id, "definition": definition}

    def emit(
        self,
        verb_name: str,
        obj: dict[str, Any],
        when: datetime | None,
        *,
        result: dict[str, Any] | None = None,
        parents: tuple[dict[str, Any], ...] = (),
        registration_id: str | None = None,
        language: str | None = None,
        extensions: dict[str, Any] | None = None,
    ) -> None:
        if when is None:
            self.export.skipped += 1
            return
        context: dict[str, Any] = {"platform": PLATFORM}
        if registration_id:
            context["registration"] = registration_id
        lang = language if language in self.langs else (self.langs[0] if len(self.langs) == 1 else None)
        if lang:
            context["language"] = lang
        activities: dict[str, Any] = {"parent": [copy.deepcopy(parents[0] if parents else self.course_activity)]}
        if parents:
            activities["grouping"] = [copy.deepcopy(a) for a in (*parents[1:], self.course_activity)]
        context["contextActivities"] = activities
        if extensions:
            context["extensions"] = extensions
        statement: Statement = {"actor": self.actor, "verb": verb(verb_name, self.langs), "object": obj}
        if result:
            statement["result"] = result
        statement.update(context=context, timestamp=timestamp(when), version=VERSION)
        self.export.statements.append({"id": statement_id(statement), **statement})

    def ext(self, name: str) -> str:
        return iri(self.base, "xapi", "extensions", name)

    # -- records -----------------------------------------------------------------------
    def lessons(self) -> None:
        records = dict(self.entry.get("lessons", {}))
        for chapter in self.course.chapters:
            lesson, record = chapter.lesson, records.pop(chapter.lesson.id, None)
            if not isinstance(record, dict):
                continue
            lesson_iri = iri(self.base, "courses", self.course.id, "lessons", lesson.id)
            lesson_activity = self.activity(lesson_iri, "lesson", lesson.title)
            visited: dict[str, Any] = record["visited"] if isinstance(record.get("visited"), dict) else {}
            times = [t for t in (parse_time(visited.get(s)) for s in record.get("seen", [])) if t]
            if times:
                self.emit("launched", lesson_activity, min(times))
            sections = {s.id: s for s in lesson.sections}
            for section_id in record.get("seen", []):
                section = sections.get(section_id)
                if section is None:
                    self.export.skipped += 1
                    continue
                obj = self.activity(iri(lesson_iri, "sections", section_id), "section", section.title)
                self.emit("experienced", obj, parse_time(visited.get(section_id)), parents=(lesson_activity,))
            completed = parse_time(record.get("completed"))
            if completed:
                result: dict[str, Any] = {"completion": True}
                if isinstance(record.get("completed_seconds"), (int, float)):
                    result["duration"] = duration(record["completed_seconds"])
                self.emit("completed", lesson_activity, completed, result=result)
        self.export.skipped += len(records)  # lessons the course no longer has

    def attempts(self) -> None:
        quizzes = {q.id: q for q in self.course.quizzes}
        for attempt in self.entry.get("attempts", []):
            quiz = quizzes.get(attempt.get("quiz"))
            if quiz is None:
                self.export.skipped += 1
                continue
            quiz_iri = iri(self.base, "courses", self.course.id, "quizzes", quiz.id)
            quiz_activity = self.activity(quiz_iri, "quiz", quiz.title, quiz.description)
            reg, lang = registration(attempt.get("id")), attempt.get("lang")
            extensions = {self.ext("mode"): attempt.get("mode", "practice")}
            if attempt.get("retry_of"):
                extensions[self.ext("retry-of")] = registration(attempt["retry_of"])
            if is_review(attempt):  # practice of missed questions: never passed or failed
                extensions[self.ext("review-round")] = True
            live = attempt.get("live")
            if isinstance(live, dict) and isinstance(live.get("session"), str):  # a host-paced live quiz: never passed or failed
                extensions[self.ext("live-session")] = live["session"]
            started = parse_time(attempt.get("started"))
            self.emit("attempted", quiz_activity, started, registration_id=reg, language=lang, extensions=extensions)
            answers = attempt.get("answers", {})
            order = [q for q in attempt.get("order", []) if q in answers] + [q for q in answers if q not in attempt.get("order", [])]
            for question_id in order:
                self.answer(quiz, quiz_activity, question_id, answers[question_id], reg, lang)
            finished = parse_time(attempt.get("finished"))
            if finished is None:
                continue
            result: dict[str, Any] = {"completion": True}
            if started and finished >= started:
                result["duration"] = duration((finished - started).total_seconds())
            self.emit("completed", quiz_activity, finished, result=result, registration_id=reg, language=lang, extensions=extensions)
            percent = attempt_percent(attempt)
            success = attempt_passed(quiz, attempt)  # None for a review round (learning.standing)
            if success is not None and percent is not None:
                graded = {"score": _score(round(percent, 2), 0, 100), "success": success, **result}
                self.emit("passed" if success else "failed", quiz_activity, finished, result=graded, registration_id=reg, language=lang, extensions=extensions)

    def answer(self, quiz: Any, quiz_activity: dict[str, Any], question_id: str, saved: Any, reg: str, lang: str | None) -> None:
        try:
            question = quiz.question(question_id)
        except KeyError:
            question = None
        if question is None or not isinstance(saved, dict) or not isinstance(saved.get("score"), (int, float)):
            self.export.skipped += 1
            return
        obj = self.activity(iri(quiz_activity["id"], "questions", question.id), "question", None, definition=interaction_definition(question, self.langs))
        credit = float(saved["score"])
        score = {"scaled": round(max(0.0, min(1.0, credit)), 4)}
        if question.points > 0:
            score.update(raw=round(credit * question.points, 4), min=0, max=question.points)
        result: dict[str, Any] = {"score": score, "success": credit >= 1.0}
        text = interaction_response(question, saved.get("response"))
        if text is not None:
            result["response"] = text
        self.emit("answered", obj, parse_time(saved.get("at")), result=result, parents=(quiz_activity,), registration_id=reg, language=lang)

    def runs(self) -> None:
        scenarios = {s.id: s for s in self.course.scenarios}
        for run in self.entry.get("scenario_runs", []):
            scenario = scenarios.get(run.get("scenario"))
            if scenario is None:
                self.export.skipped += 1
                continue
            obj = self.activity(iri(self.base, "courses", self.course.id, "scenarios", scenario.id), "scenario", scenario.title, scenario.description)
            reg = registration(run.get("id"))
            started, finished = parse_time(run.get("started")), parse_time(run.get("finished"))
            self.emit("attempted", obj, started, registration_id=reg)
            self.choices(scenario, obj, run, reg)
            if finished is None or not run.get("ending"):
                continue
            node = scenario.nodes.get(run["ending"])
            outcome = node.ending.outcome if node is not None and node.ending is not None else None
            result: dict[str, Any] = {"completion": True}
            if isinstance(run.get("score"), (int, float)):
                result["score"] = _score(run["score"], scenario_min_score(scenario), scenario_max_score(scenario))
            if outcome in ("success", "failure"):
                result["success"] = outcome == "success"
            if started and finished >= started:
                result["duration"] = duration((finished - started).total_seconds())
            result["extensions"] = {self.ext("ending"): run["ending"], self.ext("outcome"): outcome, self.ext("path"): list(run.get("path", []))}
            self.emit("completed", obj, finished, result=result, registration_id=reg)

    def choices(self, scenario: Scenario, scenario_activity: dict[str, Any], run: dict[str, Any], reg: str) -> None:
        """One ``answered`` statement per choice of the run: the node as a choice interaction
        (its choices ``choice-1`` … in the written order), the response, the choice's score.
        A choice made before the store kept choice times has no time, and is not stated."""
        path, chosen, times = run.get("path", []), run.get("choices", []), run.get("chosen_at") or []
        for step, index in enumerate(chosen):
            node = scenario.nodes.get(path[step]) if step < len(path) and isinstance(path[step], str) else None
            if node is None or not isinstance(index, int) or not 0 <= index < len(node.choices):
                self.export.skipped += 1
                continue
            definition: dict[str, Any] = {
                "type": ACTIVITY_TYPES["question"],
                "interactionType": "choice",
                "choices": [{"id": f"choice-{i}", "description": lang_map(c.text)} for i, c in enumerate(node.choices, 1)],
            }
            name = lang_map(node.title or node.text, NAME_LIMIT)
            if name:
                definition["name"] = name
            definition["description"] = lang_map(node.text)
            obj = self.activity(iri(scenario_activity["id"], "nodes", node.id), "question", None, definition=definition)
            choice = node.choices[index]
            result: dict[str, Any] = {"response": f"choice-{index + 1}", "extensions": {self.ext("next"): choice.next}}
            if scenario.scoring == "path" or choice.score:
                result["score"] = {"raw": choice.score}
            self.emit("answered", obj, parse_time(times[step]) if step < len(times) else None, result=result, parents=(scenario_activity,), registration_id=reg)


def learner_statements(course: Course, learner: str, doc: dict[str, Any], base: str) -> Export:
    """Every statement *doc* (the learner's store document) yields for *course*, oldest first."""
    builder = _Builder(course, learner, doc, base)
    builder.lessons()
    builder.attempts()
    builder.runs()
    builder.export.statements.sort(key=lambda s: s["timestamp"])  # stable: record order within a time
    return builder.export

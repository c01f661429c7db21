"""course-tui export xapi: what the statements say (verbs, activities, context chain,
interaction patterns and responses, actor, stable ids) and the command's errors.

Schema validation of every statement with a third-party validator is in
tests/test_xapi_validation.py, which reuses :func:`build_store` from here.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
from coursekit import write_course

from course_tui.cli import main
from course_tui.course.loader import load_course
from course_tui.learning.progress import Learner
from course_tui.learning.quizrun import QuizRun
from course_tui.learning.scenariorun import ScenarioRun
from course_tui.learning.store import Store
from course_tui.learning.xapi import actor_name, learner_statements
from course_tui.learning.xapi_vocab import duration

BASE = "https://lrs.example.com/pmo"
COURSE_IRI = f"{BASE}/courses/t"
QUIZ_IRI = f"{COURSE_IRI}/quizzes/intro-quiz"
RIGHT = {"q-single": "a", "q-multi": ["a", "c"], "q-tf": True, "q-short": "PMO", "q-order": [0, 1, 2], "q-match": {0: 0, 1: 1}}
WRONG = {"q-single": "b", "q-multi": ["a", "b"], "q-tf": False, "q-short": "pmo office", "q-order": [1, 0, 2], "q-match": {0: 1, 1: 2}}


def answer(run: QuizRun, responses: dict) -> None:
    for q in run.questions:
        run.submit(q, responses[q.id])


def build_store(root: Path) -> tuple[Path, Path]:
    """A course and a store with two learners who did a bit of everything:

    小王 read both lessons (one completed with reading time), failed a practice attempt
    (every type answered, some wrong), passed the retry of the missed questions, passed an
    exam, left a second exam half done, reached a good and a bad scenario ending and
    abandoned a third run; Ada read one section and passed an exam.
    """
    course_dir = write_course(root / "course")
    course = load_course(course_dir).course
    store = Store(root / "store")
    quiz, scenario = course.quiz("intro-quiz"), course.scenario("intro-scenario")

    wang = Learner(store, "小王", course.id)
    wang.visit_section("intro", "one", last=False, seconds=0)
    wang.visit_section("intro", "two", last=True, seconds=42)
    wang.visit_section("next", "only", last=True, seconds=5)
    practice = QuizRun.start(course, quiz, wang, "zh", seed=3)
    answer(practice, {**RIGHT, **{k: WRONG[k] for k in ("q-single", "q-multi", "q-order", "q-match")}})
    assert not practice.finish().passed
    retry = practice.retry_missed(seed=4)
    answer(retry, RIGHT)
    assert not retry.finish().passed  # a review round passes nothing
    exam = QuizRun.start(course, quiz, wang, "en", exam=True, seed=5)
    answer(exam, RIGHT)
    assert exam.finish().passed
    left = QuizRun.start(course, quiz, wang, "en", exam=True, seed=6)
    for q in left.questions[:2]:
        left.submit(q, WRONG[q.id])
    good = ScenarioRun.start(scenario, wang)
    good.choose(0)
    good.choose(0)
    bad = ScenarioRun.start(scenario, wang)
    bad.choose(1)
    ScenarioRun.start(scenario, wang).choose(0)  # abandoned halfway

    ada = Learner(store, "Ada", course.id)
    ada.visit_section("intro", "one", last=False, seconds=12)
    answer(ada_exam := QuizRun.start(course, quiz, ada, "en", exam=True, seed=7), RIGHT)
    ada_exam.finish()
    return course_dir, store.folder


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("xapi"))


def export(world, tmp_path, *extra: str) -> list[dict]:
    course_dir, store_dir = world
    out = tmp_path / "statements.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    code = main(["export", "xapi", "--course", str(course_dir), "--store", str(store_dir), "--base", BASE, "-o", str(out), *extra])
    assert code == 0
    return json.loads(out.read_text(encoding="utf-8"))


def by(statements: list[dict], verb: str, object_id: str | None = None) -> list[dict]:
    return [s for s in statements if s["verb"]["id"] == f"http://adlnet.gov/expapi/verbs/{verb}" and (object_id is None or s["object"]["id"] == object_id)]


def test_every_kind_of_record_becomes_statements(world, tmp_path, capsys):
    statements = export(world, tmp_path)
    wang = {"objectType": "Agent", "account": {"homePage": BASE, "name": actor_name("小王", BASE)}}
    mine = [s for s in statements if s["actor"] == wang]
    verbs = sorted({s["verb"]["id"].rsplit("/", 1)[1] for s in mine})
    assert verbs == ["answered", "attempted", "completed", "experienced", "failed", "launched", "passed"]
    # lessons: two launched, three sections experienced, two completed
    assert len(by(mine, "launched")) == 2 and len(by(mine, "experienced")) == 3
    done = by(mine, "completed", f"{COURSE_IRI}/lessons/intro")
    assert [s["result"] for s in done] == [{"completion": True, "duration": "PT42S"}]
    # quizzes: 4 attempts; 6 + 4 (retry) + 6 + 2 (left halfway) answers; 3 finished
    assert len(by(mine, "attempted", QUIZ_IRI)) == 4
    assert len([s for s in by(mine, "answered") if s["object"]["id"].startswith(QUIZ_IRI + "/")]) == 18
    assert len(by(mine, "completed", QUIZ_IRI)) == 3
    assert [s["result"]["score"] for s in by(mine, "failed")] == [{"raw": 38.89, "min": 0, "max": 100, "scaled": 0.3889}]  # (0+0+1+1+1/3+0)/6
    assert len(by(mine, "passed")) == 1  # the exam; the review round of missed questions is neither passed nor failed
    # scenarios: three runs attempted, two completed (good and bad ending)
    scenario_iri = f"{COURSE_IRI}/scenarios/intro-scenario"
    assert len(by(mine, "attempted", scenario_iri)) == 3
    endings = {s["result"]["extensions"][f"{BASE}/xapi/extensions/ending"]: s["result"] for s in by(mine, "completed", scenario_iri)}
    assert set(endings) == {"good", "bad"}
    assert endings["good"]["score"] == {"raw": 8, "min": 0, "max": 8, "scaled": 1.0} and endings["good"]["success"] is True
    assert endings["bad"]["success"] is False and endings["bad"]["score"]["raw"] == 0
    assert endings["good"]["extensions"][f"{BASE}/xapi/extensions/path"] == ["s", "m", "good"]
    assert len(statements) - len(mine) == 1 + 1 + 1 + 6 + 1 + 1  # Ada: launched, experienced, attempted, 6 answered, completed, passed
    err = capsys.readouterr().err
    assert f"{len(statements)} xAPI statement(s) for 2 learner(s) of t" in err
    assert f"小王 → account {actor_name('小王', BASE)}: {len(mine)} statement(s)" in err


def test_statement_ids_are_uuids_unique_and_stable_across_exports(world, tmp_path):
    first = export(world, tmp_path / "a")
    second = export(world, tmp_path / "b")
    assert first == second
    ids = [s["id"] for s in first]
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(i).version == 5 for i in ids)
    # the id does not depend on display texts (verb display, activity definitions)
    from course_tui.learning.xapi import statement_id

    changed = json.loads(json.dumps(first[0]))
    changed["verb"]["display"] = {"en": "something else"}
    changed["object"]["definition"] = {"name": {"en": "renamed"}}
    assert statement_id(changed) == first[0]["id"]


def test_context_chains_question_quiz_course_and_section_lesson_course(world, tmp_path):
    statements = export(world, tmp_path)
    for s in by(statements, "answered"):
        if "/scenarios/" in s["object"]["id"]:
            continue  # a scenario's choices: test_every_scenario_choice_is_an_answered_statement
        activities = s["context"]["contextActivities"]
        assert [a["id"] for a in activities["parent"]] == [QUIZ_IRI]
        assert [a["id"] for a in activities["grouping"]] == [COURSE_IRI]
        assert s["object"]["id"].startswith(QUIZ_IRI + "/questions/")
        assert uuid.UUID(s["context"]["registration"])
    for s in by(statements, "experienced"):
        lesson = s["object"]["id"].split("/sections/")[0]
        assert [a["id"] for a in s["context"]["contextActivities"]["parent"]] == [lesson]
        assert [a["id"] for a in s["context"]["contextActivities"]["grouping"]] == [COURSE_IRI]
    for s in by(statements, "launched") + by(statements, "attempted") + by(statements, "passed"):
        assert [a["id"] for a in s["context"]["contextActivities"]["parent"]] == [COURSE_IRI]
        assert "grouping" not in s["context"]["contextActivities"]
    for s in statements:
        assert s["context"]["platform"] == "course-tui" and s["version"] == "1.0.3"
        assert s["object"]["objectType"] == "Activity"
    # answers of one attempt share the attempt's registration, with the attempt's statements
    attempt = by(statements, "failed")[0]["context"]["registration"]
    assert len([s for s in statements if s["context"].get("registration") == attempt]) == 1 + 6 + 2


def test_interactions_per_question_type(world, tmp_path):
    statements = export(world, tmp_path)
    failed = by(statements, "failed")[0]["context"]["registration"]
    answers = {s["object"]["id"].rsplit("/", 1)[1]: s for s in by(statements, "answered") if s["context"]["registration"] == failed}
    definitions = {q: s["object"]["definition"] for q, s in answers.items()}
    assert {q: d["interactionType"] for q, d in definitions.items()} == {
        "q-single": "choice",
        "q-multi": "choice",
        "q-tf": "true-false",
        "q-short": "fill-in",
        "q-order": "sequencing",
        "q-match": "matching",
    }
    assert {q: d["correctResponsesPattern"] for q, d in definitions.items()} == {
        "q-single": ["a"],
        "q-multi": ["a[,]c"],
        "q-tf": ["true"],
        "q-short": ["{case_matters=false}PMO", "{case_matters=false}项目管理办公室"],
        "q-order": ["item-1[,]item-2[,]item-3"],
        "q-match": ["left-1[.]right-1[,]left-2[.]right-2"],
    }
    assert definitions["q-single"]["choices"] == [
        {"id": "a", "description": {"zh": "甲", "en": "A"}},
        {"id": "b", "description": {"zh": "乙", "en": "B"}},
    ]
    assert [c["id"] for c in definitions["q-order"]["choices"]] == ["item-1", "item-2", "item-3"]
    assert definitions["q-order"]["choices"][0]["description"] == {"zh": "一", "en": "one"}
    assert [c["id"] for c in definitions["q-match"]["source"]] == ["left-1", "left-2"]
    assert [c["id"] for c in definitions["q-match"]["target"]] == ["right-1", "right-2", "right-3"]  # right-3: the distractor
    assert all(d["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction" for d in definitions.values())
    assert definitions["q-single"]["name"] == {"zh": "选一个", "en": "Pick one"}
    results = {q: s["result"] for q, s in answers.items()}
    assert {q: r["response"] for q, r in results.items()} == {
        "q-single": "b",
        "q-multi": "a[,]b",
        "q-tf": "true",
        "q-short": "PMO",
        "q-order": "item-2[,]item-1[,]item-3",
        "q-match": "left-1[.]right-2[,]left-2[.]right-3",
    }
    assert {q: r["success"] for q, r in results.items()} == {
        "q-single": False,
        "q-multi": False,
        "q-tf": True,
        "q-short": True,
        "q-order": False,
        "q-match": False,
    }
    assert results["q-order"]["score"] == {"scaled": 0.3333, "raw": 0.3333, "min": 0, "max": 1}
    assert results["q-tf"]["score"] == {"scaled": 1.0, "raw": 1.0, "min": 0, "max": 1}


def test_actor_is_an_opaque_account_and_the_name_never_appears(world, tmp_path):
    statements = export(world, tmp_path)
    text = json.dumps(statements, ensure_ascii=False)
    assert "小王" not in text and "Ada" not in text
    names = {s["actor"]["account"]["name"] for s in statements}
    assert names == {actor_name("小王", BASE), actor_name("Ada", BASE)}
    assert all(re.fullmatch(r"ct-[0-9a-f]{32}", n) for n in names)
    assert all(s["actor"]["account"]["homePage"] == BASE and "name" not in s["actor"] for s in statements)
    assert actor_name("小王", BASE) != actor_name("小王", "https://other.example")


def test_languages_display_maps_and_timestamps(world, tmp_path):
    statements = export(world, tmp_path)
    assert by(statements, "answered")[0]["verb"]["display"] == {"zh": "回答了", "en": "answered"}
    assert by(statements, "launched")[0]["object"]["definition"]["name"] == {"zh": "入门", "en": "Intro"}
    failed = by(statements, "failed")[0]
    assert failed["context"]["language"] == "zh"  # the practice attempt was taken in Chinese
    assert {s["context"]["language"] for s in by(statements, "passed")} == {"en"}
    assert all("language" not in s["context"] for s in by(statements, "experienced"))  # not recorded for reading
    for s in statements:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z", s["timestamp"]), s["timestamp"]
    assert [s["timestamp"] for s in statements if s["actor"]["account"]["name"] == actor_name("小王", BASE)] == sorted(
        s["timestamp"] for s in statements if s["actor"]["account"]["name"] == actor_name("小王", BASE)
    )
    assert all(re.fullmatch(r"PT(\d+H)?(\d+M)?(\d+(\.\d+)?S)?", s["result"]["duration"]) for s in statements if "duration" in s.get("result", {}))


def test_one_learner_base_from_environment_and_standard_output(world, tmp_path, monkeypatch, capsys):
    course_dir, store_dir = world
    monkeypatch.setenv("COURSE_TUI_XAPI_BASE", "https://env.example.org/lrs/")
    assert main(["export", "xapi", "--course", str(course_dir), "--store", str(store_dir), "--learner", "Ada"]) == 0
    statements = json.loads(capsys.readouterr().out)
    assert len(statements) == 11
    assert {s["actor"]["account"]["homePage"] for s in statements} == {"https://env.example.org/lrs"}
    assert all(s["object"]["id"].startswith("https://env.example.org/lrs/courses/t") for s in statements)


def test_a_single_language_course_states_its_language(tmp_path):
    course_dir = write_course(tmp_path / "c", {"course.yaml": "id: t\ntitle: Test\nlanguages: [en]\npass_mark: 60\nchapters: [intro, next]\n"})
    for name in ("lessons/intro.zh.md", "lessons/next.zh.md"):
        (course_dir / name).unlink()
    quiz_file = course_dir / "quizzes/quiz.yaml"
    quiz_file.write_text(re.sub(r"\{zh: [^,]+, en: ([^}]+)\}", r"\1", quiz_file.read_text(encoding="utf-8")), encoding="utf-8")
    (course_dir / "quizzes/scenario.yaml").unlink()
    loaded = load_course(course_dir)
    assert loaded.course is not None, [f.format() for f in loaded.findings]
    learner = Learner(Store(tmp_path / "s"), "Bo", "t")
    learner.visit_section("intro", "one", last=False)
    statements = learner_statements(loaded.course, "Bo", learner.doc, BASE).statements
    assert [s["context"]["language"] for s in statements] == ["en", "en"]
    assert statements[0]["verb"]["display"] == {"en": "launched"}


def test_records_without_times_or_no_longer_in_the_course_are_skipped_and_counted(world):
    course = load_course(world[0]).course
    doc = {
        "courses": {
            "t": {
                "lessons": {
                    "intro": {"section": "two", "seen": ["one", "two", "gone"], "completed": "2024-03-01T10:00:00+00:00", "seconds": 30},
                    "removed-lesson": {"section": "x", "seen": ["x"], "completed": None, "seconds": 1},
                },
                "attempts": [{"id": "not-hex", "quiz": "removed-quiz", "started": "2024-03-01T10:00:00+00:00", "answers": {}}],
                "scenario_runs": [],
            }
        }
    }
    export_ = learner_statements(course, "legacy", doc, BASE)
    # no visit times (older store): no launched/experienced; the completion has no duration
    assert [(s["verb"]["id"].rsplit("/", 1)[1], s.get("result")) for s in export_.statements] == [("completed", {"completion": True})]
    assert export_.skipped == 2 + 1 + 1 + 1  # two sections without a time, a removed section, lesson and quiz


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "PT0S"), (0.004, "PT0S"), (42, "PT42S"), (60, "PT1M"), (3723.456, "PT1H2M3.46S"), (7200, "PT2H"), (90.5, "PT1M30.5S")],
)
def test_iso_8601_durations(seconds, text):
    assert duration(seconds) == text


def test_unknown_learner_is_one_line_listing_the_learners(world, capsys):
    course_dir, store_dir = world
    code = main(["export", "xapi", "--course", str(course_dir), "--store", str(store_dir), "--learner", "Nobody"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip().count("\n") == 0
    assert err.startswith("course-tui: error: no learner 'Nobody' in the store ") and err.rstrip().endswith("(learners: Ada, 小王)")


def test_invalid_course_unwritable_output_and_bad_base_are_one_line(world, tmp_path, capsys):
    course_dir, store_dir = world
    broken = write_course(tmp_path / "broken", {"course.yaml": "id: t\ntitle: x\nlanguages: [en]\npass_mark: lots\nchapters: [intro]\n"})
    cases = [
        (["--course", str(broken)], 1, "has errors; run `course-tui validate"),
        (["--course", str(tmp_path / "missing")], 2, "course folder not found"),
        (["--course", str(course_dir), "-o", str(tmp_path / "no" / "such" / "dir.json")], 1, "cannot write"),
        (["--course", str(course_dir), "-o", str(tmp_path)], 1, "cannot write"),
        (["--course", str(course_dir), "--base", "lrs.example.com"], 2, "absolute http(s) IRI"),
    ]
    for extra, code, text in cases:
        assert main(["export", "xapi", "--store", str(store_dir), *extra]) == code
        err = capsys.readouterr().err
        assert err.startswith("course-tui: error: ") and text in err and err.strip().count("\n") == 0, err


def test_empty_store_exports_an_empty_array(tmp_path, capsys):
    course_dir = write_course(tmp_path / "c")
    assert main(["export", "xapi", "--course", str(course_dir), "--store", str(tmp_path / "none")]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == []
    assert "0 xAPI statement(s) for 0 learner(s)" in captured.err


def test_a_base_iri_with_control_characters_is_refused():
    from course_tui.learning.xapi_vocab import BaseError, check_base

    with pytest.raises(BaseError) as caught:
        check_base("https://lrs.example.com/\x1b]2;T\x07")
    assert "\x1b" not in str(caught.value) and "␛" in str(caught.value)
    assert check_base("https://lrs.example.com/pmo/") == "https://lrs.example.com/pmo"


def test_every_scenario_choice_is_an_answered_statement(world, tmp_path):
    statements = export(world, tmp_path)
    scenario_iri = f"{COURSE_IRI}/scenarios/intro-scenario"
    wang = actor_name("小王", BASE)
    choices = [s for s in by(statements, "answered") if s["object"]["id"].startswith(scenario_iri + "/nodes/") and s["actor"]["account"]["name"] == wang]
    # good run: s → m → good; bad run: s → bad; abandoned: s → m
    assert [(s["object"]["id"].rsplit("/", 1)[1], s["result"]["response"], s["result"]["score"]["raw"]) for s in choices] == [
        ("s", "choice-1", 2),
        ("m", "choice-1", 1),
        ("s", "choice-2", 0),
        ("s", "choice-1", 2),
    ]
    first = choices[0]
    definition = first["object"]["definition"]
    assert definition["interactionType"] == "choice" and [c["id"] for c in definition["choices"]] == ["choice-1", "choice-2"]
    assert definition["choices"][0]["description"] == {"zh": "好", "en": "Good"}
    assert first["result"]["extensions"] == {f"{BASE}/xapi/extensions/next": "m"}
    assert [a["id"] for a in first["context"]["contextActivities"]["parent"]] == [scenario_iri]
    attempted = [s for s in by(statements, "attempted", scenario_iri) if s["actor"]["account"]["name"] == wang]
    assert first["context"]["registration"] == attempted[0]["context"]["registration"]
    assert first["timestamp"] >= attempted[0]["timestamp"]


def test_a_choice_saved_without_its_time_is_not_stated(world, tmp_path):
    course_dir, store_dir = world
    course = load_course(course_dir).course
    doc = Store(store_dir).read("小王")
    for run in doc["courses"]["t"]["scenario_runs"]:
        run.pop("chosen_at", None)  # a run saved before choice times were kept
    export = learner_statements(course, "小王", doc, BASE)
    assert not [s for s in export.statements if "/nodes/" in s["object"]["id"]]
    assert export.skipped >= 4

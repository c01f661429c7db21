"""Answer-position figures: how far a course can be passed by position alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_tui.course.findings import Report
from course_tui.course.guessability import best_key, check_guessable, choice_walk, figures, reaches_best
from course_tui.course.loader import load_course
from coursekit import BASE, write_course

BUNDLED = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bundled():
    course = load_course(BUNDLED).course
    assert course is not None
    return course


def _report(figs):
    print()
    for line in figs.lines():
        print("  " + line)


def test_bundled_scenarios_are_not_won_by_position(bundled):
    figs = figures(bundled.quizzes, bundled.scenarios)
    _report(figs)
    assert figs.scenario_first.total == 7
    assert figs.scenario_first.hits <= 2, figs.scenario_first.where  # the target after the rewrite of the bundled scenarios
    assert figs.scenario_last.hits <= 2, figs.scenario_last.where  # reordering did not just move the trick
    for scenario in bundled.scenarios:  # the best ending is still reachable, by some other order
        assert any(n.ending.outcome == "success" for n in scenario.endings)


def test_bundled_quizzes_meet_the_issue_13_position_targets(bundled):
    figs = figures(bundled.quizzes, bundled.scenarios)
    _report(figs)
    assert figs.single_first.ratio <= 0.40, str(figs.single_first)
    assert 0.35 <= figs.true_answers.ratio <= 0.65, str(figs.true_answers)
    assert figs.multiple_first_k.ratio <= 0.50, str(figs.multiple_first_k)


def test_figures_of_the_small_course(tmp_path):
    course = load_course(write_course(tmp_path)).course
    figs = figures(course.quizzes, course.scenarios)
    assert (figs.single_first.hits, figs.single_first.total) == (1, 1)  # answer a, the first option
    assert (figs.true_answers.hits, figs.true_answers.total) == (1, 1)
    assert (figs.multiple_first_k.hits, figs.multiple_first_k.total) == (0, 1)  # [a, c] is not the first two
    # path scoring: s →(2) m →(1) good(5) = 8 is the best total, and choice 1 takes it
    scenario = course.scenario("intro-scenario")
    assert choice_walk(scenario, lambda n: 0) == (["s", "m", "good"], 3)
    assert reaches_best(scenario, lambda n: 0) and not reaches_best(scenario, lambda n: n - 1)
    assert figs.scenario_first.where == ("intro-scenario",)


def test_a_loop_never_reaches_the_best_ending(tmp_path):
    scenario = (
        BASE["quizzes/scenario.yaml"]
        .replace("scoring: path\n", "")
        .replace(
            "      - {text: {zh: 继续, en: Go on}, next: good, score: 1}\n",
            "      - {text: {zh: 回, en: Back}, next: s}\n      - {text: {zh: 继续, en: Go on}, next: good, score: 1}\n",
        )
    )
    course = load_course(write_course(tmp_path, {"quizzes/scenario.yaml": scenario})).course
    s = course.scenario("intro-scenario")
    assert choice_walk(s, lambda n: 0)[0] == ["s", "m", "s"]
    assert not reaches_best(s, lambda n: 0)


def _single(i, answer="a"):
    return f"""  - id: g{i}
    type: single
    prompt: {{zh: 题{i}, en: Q{i}}}
    options:
      - {{id: a, text: {{zh: 甲, en: A}}}}
      - {{id: b, text: {{zh: 乙, en: B}}}}
    answer: {answer}
"""


def _tf(i, answer):
    return f"  - id: t{i}\n    type: true_false\n    prompt: {{zh: 判断{i}, en: S{i}}}\n    answer: {str(answer).lower()}\n"


def _multi(i, answer):
    return f"""  - id: m{i}
    type: multiple
    prompt: {{zh: 多选{i}, en: M{i}}}
    options:
      - {{id: a, text: {{zh: 甲, en: A}}}}
      - {{id: b, text: {{zh: 乙, en: B}}}}
      - {{id: c, text: {{zh: 丙, en: C}}}}
    answer: [{answer}]
"""


def _quiz(body, shuffle=""):
    return f"type: quiz\nid: extra\nchapter: next\ntitle: {{zh: 额外, en: Extra}}\n{shuffle}questions:\n{body}"


def _warnings(tmp_path, body, shuffle="shuffle: false\n"):
    result = load_course(write_course(tmp_path, {"quizzes/extra.yaml": _quiz(body, shuffle)}))
    assert result.course is not None, [f.format() for f in result.findings]
    return [f for f in result.findings if f.code == "guessable-by-position"]


def test_validate_warns_when_single_choice_answers_sit_first(tmp_path):
    found = _warnings(tmp_path, "".join(_single(i) for i in range(5)))
    assert len(found) == 1
    f = found[0]
    assert f.severity == "warning" and f.path == "quizzes/extra.yaml" and f.line == 7  # its first such question
    assert "5/5" in f.message and "single-choice" in f.message  # quiz.yaml's are shuffled (the default): not counted


def test_no_warning_when_positions_are_spread(tmp_path):
    body = "".join(_single(i, "ab"[i % 2]) for i in range(6)) + "".join(_tf(i, bool(i % 2)) for i in range(6))
    body += "".join(_multi(i, ["a, b", "b, c", "a, c"][i % 3]) for i in range(6))
    assert _warnings(tmp_path, body) == []


def test_validate_warns_on_true_false_far_from_half(tmp_path):
    found = _warnings(tmp_path, "".join(_tf(i, False) for i in range(6)))
    assert len(found) == 1 and "1/7" in found[0].message and found[0].path == "course.yaml"
    found = _warnings(tmp_path, "".join(_tf(i, True) for i in range(6)))
    assert len(found) == 1 and "7/7" in found[0].message and found[0].path == "quizzes/extra.yaml"


def test_validate_warns_on_first_k_multiple_choice(tmp_path):
    found = _warnings(tmp_path, "".join(_multi(i, "a, b") for i in range(5)))
    assert len(found) == 1 and "5/5" in found[0].message and "multiple-choice" in found[0].message


def test_question_shuffle_false_counts_its_authored_order(tmp_path):
    body = "".join(_single(i).replace("    answer: a\n", "    answer: a\n    shuffle: false\n") for i in range(5))
    found = _warnings(tmp_path, body, shuffle="")
    assert len(found) == 1 and "5/5" in found[0].message
    assert _warnings(tmp_path, "".join(_single(i) for i in range(5)), shuffle="") == []


def test_shuffled_options_are_not_guessable_by_position(tmp_path):
    assert _warnings(tmp_path, "".join(_single(i) for i in range(6)), shuffle="shuffle: true\n") == []


def test_scenarios_won_by_choice_one_warn_on_the_manifest(bundled, tmp_path):
    report = Report()
    check_guessable((), bundled.scenarios, report, "course.yaml")
    assert report.findings == []  # the bundled scenarios pass
    from course_tui.course.model import Scenario

    def flipped(s: Scenario) -> Scenario:  # every choice list reversed: "last" becomes "first"
        nodes = {k: n.__class__(n.id, n.text, n.title, n.choices[::-1], n.ending, n.assumes) for k, n in s.nodes.items()}
        return Scenario(s.id, s.title, s.chapter, s.scoring, s.start, nodes, s.description, s.file)

    check_guessable((), [flipped(s) for s in bundled.scenarios], report, "course.yaml")
    assert report.findings == []
    small = load_course(write_course(tmp_path)).course.scenario("intro-scenario")  # choice 1 wins it
    check_guessable((), [small, small, flipped(small)], report, "course.yaml")
    assert [(f.path, f.line, f.code, f.severity) for f in report.findings] == [("course.yaml", 1, "guessable-by-position", "warning")]
    assert "choice 1" in report.findings[0].message and "2/3" in report.findings[0].message


def _chain_scenario(length: int) -> str:
    """A ``scoring: path`` scenario that is one chain of *length* small nodes, then an ending."""
    lines = ["type: scenario", "id: intro-scenario", "chapter: intro", "title: {zh: 情景, en: Scenario}", "scoring: path", "start: n0", "nodes:"]
    for i in range(length):
        lines += [f"  - id: n{i}", "    text: {zh: 文, en: T}", "    choices:", f"      - {{text: {{zh: 走, en: Go}}, next: n{i + 1}, score: 1}}"]
    lines += [
        f"  - id: n{length}",
        "    text: {zh: 完, en: End}",
        "    ending: {outcome: success, score: 5, title: {zh: 好, en: Good}, debrief: {zh: 说明, en: Debrief}}",
    ]
    return "\n".join(lines) + "\n"


def test_a_path_scored_scenario_of_3000_nodes_validates_without_recursion_error(tmp_path):
    # once: best_key recursed once per node, so a long chain raised RecursionError out of
    # the loader ("internal error" in validate and at the app's start)
    result = load_course(write_course(tmp_path, {"quizzes/scenario.yaml": _chain_scenario(3000)}))
    assert result.course is not None, [f.format() for f in result.findings]
    assert [f for f in result.findings if f.severity == "error"] == []
    scenario = result.course.scenario("intro-scenario")
    assert best_key(scenario) == (3000 + 5, 2)  # every choice scores 1, the ending 5
    figs = figures((), [scenario])
    assert figs.scenario_first.hits == 1 and figs.scenario_last.hits == 1  # the only path is the best

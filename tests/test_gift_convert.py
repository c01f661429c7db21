"""GIFT constructs one by one: how each converts, and the warning for what cannot be carried."""

from __future__ import annotations

import yaml

from course_tui.course.gift import import_gift


def imp(text: str, quiz_id: str = "q"):
    result = import_gift(text, "t.gift", quiz_id)
    data = yaml.safe_load(result.yaml)
    return data, [w.format("t.gift") for w in result.warnings], result


def test_one_right_option_is_single_with_feedback_and_general_feedback():
    data, warnings, _ = imp("::Tomb::Who? {\n~Grant#No.\n=no one#Yes!\n####Nobody is buried there.}")
    (q,) = data["questions"]
    assert q == {
        "id": "q-tomb",
        "type": "single",
        "prompt": "Who?",
        "options": [{"id": "a", "text": "Grant", "feedback": "No."}, {"id": "b", "text": "no one", "feedback": "Yes!"}],
        "answer": "b",
        "explanation": "Nobody is buried there.",
    }
    assert warnings == []


def test_weights_map_to_multiple_and_unequal_weights_are_reported():
    data, warnings, _ = imp("Pick {~%50%a ~%50%b ~%-50%c}\n\nPick {~%50%a ~%50%b ~%-100%c ~d}")
    first, second = data["questions"]
    assert first["type"] == "multiple" and first["answer"] == ["a", "b"]
    assert second["answer"] == ["a", "b"]
    assert warnings == [
        (
            "t.gift:3: warning: Moodle weights ('a' 50%, 'b' 50%, 'c' -100%, 'd' 0%) are replaced by this app's rule: "
            "each right option earns 1/2, each wrong one chosen takes 1/2 off"
        )
    ]


def test_partial_credit_and_several_equals_are_reported():
    data, warnings, _ = imp("Q1 {=a ~%50%b ~c}\n\nQ2 {=a =b ~c}\n\nQ3 {~a ~b}")
    q1, q2 = data["questions"]
    assert q1["type"] == "single" and q1["answer"] == "a"
    assert q2["type"] == "multiple" and q2["answer"] == ["a", "b"]
    assert warnings == [
        "t.gift:1: warning: partial credit is not kept: 'b' (50%) count as wrong answers here",
        "t.gift:3: warning: 2 options are marked '=' (in Moodle any one of them earns full credit); imported as a multiple-answer question: learners must choose all of them",
        "t.gift:5: warning: no option has a positive weight, so none is right; question skipped",
    ]


def test_true_false_feedback_follows_moodle_wrong_then_right():
    data, _, _ = imp("A {TRUE#shown for false#shown for true}\n\nB {F#shown for true#shown for false####General}")
    a, b = data["questions"]
    assert (a["answer"], a["feedback_true"], a["feedback_false"]) == (True, "shown for true", "shown for false")
    assert (b["answer"], b["feedback_true"], b["feedback_false"], b["explanation"]) == (False, "shown for true", "shown for false", "General")


def test_short_answer_weights_wildcards_and_feedback():
    text = "Animal? {\n=Frog#Good!\n=%50%Cat#Hmm\n=%100%Fr*g\n=%100%a\\\\*b\n=%0%*#Completely wrong\n}"
    data, warnings, _ = imp(text)
    (q,) = data["questions"]
    assert q["answer"] == ["Frog", "Fr*g", "a*b"] and q["feedback_wrong"] == "Completely wrong"
    assert warnings == [
        "t.gift:1: warning: feedback on accepted answers is not kept (a short answer here has an explanation and a feedback for wrong answers)",
        "t.gift:3: warning: answer 'Cat' earned 50% in Moodle; only full-credit answers are accepted here, so it is not",
        "t.gift:4: warning: accepted answer 'Fr*g' uses Moodle's * wildcard; here it must be typed as written",
    ]


def test_numerical_answers_keep_numbers_ranges_tolerances_and_feedback():
    data, warnings, _ = imp(
        "Year? {#1822 #Right, 1822.}\n\nPi? {#3.0:0}\n\nRange? {#1..5}\n\nWith catch-all {#\n=42\n~#Not that}\n\n"
        "Tolerance then wrong feedback {#3:2~#Too far}\n\nHalf {#=1822:0 =%50%1822:2#close}"
    )
    year, pi, span, catch, tol, half = data["questions"]
    assert {q["type"] for q in data["questions"]} == {"numerical"}
    assert year["answer"] == [{"value": 1822, "feedback": "Right, 1822."}] and pi["answer"] == [{"value": 3}]
    assert span["answer"] == [{"min": 1, "max": 5}]
    assert catch["answer"] == [{"value": 42}] and catch["feedback_wrong"] == "Not that"
    assert tol["answer"] == [{"value": 3, "tolerance": 2}] and tol["feedback_wrong"] == "Too far"
    assert half["answer"] == [{"value": 1822}]
    assert warnings == ["t.gift:13: warning: the answer 1822±2 earned 50% in Moodle; partial credit is not kept, so it counts as wrong here"]


def test_a_number_too_large_for_a_float_skips_its_question():
    data, warnings, result = imp("Big {#1e400}\n\nRange {#1..1e999}\n\nOK {T}")
    assert [q["prompt"] for q in data["questions"]] == ["OK"] and result.skipped == 2
    assert warnings == [
        "t.gift:1: warning: '1e400' holds a number too large to use; question skipped",
        "t.gift:3: warning: '1..1e999' holds a number too large to use; question skipped",
    ]


def test_tilde_equals_is_read_as_moodle_reads_it_with_a_warning():
    data, warnings, result = imp("::Q::Who? {~=A committee#Yes ~A king#No ~A robot}\n\nMany {~=a ~=b ~c}")
    first, second = data["questions"]
    assert first["type"] == "single" and first["answer"] == "a"
    assert [o["text"] for o in first["options"]] == ["A committee", "A king", "A robot"]
    assert first["options"][0]["feedback"] == "Yes"
    assert second["type"] == "multiple" and second["answer"] == ["a", "b"]
    assert result.skipped == 0
    assert warnings[0] == (
        "t.gift:1: warning: 1 empty answer(s) left out: a '~' with nothing after it (as in '~=right') is dropped, "
        "as Moodle does, and the '=' that follows marks the right answer"
    )


def test_every_skipped_question_is_counted_and_the_header_says_so():
    text = "Two {=a ~b} and {=c ~d}\n\nBad {#abc}\n\nEssay {}\n\nOpen {=a\n\n}\n\nFine {T}\n\nNone right {~a ~b}"
    data, warnings, result = imp(text)
    # the blank line ends "Open {=a": its lone "}" is a second unreadable question
    assert result.converted == 1 and result.skipped == 6
    assert [line for line, _ in result.conversion.skipped] == [1, 3, 5, 7, 9, 13]
    assert "# 1 question(s) converted, 6 skipped;" in result.yaml
    assert sum("skipped" in w or "not imported" in w for w in warnings) == 6


def test_a_blank_before_punctuation_has_no_space():
    data, _, _ = imp("Two plus two equals {=four =4} .\n\nGrant is {=buried} in Grant's tomb.\n\n中文 {=答} 。")
    assert [q["prompt"] for q in data["questions"]] == ["Two plus two equals _____.", "Grant is _____ in Grant's tomb.", "中文 _____。"]


def test_matching_with_distractor_and_duplicates():
    data, warnings, _ = imp("M {=a -> 1 =b -> 2 = -> 3 ####Why}\n\nDup {=a -> 1 =b -> 1}")
    (q,) = data["questions"]
    assert q["pairs"] == [{"left": "a", "right": "1"}, {"left": "b", "right": "2"}] and q["distractors"] == ["3"]
    assert q["explanation"] == "Why"
    assert warnings == ["t.gift:3: warning: two items have the same right-hand text '1'; matching here needs each to be different; question skipped"]


def test_a_description_without_text_is_counted_as_skipped():
    _, warnings, result = imp("::Only a title::\n\nOK? {T}")
    assert (result.converted, result.descriptions, result.skipped) == (1, 0, 1)
    assert warnings == ["t.gift:1: warning: description without text: nothing to show; not imported"]


def test_essay_is_skipped_and_a_description_is_kept():
    data, warnings, result = imp("Tell me. {}\n\n::Passage::Just text.\n\nOK? {T}")
    assert (result.converted, result.descriptions, result.skipped) == (1, 1, 1)
    assert data["questions"][0] == {"id": "q-passage", "type": "description", "text": "Just text."}
    assert "# 1 question(s) and 1 description(s) converted, 1 skipped;" in result.yaml
    assert warnings == [
        "t.gift:1: warning: essay question: its answers need a person to grade them, which this app cannot do; not imported",
    ]


def test_broken_constructs_warn_and_the_rest_converts():
    text = "Open {=a =b\n\n}\n\n::no end title {T}\n\nTwo {T} and {F}\n\nFine {T}\n\nBad weight {~%150%a =b}"
    data, warnings, _ = imp(text)
    assert [q["prompt"] for q in data["questions"]] == ["no end title", "Fine"]
    assert warnings == [
        "t.gift:1: warning: '{' without a closing '}' (a blank line inside the answers ends a GIFT question); question skipped",
        "t.gift:3: warning: '}' without an opening '{'; question skipped",
        "t.gift:5: warning: the title's closing '::' is missing; the text is read without a title",
        "t.gift:7: warning: a second answer block '{…}' in one question (GIFT allows one); question skipped",
        "t.gift:11: warning: answer weight 150% is outside -100%..100%; question skipped",
    ]


def test_ids_titles_tags_and_categories():
    text = (
        "$CATEGORY: $course$/top/Unit 1// Basics\n\n"
        "// [id:moodle-7]\n// [tag:easy] [tag:grant]\n::Same title::A {T}\n\n"
        "::Same title::B {T}\n\n::Même  titre!::C {T}\n\n// [id:not valid]\n::中文::D {T}\n\n"
        "$CATEGORY: $course$/top/Unit 2\n\nE {T}"
    )
    data, warnings, result = imp(text, "unit")
    assert warnings == []
    assert data["title"] == "Unit 1/ Basics"
    assert [q["id"] for q in data["questions"]] == ["moodle-7", "unit-same-title", "unit-meme-titre", "unit-not-valid", "unit-q5"]
    assert "  # GIFT category: $course$/top/Unit 1// Basics\n  # GIFT title: Same title\n  # GIFT tags: easy, grant\n  - id: moodle-7" in result.yaml
    assert "  # GIFT category: $course$/top/Unit 2\n  - id: unit-q5" in result.yaml


def test_every_escape_and_text_format():
    text = r"""::Esc\: all:: A \~ B \= C \# D \{ E \} F \: G \\ H \n I {=\~\=\#\{\}\:\\}

[html]<p>One &lt;two&gt;</p><p>Three</p>{T}

[markdown]**Bold**  \n- item{T}

[plain]Plain *text*{T}"""
    data, warnings, result = imp(text)
    esc, html, md, plain = data["questions"]
    assert esc["id"] == "q-esc-all" and esc["prompt"] == "A ~ B = C # D { E } F : G \\ H \n I"
    assert esc["answer"] == ["~=#{}:\\"]
    assert html["prompt"] == "One <two>\n\nThree"
    assert md["prompt"] == "**Bold**  \n- item"
    assert plain["prompt"] == "Plain *text*"
    assert "# GIFT title: Esc: all" in result.yaml and warnings == []

"""The course file formats, declared once.

These declarations are what ``validate`` checks against and what the JSON Schemas in
``course_tui/course/schemas/`` are generated from (``python -m course_tui.course.formats``
rewrites them; a test keeps them in step). docs/AUTHORING.md explains every field.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from course_tui.course.schema import (
    LANG_RE,
    Bool,
    Enum,
    Field,
    Id,
    Int,
    ListOf,
    Localized,
    Number,
    Obj,
    Str,
    Text,
    Union,
)

SECTION_REF_DOC = "a lesson section, written lesson-id#section-id"
SectionRef = Str(r"^[A-Za-z0-9][A-Za-z0-9_.-]*#[A-Za-z0-9][A-Za-z0-9_.-]*$", f"write {SECTION_REF_DOC}")

SOURCE = Obj(
    [
        Field("title", Str(), "Title of the original work.", required=True),
        Field("author", Str(), "Its author."),
        Field("publisher", Str(), "Where it was published."),
        Field("date", Str(), "When it was published (YYYY-MM-DD)."),
        Field("url", Str(), "Where it can be read."),
        Field("note", Text(), "How this course relates to it (e.g. 'an adaptation for study')."),
    ],
    doc="Attribution of the material the course is based on.",
)

MANIFEST = Obj(
    [
        Field("id", Id(), "Stable id of the course; progress is stored under it.", required=True),
        Field("title", Text(), "Course title.", required=True),
        Field("description", Text(), "One or two sentences shown on the About screen."),
        Field(
            "languages",
            ListOf(Str(LANG_RE.pattern, "use a language code such as zh or en"), min_items=1),
            "Languages the course is written in; the first is the default.",
            required=True,
        ),
        Field("version", Str(), "Version of the course content."),
        Field("pass_mark", Int(0, 100), "Default pass mark of quizzes, in percent.", default=70),
        Field("chapters", ListOf(Id(), min_items=1), "Chapter ids in teaching order; each needs a lesson with that id.", required=True),
        Field("source", SOURCE, "Attribution of the original material."),
        Field("authors", ListOf(Str()), "Who wrote or adapted the course."),
    ],
    title="course-tui course manifest (course.yaml)",
    doc="The manifest of a course folder.",
)

LESSON = Obj(
    [
        Field("id", Id(), "Chapter id this lesson teaches (listed in course.yaml chapters).", required=True),
        Field("title", Str(), "Lesson title in this file's language.", required=True),
        Field("lang", Str(LANG_RE.pattern, "use a language code such as zh or en"), "Language of this file; defaults to the file name's suffix (NAME.zh.md)."),
        Field("objectives", ListOf(Str()), "Learning objectives, one sentence each."),
        Field("minutes", Int(1, 600), "Estimated reading time in minutes."),
    ],
    title="course-tui lesson front matter",
    doc="The YAML block between --- lines at the top of a lesson Markdown file.",
)

OPTION = Obj(
    [
        Field("id", Id(), "Option id, used by `answer` (e.g. a, b, c).", required=True),
        Field("text", Text(), "What the learner sees.", required=True),
        Field("feedback", Text(), "Shown when the learner picks this option: why it is right or wrong."),
    ]
)

PAIR = Obj(
    [
        Field("left", Text(), "Item on the left.", required=True),
        Field("right", Text(), "Its match on the right.", required=True),
    ]
)

QUESTION_ID = Field("id", Id(), "Question id, unique in the course.", required=True)

QUESTION_COMMON = [
    Field("prompt", Text(), "The question (Markdown).", required=True),
    Field("explanation", Text(), "Why the answer is what it is; shown after answering."),
    Field("section", SectionRef, "The lesson section this question tests (lesson-id#section-id)."),
    Field("points", Int(0, 1000), "Weight of the question in the quiz score.", default=1),
    Field("hint", Text(), "A nudge the learner may ask for (key h, practice only); its use is recorded and shown in the summary."),
    Field("tags", ListOf(Id()), "Pools this question belongs to: a quiz's draw can name a tag to draw from."),
]

SHUFFLE_OPTIONS = Field(
    "shuffle",
    Bool(),
    "false keeps this question's options in the written order (for 'all of the above'); otherwise they follow the quiz's shuffle.",
    default=True,
)

NUMBER_RANGE = Obj(
    [
        Field("value", Number(), "The right number (with `tolerance`: the middle of the accepted range)."),
        Field("tolerance", Number(0), "How far from `value` an answer may be and still be right (3 with tolerance 2 accepts 1 to 5).", default=0),
        Field("min", Number(), "The smallest accepted number (with `max`, instead of `value`)."),
        Field("max", Number(), "The largest accepted number (with `min`)."),
        Field("feedback", Text(), "Shown when the learner's number falls in this range."),
    ],
    doc="One accepted number or range: `value` (± `tolerance`), or `min` and `max`.",
)

UNIT = Obj(
    [
        Field("unit", Str(), "The unit as learners type it after the number (m, cm, kg …).", required=True),
        Field("multiplier", Number(), "How many of this unit make one of the first unit (m: 1, cm: 100: 300 cm is read as 3 m).", default=1),
    ]
)

_VARIANTS: dict[str, list[Field]] = {
    "single": [
        Field("options", ListOf(OPTION, min_items=2), "The choices.", required=True),
        Field("answer", Id(), "Id of the one correct option.", required=True, missing_code="no-correct-answer"),
        SHUFFLE_OPTIONS,
    ],
    "multiple": [
        Field("options", ListOf(OPTION, min_items=2), "The choices.", required=True),
        Field("answer", ListOf(Id(), min_items=1), "Ids of every correct option.", required=True, missing_code="no-correct-answer"),
        SHUFFLE_OPTIONS,
    ],
    "true_false": [
        Field("answer", Bool(), "Whether the statement is true.", required=True, missing_code="no-correct-answer"),
        Field("feedback_true", Text(), "Shown when the learner answers 'true'."),
        Field("feedback_false", Text(), "Shown when the learner answers 'false'."),
    ],
    "short": [
        Field(
            "answer",
            Localized(ListOf(Str(), min_items=1), plain_ok=True),
            "Accepted answers (a list, or a list per language). Case, surrounding punctuation and symbols, repeated spaces, and full-width/half-width forms are ignored.",
            required=True,
            missing_code="no-correct-answer",
        ),
        Field(
            "match",
            Enum("exact", "normalized", "contains"),
            "How a typed answer is compared: exact (only surrounding spaces ignored), normalized (case, width, surrounding punctuation and repeated spaces ignored) or contains (an accepted answer, normalized, appears in it).",
            default="normalized",
        ),
        Field("feedback_wrong", Text(), "Shown when the answer is not accepted."),
    ],
    "ordering": [
        Field("items", ListOf(Text(), min_items=2), "The items in their correct order; learners see them shuffled.", required=True),
        Field("feedback_wrong", Text(), "Shown when the order is wrong."),
    ],
    "matching": [
        Field("pairs", ListOf(PAIR, min_items=2), "Left items with their right matches.", required=True),
        Field("distractors", ListOf(Text()), "Extra right-hand items that match nothing."),
        Field(
            "reuse",
            Bool(),
            "true lets one right-hand item be chosen for several left items; by default each is used once, and left items sharing one are all wrong.",
            default=False,
        ),
        Field("feedback_wrong", Text(), "Shown when some match is wrong."),
    ],
    "numerical": [
        Field(
            "answer",
            ListOf(NUMBER_RANGE, min_items=1),
            "The accepted numbers or ranges, each with its optional feedback.",
            required=True,
            missing_code="no-correct-answer",
        ),
        Field(
            "units",
            ListOf(UNIT, min_items=1),
            "Units learners may type after the number; the first is the unit of `answer` (a number typed without a unit is read in it).",
        ),
        Field("feedback_wrong", Text(), "Shown when the number is not in any accepted range."),
    ],
}

QUESTION = Union(
    "type",
    [QUESTION_ID],
    {kind: QUESTION_COMMON + fields for kind, fields in _VARIANTS.items()}
    | {
        "description": [
            Field("text", Text(), "The passage (Markdown), shown with the questions after it up to the next description; nothing to answer.", required=True),
        ]
    },
    doc="One question, or a description between questions; `type` selects the fields that apply.",
)

ITEM_COMMON = [
    Field("id", Id(), "Id of the quiz or scenario, unique in the course.", required=True),
    Field("title", Text(), "Title shown in menus.", required=True),
    Field("chapter", Id(), "Chapter it belongs to; leave out for a course-level exam."),
    Field("description", Text(), "Shown before it starts."),
]

DRAW = Obj(
    [
        Field("from", ListOf(Id(), min_items=1), "Tags, or ids of other quizzes, whose questions make the pool.", required=True),
        Field("count", Int(1, 1000), "How many questions each attempt draws from the pool.", required=True),
    ],
    doc="Random questions per attempt (as Moodle's random questions).",
)

BAND = Obj(
    [
        Field("min", Int(0, 100), "The lowest score (percent) this feedback is for.", required=True),
        Field("text", Text(), "The feedback (Markdown).", required=True),
    ]
)

QUIZ_FIELDS = [
    Field("mode", Enum("practice", "exam"), "practice: feedback after each answer; exam: feedback at the end, options shuffled.", default="practice"),
    Field("pass_mark", Int(0, 100), "Pass mark in percent; defaults to the course's."),
    Field("time_limit", Int(1, 1440), "Time limit in minutes (exam mode)."),
    Field("shuffle", Bool(), "Shuffle the options of choice questions per attempt (stored with the attempt); false keeps the written order.", default=True),
    Field("attempts", Int(1, 1000), "Most graded attempts a learner may make (review rounds of missed questions do not count); no limit when left out."),
    Field(
        "grading",
        Enum("highest", "last", "first", "average"),
        "Which graded attempts make the quiz's score: the highest, the last, the first, or the average of all.",
        default="highest",
    ),
    Field("questions", ListOf(QUESTION, min_items=1), "The quiz's own questions, asked in every attempt (required unless the quiz has a draw)."),
    Field("draw", DRAW, "Draw questions for each attempt from a pool (tags or quiz ids); the drawn set is kept with the attempt."),
    Field(
        "feedback", ListOf(BAND, min_items=1), "Overall feedback on the result page by score band: the band with the highest min the score reaches is shown."
    ),
]

CHOICE = Obj(
    [
        Field("text", Text(), "What the learner can do.", required=True),
        Field("next", Id(), "Id of the node this choice leads to.", required=True),
        Field("feedback", Text(), "The consequence, shown after choosing."),
        Field("score", Int(-1000, 1000), "Points for this choice (counted when scoring is 'path').", default=0),
    ]
)

ENDING = Obj(
    [
        Field("outcome", Enum("success", "partial", "failure"), "How well this ending went.", required=True),
        Field("title", Text(), "The verdict, in a few words.", required=True),
        Field("debrief", Text(), "What happened and which lesson ideas were at stake.", required=True),
        Field("score", Int(-1000, 1000), "Points for reaching this ending.", default=0),
        Field("sections", ListOf(SectionRef), "Lesson sections the debrief refers to."),
    ]
)

ASSUMES = Obj(
    [
        Field("visited", ListOf(Id()), "Node ids every path to this node has passed through."),
        Field("not_visited", ListOf(Id()), "Node ids no path to this node has passed through."),
    ],
    doc="What this node's text takes for granted about the path that led to it; validate walks every path from the start and reports a path that breaks it (ending-assumption).",
)

NODE = Obj(
    [
        Field("id", Id(), "Node id, unique in the scenario.", required=True),
        Field("text", Text(), "The situation (Markdown).", required=True),
        Field("title", Text(), "Short name of this step, used in the breadcrumb."),
        Field("choices", ListOf(CHOICE, min_items=1), "The decisions offered (a decision node)."),
        Field("ending", ENDING, "Makes this node an ending."),
        Field("assumes", ASSUMES, "What the text (or the ending's debrief) assumes about the path that led here."),
        Field(
            "shuffle", Bool(), "false shows this node's choices in the written order; otherwise each run shows them in its own shuffled order.", default=True
        ),
    ]
)

SCENARIO_FIELDS = [
    Field("scoring", Enum("ending", "path"), "ending: the ending's score counts; path: choices' scores along the path plus the ending's.", default="ending"),
    Field("start", Id(), "Id of the first node.", required=True),
    Field("nodes", ListOf(NODE, min_items=2), "The nodes of the scenario graph.", required=True),
    Field(
        "shuffle",
        Bool(),
        "false shows every node's choices in the written order; by default each run shuffles them (the order is kept for the run).",
        default=True,
    ),
]

ITEM = Union(
    "type",
    ITEM_COMMON,
    {"quiz": QUIZ_FIELDS, "scenario": SCENARIO_FIELDS},
    title="course-tui quiz or scenario",
    doc="A file in quizzes/: a quiz (type: quiz) or a branching scenario (type: scenario).",
)

QUIZ = Obj(
    [Field("type", Enum("quiz"), "Always quiz.", required=True)] + ITEM_COMMON + QUIZ_FIELDS,
    title="course-tui quiz",
    doc="A quiz or exam file in quizzes/.",
)

SCENARIO = Obj(
    [Field("type", Enum("scenario"), "Always scenario.", required=True)] + ITEM_COMMON + SCENARIO_FIELDS,
    title="course-tui scenario",
    doc="A branching scenario file in quizzes/.",
)

SCHEMAS = {
    "course": MANIFEST,
    "lesson": LESSON,
    "quiz": QUIZ,
    "scenario": SCENARIO,
    "quizzes-file": ITEM,
}

SCHEMA_DIR = Path(__file__).with_name("schemas")


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for one file kind."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://course-tui.invalid/schemas/{kind}.schema.json",
        **SCHEMAS[kind].json(),
    }
    return schema


def render_schema(kind: str) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in SCHEMAS:
        path = folder / f"{kind}.schema.json"
        path.write_text(render_schema(kind), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    for p in write_schemas():
        print(p)
    sys.exit(0)

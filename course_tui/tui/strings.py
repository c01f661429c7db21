"""Interface strings, one table per language."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "quit": "Quit",
        "learner": "Learner",
        "chapters": "Chapters",
        "sections_read": "{seen}/{total} sections read",
        "done": "read",
        "reading": "reading",
        "not_started": "not started",
        "quizzes": "{n} quiz(zes)",
        "scenarios": "{n} scenario(s)",
        "invalid_title": "This course has problems and cannot be opened",
        "invalid_hint": "Fix them and run `course-tui validate {folder}`.",
        "preview_note": "Course map (the lesson reader, quizzes and scenarios arrive with the learner app).",
    },
    "zh": {
        "quit": "退出",
        "learner": "学员",
        "chapters": "章节",
        "sections_read": "已读{seen}/{total}节",
        "done": "已读完",
        "reading": "阅读中",
        "not_started": "未开始",
        "quizzes": "{n}个测验",
        "scenarios": "{n}个情景",
        "invalid_title": "课程有错误，无法打开",
        "invalid_hint": "修正后运行`course-tui validate {folder}`检查。",
        "preview_note": "课程地图（课文阅读、测验和情景练习将随学员应用提供）。",
    },
}


def t(lang: str, key: str, **values: object) -> str:
    table = STRINGS.get(lang, STRINGS["en"])
    return table.get(key, STRINGS["en"][key]).format(**values)

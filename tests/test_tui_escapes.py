"""Control characters end to end: the real app in a pseudo-terminal, on a course whose
lesson files hold raw ESC/OSC/CSI/C1 bytes (and whose YAML files hold them as escapes) in
titles, section titles, bodies, prompts, options, feedback and scenario texts. Every byte the
program writes to the terminal is read: no sequence from the content gets there (no
clipboard write, no window title, no screen clear); its visible placeholders do."""

from __future__ import annotations

import pytest
from hostile_kit import write_hostile_course
from pty_kit import VENV_BIN, run_in_pty

CLIPBOARD = "\x1b]52;c;SGFja2Vk\x07"
TITLE = "\x1b]2;PWNED2\x07"
TITLE0 = "\x1b]0;PWNED0\x07"
CLEAR = "\x1b[2JCLEARED"
C1_CSI = "\x9b2JC1CLEAR"
C1_OSC = "\x9d2;C1TITLE\x07"

PAYLOAD = {
    "course": "Course " + TITLE,
    "chapter": "Chapter " + CLIPBOARD,
    "section": "Section " + CLEAR,
    "body": f"Body {CLIPBOARD} {TITLE0} {C1_CSI}",
    "quiz": "Quiz " + TITLE0,
    "prompt": "Prompt " + CLEAR,
    "option": "Option " + CLIPBOARD,
    "feedback": "Feedback " + C1_OSC,
    "scenario": "Scen " + TITLE,
    "node": "Node " + CLEAR,
    "choice": "Choice " + CLIPBOARD,
    "ending": "End " + C1_CSI,
}

RIGHT, CTRL_P, CTRL_Q, ENTER = b"\x1b[C", b"\x10", b"\x11", b"\r"


@pytest.mark.slow
@pytest.mark.skipif(not (VENV_BIN / "course-tui").exists(), reason="the course-tui script is not installed next to this Python")
def test_no_escape_sequence_from_the_course_reaches_the_terminal(tmp_path):
    course = write_hostile_course(tmp_path / "c", PAYLOAD)
    keys = [
        (b"Continue", b"c"),  # the lesson: section title, body
        ("Section ␛".encode(), RIGHT),  # the last section: the way to the quiz and the scenario
        (b"Second", CTRL_P),
        (1.0, b"Scen"),
        ("␛]2;PWNED2".encode(), ENTER),  # the scenario: its node and choices
        ("Choice ␛".encode(), b"1"),  # its ending
        ("End ".encode(), CTRL_P),
        (1.0, b"Quiz"),
        ("␛]0;PWNED0".encode(), ENTER),  # the quiz: prompt and options
        ("Option ␛".encode(), CTRL_Q),
    ]
    run = run_in_pty(
        [str(VENV_BIN / "course-tui"), "--course", str(course), "--store", str(tmp_path / "s"), "--learner", "amy", "--lang", "en"],
        keys,
        env={"COURSE_TUI_CRASH_DIR": str(tmp_path / "crash")},
        timeout=90,
    )
    out = run.output
    assert run.status == 0, out[-2000:]
    # what the content would have done
    assert b"\x1b]52;" not in out  # the clipboard
    assert b"\x1b]2;" not in out and b"\x1b]0;" not in out  # the window title
    assert b"\x1b[2JCLEARED" not in out  # the screen cleared
    assert "\x9b".encode() not in out and "\x9d".encode() not in out  # C1 controls, as UTF-8
    assert b"\x9b2JC1" not in out and b"\x9d2;C1" not in out  # and as raw 8-bit bytes
    # what was shown instead: the placeholders, on every screen visited
    text = out.decode("utf-8", "replace")
    for shown in ("Section ␛[2JCLEARED", "Body ␛]52;c;SGFja2Vk", "Node ␛[2JCLEARED", "Choice ␛]52;c;SGFja2Vk", "Prompt ␛[2JCLEARED", "Option ␛]52;c;SGFja2Vk"):
        assert shown in text, shown
    assert "\ufffd2JC1CLEAR" in text  # a C1 control has no picture: U+FFFD


async def test_names_and_error_texts_with_control_characters_are_shown_with_placeholders(tmp_path):
    """Text from the store and exception messages do not rely on the store refusing
    control characters: the title bar, the learner switcher and the toasts show them as
    placeholders, on one line where a name is."""
    from test_tui_markup import screen_lines
    from tui_kit import make_app

    from course_tui.learning.store import StoreError

    app = make_app(tmp_path)
    app.session.learner.name = "amy\x1b]2;PWNED\x07\nsecond line"  # as an old store file could hold it
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app._retitle()
        app.store_error(StoreError("cannot read \x1b]52;c;SGFja2Vk\x07 file\x9b2J"))
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "Learner: amy␛]2;PWNED␇␊second line" in text
        assert "cannot read ␛]52;c;SGFja2Vk" in text and "\ufffd2J" in text
        await app.action_learners()
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "▸ amy␛]2;PWNED␇␊second line" in text
        assert not any(ch in text for ch in "\x1b\x07\x9b")

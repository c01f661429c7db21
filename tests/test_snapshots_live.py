"""The live quiz's screens at 80×24 in Chinese and English (pytest-textual-snapshot): the
host's reveal (chart, right answer, leaderboard) and a learner's open question.

Update only these pictures with ``pytest tests/test_snapshots_live.py --snapshot-update``.
The clock is pinned (the countdown shows 00:26) and the option order is seeded.
"""

from __future__ import annotations

import pytest
from test_tui_livequiz import course_folder

from course_tui.course.cache import load_for_study
from course_tui.learning.livequiz import Host, Player
from course_tui.learning.session import DEFAULT_THEME, Session, enter_learner, open_session
from course_tui.learning.store import Store
from course_tui.tui.app import CourseApp
from course_tui.tui.screens.livejoin import LiveQuizScreen


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def session_with_answers(tmp_path, clock: Clock):
    folder = course_folder(tmp_path)
    loaded = load_for_study(folder)
    course = loaded.course
    store = Store(tmp_path / "s")
    host = Host.open(store.folder, course, course.quiz("live-quiz"), clock=clock, seed=3)
    players = [Player.join(store.folder, course, enter_learner(store, name, course.id), host.session, "en", clock=clock) for name in ("A", "小王", "Bo")]
    host.next()
    for p in players:
        p.refresh()
    return folder, loaded, store, host, players


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_live_host_reveal(snap_compare, tmp_path, lang):
    clock = Clock()
    folder, loaded, store, host, players = session_with_answers(tmp_path, clock)
    q = host.question
    clock.now += 3
    players[0].answer(q, "a", "en")
    clock.now += 5
    players[1].answer(q, "b", "zh")
    clock.now += 2
    players[2].answer(q, "a", "en")
    host.tick()  # everyone answered: the reveal
    app = CourseApp(Session(folder, loaded, store, None, lang, DEFAULT_THEME), live_host=host)
    assert snap_compare(app, terminal_size=(80, 24))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_live_learner_question(snap_compare, tmp_path, lang):
    clock = Clock()
    folder, loaded, store, host, players = session_with_answers(tmp_path, clock)
    clock.now += 4  # 26 s left
    app = CourseApp(open_session(folder, store=store.folder, learner="小王", lang=lang, theme="textual-dark"))

    async def run_before(pilot):
        await pilot.pause()
        player = Player.join(store.folder, loaded.course, app.learner, host.session, lang, clock=clock)
        await app.push_screen(LiveQuizScreen(player))
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)

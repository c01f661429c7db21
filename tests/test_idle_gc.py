"""The garbage collector runs in the learner's pauses, not in the middle of a key."""

from __future__ import annotations

import gc

import pytest

from course_tui.tui import idlegc
from course_tui.tui.idlegc import IDLE_SECONDS, IdleCollector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def collections(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(idlegc.gc, "collect", lambda generation=2: calls.append(generation) or 0)
    yield calls
    gc.enable()


def test_one_full_collection_per_pause_and_none_while_busy(collections, monkeypatch):
    monkeypatch.setattr(idlegc.gc, "get_count", lambda: (10, 0, 0))
    clock = Clock()
    collector = IdleCollector(clock)
    collector.input_seen()
    clock.now += IDLE_SECONDS / 2
    collector.tick()
    assert collections == []  # the learner is busy
    clock.now += IDLE_SECONDS + 0.01
    collector.tick()
    collector.tick()
    assert collections == [2]  # one full collection in the pause, not one per tick
    collector.input_seen()
    clock.now += IDLE_SECONDS + 0.01
    collector.tick()
    assert collections == [2, 2]


def test_a_long_burst_of_keys_still_collects_young_garbage(collections, monkeypatch):
    monkeypatch.setattr(idlegc.gc, "get_count", lambda: (idlegc.YOUNG_LIMIT + 1, 0, 0))
    clock = Clock()
    collector = IdleCollector(clock)
    for _ in range(3):
        collector.input_seen()
        clock.now += 0.1
        collector.tick()
    assert collections == [1, 1, 1]  # generations 0 and 1 only: a few ms


def test_start_and_stop_hand_the_collector_over(collections):
    class App:
        def set_interval(self, *args, **kwargs) -> None:
            self.timer = args

    collector = IdleCollector()
    collector.start(App())
    assert not gc.isenabled() and collector.running
    collector.stop()
    assert gc.isenabled() and not collector.running

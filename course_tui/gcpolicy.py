"""Every use course-tui makes of Python's cyclic garbage collector, and the switch that
turns them all off.

The collector only finds reference cycles; everything else is freed by reference counting
whatever is done here. What is done:

- **Pauses** (:func:`paused`): while a course is parsed or a GIFT bank converted, automatic
  collection is off: these build millions of small acyclic objects, and the collections
  they would trigger cost as much again (a 20,000-question course: 8.5 s to 5 s). Pauses
  nest and may come from any thread (live reload parses in a worker): the collector is off
  while any pause is on, and back as it was when the last one ends. What the outermost
  pause leaves alive is then moved to the oldest generation (``freeze`` + ``unfreeze``, in
  constant time) so that the next young collections do not walk it all, unless objects
  were frozen on purpose already (``unfreeze`` would release them).
- **Start-up** (:func:`launching`, by the command line, and :func:`first_paint`, by the
  app): from the launcher's start to the first painted screen the collector is off --
  start-up makes tens of thousands of long-lived objects (modules, the course, widgets)
  and little garbage. At the first paint everything alive is frozen (``gc.freeze``: no
  collection walks it) and the collector is on again, with Python's own thresholds.
- **While the app runs** (:func:`tick`, every :data:`TICK_SECONDS`, and
  :func:`input_seen`, on every key and click): a full collection of the app's heap takes
  60-250 ms, and Python would start one in the middle of a key. So the heap stays frozen
  but for what was made in the last tick: while the learner is busy, each tick freezes
  again (constant time, no walk), so automatic collections only ever walk a fraction of a
  second of allocations. After :data:`IDLE_SECONDS` without input, once per pause, the
  heap is unfrozen, collected in full (the cycles that died meanwhile, closed screens
  among them, are freed) and frozen again. Nothing here depends on how a Python version
  numbers or sizes its generations: only ``freeze``, ``unfreeze`` and a full ``collect``.
  An app started otherwise (tests, the benchmarks' in-process runs unless they ask for it)
  pauses, freezes and collects nothing itself.
- **Exit** (the end of :func:`launching`): once the app is over, everything is frozen, so
  that the interpreter's last collection does not walk it (about 50 ms off every quit).

``COURSE_TUI_GC_POLICY=off`` turns all of it off: every function here does nothing and the
collector runs as Python sets it. This module imports nothing but the standard library.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "COURSE_TUI_GC_POLICY"
TICK_SECONDS = 0.2
IDLE_SECONDS = 0.6

_lock = threading.Lock()
_pauses = 0  # pauses now on, the start-up one included
_was_enabled = True  # the collector's state before the outermost pause
_starting = False  # the start-up pause is on
_running = False  # the app painted under launching(): tick() manages the heap
_last_input = 0.0
_collected = True  # a full collection ran since the last input
_clock = time.monotonic


def active() -> bool:
    """Whether the policy is on (``$COURSE_TUI_GC_POLICY`` is not ``off``)."""
    return os.environ.get(ENV, "").strip().lower() != "off"


def _hold() -> None:
    global _pauses, _was_enabled
    if _pauses == 0:
        _was_enabled = gc.isenabled()
    _pauses += 1
    gc.disable()


def _release() -> None:
    global _pauses
    _pauses -= 1
    if _pauses == 0:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if _was_enabled:
            gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside the block (see the module's docstring)."""
    if not active():
        yield
        return
    with _lock:
        _hold()
    try:
        yield
    finally:
        with _lock:
            _release()


@contextmanager
def launching() -> Iterator[None]:
    """The launcher's run of the app: no collection from here to :func:`first_paint`. When
    the block ends normally the app is over and the process ends next: everything is
    frozen. On an error, or if the app never painted, the start-up pause just ends."""
    global _starting, _running
    if not active():
        yield
        return
    with _lock:
        if not _starting:
            _starting = True
            _hold()
    try:
        yield
        gc.freeze()
    finally:
        with _lock:
            _running = False
            if _starting:
                _starting = False
                _release()


def first_paint() -> bool:
    """The first screen is painted: freeze what start-up made, turn the collector on and let
    :func:`tick` manage the heap; whether it does (nothing happens outside :func:`launching`)."""
    global _starting, _was_enabled, _running
    with _lock:
        if not _starting:
            return False
        _starting = False
        gc.freeze()
        _was_enabled = True
        _release()
        _running = True
    input_seen()
    return True


def input_seen() -> None:
    """The learner pressed a key or clicked: busy, no full collection now."""
    global _last_input, _collected
    _last_input = _clock()
    _collected = False


def tick() -> None:
    """Run every :data:`TICK_SECONDS` by the app: freeze again while the learner is busy;
    one full collection in each pause of :data:`IDLE_SECONDS`."""
    global _collected
    if not _running:
        return
    if _clock() - _last_input < IDLE_SECONDS:
        gc.freeze()
    elif not _collected:
        _collected = True
        gc.unfreeze()
        gc.collect()
        gc.freeze()

"""Python's cyclic garbage collector, run when the learner is not waiting.

Left to itself, the collector starts a full collection whenever its allocation counters say
so; on this app's heap (150–270k objects, mostly Textual's render caches) that takes
60–200 ms and lands in the middle of whatever key was just pressed (issue #6: the worst
cases of section open and answer feedback). Here automatic collection is off once the first
screen is shown, and a timer does the work instead:

- after :data:`IDLE_SECONDS` without input, one full collection (at most one per pause);
- during activity, a young collection (generations 0 and 1) whenever more than
  :data:`YOUNG_LIMIT` allocations are pending, so a long burst of keys cannot pile up garbage.
  Its cost grows with what is pending: at 50,000 it took 20-66 ms (and landed on keys in a
  burst: the worst answer feedback, 60 ms); at 20,000, at most about 30 ms, more often.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE_SECONDS = 0.6
CHECK_SECONDS = 0.2
YOUNG_LIMIT = 20_000


class IdleCollector:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.last_input = clock()
        self.collected_since_input = False
        self.running = False

    def start(self, app: object) -> None:
        gc.disable()
        self.running = True
        app.set_interval(CHECK_SECONDS, self.tick, name="idle-gc")  # type: ignore[attr-defined]

    def stop(self) -> None:
        """The app is over: the interpreter's own collector again."""
        self.running = False
        gc.enable()

    def input_seen(self) -> None:
        self.last_input = self.clock()
        self.collected_since_input = False

    def tick(self) -> None:
        if self.clock() - self.last_input >= IDLE_SECONDS:
            if not self.collected_since_input:
                gc.collect()
                self.collected_since_input = True
        elif gc.get_count()[0] > YOUNG_LIMIT:
            gc.collect(1)

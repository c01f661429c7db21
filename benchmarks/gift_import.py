"""How long ``course-tui import gift`` takes on a generated question bank (it must be
linear; 100,000 questions in under 10 s).

    python benchmarks/gift_import.py                    # 2,000 / 20,000 / 100,000 questions
    python benchmarks/gift_import.py --sizes 1000,32000 --profile

Not a test (tests/test_gift_import.py checks linearity on smaller banks): it prints the time of
each size, the time per question, and with ``--profile`` the top of a cProfile of the largest.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from course_tui.course.gift import import_gift  # noqa: E402

# One of each kind Moodle writes most, with titles, feedback, weights and a category now and then.
_KINDS = (
    "::q{n}:: What is {n} + 1? {{=%100%{m}#right ~{n}#no, that is {n} ~%-50%{k}#no}}",
    "::q{n}:: The number {n} is even. {{{tf}#but it is not#yes}}",
    "::q{n}:: Name the office that runs project {n}. {{=PMO =project management office#good}}",
    "::q{n}:: How much is {n} times two? {{#{d}}}",
    "::q{n}:: Match the roles of team {n}. {{=sponsor -> pays =manager -> plans =team -> builds}}",
    "// [id:q-{n}] [tag:bank]\n::q{n}:: [markdown]Pick **all** the true ones for {n}. {{~%50%one ~%50%two ~%-100%three}}",
    # what real banks hold too: Moodle's "~=" form, numerical ranges with feedback, blanks
    "::q{n}:: Who signs project {n}? {{~=the sponsor#yes ~the team#no ~nobody}}",
    "::q{n}:: Give a number near {n}. {{#{n}:2#close enough ~#too far}}",
    "::q{n}:: Project {n} lasts {{#1..{m}}} weeks.",
)


def bank(questions: int) -> str:
    """A GIFT text of *questions* questions of nine common kinds, a category every 500."""
    parts = []
    for n in range(questions):
        if n % 500 == 0:
            parts.append(f"$CATEGORY: $course$/Bank/Part {n // 500}")
        kind = _KINDS[n % len(_KINDS)]
        parts.append(kind.format(n=n, m=n + 1, k=n + 2, d=2 * n, tf="T" if n % 2 == 0 else "F"))
    return "\n\n".join(parts) + "\n"


def time_import(questions: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds of importing a bank of *questions* (CPU time is what other
    processes on a busy machine do not change)."""
    text = bank(questions)
    start, cpu = time.perf_counter(), time.process_time()
    result = import_gift(text, "bank.gift", "bank")
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert result.converted == questions and result.skipped == 0, (result.converted, result.skipped, questions)
    return elapsed, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,20000,100000", help="comma-separated bank sizes")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest size")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'questions':>10} {'MB':>6} {'seconds':>8} {'CPU s':>8} {'µs/question':>12}")
    for size in sizes:
        seconds, cpu = time_import(size)
        print(f"{size:>10} {len(bank(size).encode()) / 1e6:>6.1f} {seconds:>8.2f} {cpu:>8.2f} {seconds / size * 1e6:>12.0f}")
    if args.profile:
        text = bank(sizes[-1])
        profile = cProfile.Profile()
        profile.runcall(import_gift, text, "bank.gift", "bank")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

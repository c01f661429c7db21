"""How long ``course-tui import moodlexml`` takes, and how much memory, on a generated bank.

    python benchmarks/moodlexml_import.py                 # 2,000 / 20,000 questions
    python benchmarks/moodlexml_import.py --sizes 50000

The bank mixes what Moodle exports most (HTML single choice with Moodle's standard combined
feedback, numerical with units, true/false, matching). Questions are converted one at a time
as they are read, so memory grows with the output, not with the XML's tree.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from course_tui.course.moodlexml import import_moodlexml  # noqa: E402

_HEAD = '<name><text>q{n}</text></name><questiontext format="html"><text><![CDATA[<p>Question <b>{n}</b>?</p>]]></text></questiontext><defaultgrade>1.0000000</defaultgrade><idnumber></idnumber>'
_KINDS = (
    '<question type="multichoice">' + _HEAD + "<single>true</single><shuffleanswers>true</shuffleanswers>"
    '<correctfeedback format="html"><text>Your answer is correct.</text></correctfeedback>'
    '<answer fraction="100" format="html"><text>{m}</text><feedback format="html"><text>yes</text></feedback></answer>'
    '<answer fraction="0" format="html"><text>{n}</text><feedback format="html"><text>no</text></feedback></answer></question>',
    '<question type="numerical">' + _HEAD + '<answer fraction="100" format="moodle_auto_format"><text>{n}</text><tolerance>0.5</tolerance>'
    '<feedback format="html"><text>right</text></feedback></answer><units><unit><multiplier>1</multiplier><unit_name>m</unit_name></unit>'
    "<unit><multiplier>100</multiplier><unit_name>cm</unit_name></unit></units></question>",
    '<question type="truefalse">' + _HEAD + '<answer fraction="100" format="moodle_auto_format"><text>true</text>'
    '<feedback format="html"><text>yes</text></feedback></answer><answer fraction="0" format="moodle_auto_format"><text>false</text>'
    '<feedback format="html"><text>no</text></feedback></answer></question>',
    '<question type="matching">' + _HEAD + '<subquestion format="html"><text>a{n}</text><answer><text>one</text></answer></subquestion>'
    '<subquestion format="html"><text>b{n}</text><answer><text>two</text></answer></subquestion></question>',
)


def bank(questions: int) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>']
    for n in range(questions):
        if n % 500 == 0:
            parts.append(f'<question type="category"><category><text>$course$/top/Part {n // 500}</text></category></question>')
        parts.append(_KINDS[n % len(_KINDS)].format(n=n, m=n + 1))
    return ("\n".join(parts) + "\n</quiz>\n").encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,20000", help="comma-separated bank sizes")
    args = parser.parse_args(argv)
    print(f"{'questions':>10} {'MB':>6} {'seconds':>8} {'CPU s':>8} {'µs/question':>12} {'max RSS MB':>11}")
    for size in (int(s) for s in args.sizes.split(",")):
        data = bank(size)
        start, cpu = time.perf_counter(), time.process_time()
        result = import_moodlexml(data, "bank.xml", "bank")
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert result.converted == size and result.skipped == 0, (result.converted, result.skipped)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{size:>10} {len(data) / 1e6:>6.1f} {seconds:>8.2f} {cpu:>8.2f} {cpu / size * 1e6:>12.0f} {rss:>11.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

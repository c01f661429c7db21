"""GIFT import of hostile or huge banks: linear time, nesting as a warning, and no
control character of the bank reaching the terminal."""

from __future__ import annotations

import pytest

import random
import sys
import time
from pathlib import Path

import yaml

from course_tui.cli import main
from course_tui.course.gift import import_gift, yamlout

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from gift_import import bank  # noqa: E402


def _cpu_per_question(questions: int) -> float:
    text = bank(questions)
    best = float("inf")
    for _ in range(2 if questions < 5_000 else 1):  # the better: a busy machine only makes it slower
        start = time.process_time()
        result = import_gift(text, "bank.gift", "bank")
        best = min(best, time.process_time() - start)
    assert result.converted == questions
    return best / questions


@pytest.mark.slow  # times large imports: about 2.5 s
def test_gift_import_is_linear_and_fast_per_question():
    # 1,500 vs 15,000 questions: a linear import costs the same per question (quadratic: 10x);
    # benchmarks/gift_import.py times 100,000 (under 10 s: ~65 µs a question of CPU time).
    small, large = _cpu_per_question(1_500), _cpu_per_question(15_000)
    assert large < 2.5 * small, (small, large)
    # every string was once checked with a YAML parse: ~800 µs a question (100,000: 80 s)
    assert large < 300e-6, large


def test_nested_braces_are_a_warning_with_the_line_not_a_recursion_error():
    text = "Q1 {T}\n\nQ2 " + "{" * 600 + "=a" + "}" * 600 + "\n\nQ3 {=b}\n"
    result = import_gift(text, "b.gift", "b")
    assert result.converted == 2
    assert [(w.line, w.message) for w in result.warnings] == [
        (3, "'{' inside an answer block (answer blocks do not nest; write \\{ for a brace in a text); question skipped")
    ]


def test_deeply_nested_escaped_braces_stay_text_even_with_the_pure_python_yaml_parser(monkeypatch):
    # PyYAML's pure-Python parser recurses once per '{': the writer's check of a plain value
    # must not end in a RecursionError (it quotes the text instead)
    monkeypatch.setattr(yamlout, "_SAFE_LOADER", yaml.SafeLoader)
    yamlout._SHORT.clear()
    braces = "{" * 3000
    result = import_gift("Q \\{" + "\\{" * 2999 + " {=x}\n", "b.gift", "b")
    assert yaml.load(result.yaml, Loader=yaml.CSafeLoader)["questions"][0]["prompt"] == "Q " + braces


_ALPHABET = "aZ09 _-:#,.?!'\"%@&*[]{}|>`~=+<()/\\\t\x1b\x85\u00e9中\u3000"
_WORDS = ["yes", "no", "on", "off", "null", "~", "true", "False", "1", "0x1f", "1e3", ".5", "2024-01-02", "<<", "=", ".inf", "-", "?"]


def test_the_writers_fast_plain_check_never_accepts_what_yaml_reads_differently():
    rng = random.Random(11)
    samples = list(_WORDS)
    for _ in range(4_000):
        word = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 8)))
        samples.append(word if rng.random() < 0.5 else rng.choice(_WORDS) + word)
    sure = 0
    for value in samples:
        verdict = yamlout._sure_plain(value)
        if verdict is not None:
            sure += 1
            assert verdict == yamlout._reads_as(f"k: {value}", value), value
        lines = [value, value.strip() or "x", "next " + value]
        if yamlout._sure_block(lines):
            probe = "k: |-\n" + "\n".join("  " + line if line.strip() else "" for line in lines)
            assert yaml.safe_load(probe) == {"k": "\n".join(lines)}, lines
    assert sure > 200  # the fast path is taken for ordinary text


def test_import_prints_no_control_character_of_the_bank(tmp_path, capsys):
    gift = tmp_path / "b\x1b[2J.gift"
    gift.write_text(
        "// [tag:t\x1b]52;c;AAAA\x07]\n::ti\x1b[2Jtle:: Q\x9b31m? {=a\x1b[0m#fb\x07 ~b}\n\n::T2:: bad {=x ~\x1b[1m}\n\n::T3:: {#\x1b}\n",
        encoding="utf-8",
    )
    assert main(["import", "gift", str(gift)]) == 0
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert not any(ch in stream for ch in "\x1b\x07\x9b"), stream
    assert "b\u241b[2J.gift:" in captured.err
    data = yaml.safe_load(captured.out)
    assert data["questions"][0]["prompt"] == "Q\x9b31m?"  # the data is kept; validate warns about it


def test_one_question_of_many_answers_is_read_in_linear_time():
    # every answer's line was found by counting the block's line breaks from its start
    def cpu(answers: int) -> float:
        text = "Q {\n" + "~wrong\n" * answers + "=right}\n"
        start = time.process_time()
        result = import_gift(text, "b.gift", "b")
        assert result.converted == 1
        return time.process_time() - start

    small, large = cpu(4_000), cpu(40_000)
    assert large < 25 * small + 0.2, (small, large)  # linear: ~10x; quadratic: ~100x

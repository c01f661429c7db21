"""``course-tui serve`` on the command line: what it checks before serving, what it prints
(the join link with the class code, the trainer's code), and the warning off loopback.
The server itself is not started here (tests/test_serve_access.py and the browser tests)."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("textual_serve")

from coursekit import write_course  # noqa: E402

from course_tui.cli import main  # noqa: E402
from course_tui.commands.serve import is_loopback  # noqa: E402
from course_tui.web.server import ClassroomServer  # noqa: E402


@pytest.fixture
def served(monkeypatch):
    """serve() says what a started server says, and returns instead of serving."""
    seen = []

    def fake_serve(self, debug=False):
        seen.append(self)
        self.announce()

    monkeypatch.setattr(ClassroomServer, "serve", fake_serve)
    return seen


def test_serve_prints_a_join_link_with_the_class_code_and_a_trainer_code(tmp_path, capsys, served):
    write_course(tmp_path / "c")
    assert main(["serve", "--course", str(tmp_path / "c"), "--store", str(tmp_path / "s"), "--port", "8123"]) == 0
    out, err = capsys.readouterr()
    [server] = served
    assert f"learners join at:  http://127.0.0.1:8123/?code={server.class_code}" in out
    assert f"http://127.0.0.1:8123/trainer?code={server.trainer_code}" in out
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{6}", server.class_code) and len(server.trainer_code) == 10
    assert server.class_code != server.trainer_code
    assert "warning" not in err  # loopback: nothing to warn about
    assert (server.host, server.port, server.roster) == ("127.0.0.1", 8123, None)


def test_serving_beyond_loopback_warns_that_the_traffic_is_unencrypted(tmp_path, capsys, served):
    write_course(tmp_path / "c")
    assert main(["serve", "--course", str(tmp_path / "c"), "--store", str(tmp_path / "s"), "--host", "0.0.0.0"]) == 0
    err = capsys.readouterr().err
    assert "warning: serving on 0.0.0.0: the traffic is not encrypted" in err and "needs the class code" in err
    assert len(err.strip().splitlines()) == 1


def test_loopback_addresses():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.com")


def test_serve_with_a_roster_offers_its_names(tmp_path, capsys, served):
    write_course(tmp_path / "c")
    (tmp_path / "class.txt").write_text("小王\nAmy\n", encoding="utf-8")
    assert main(["serve", "--course", str(tmp_path / "c"), "--store", str(tmp_path / "s"), "--roster", str(tmp_path / "class.txt")]) == 0
    assert served[0].roster == ["小王", "Amy"] and "roster: 2 names" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "said", "code"),
    [
        (["--roster", "{tmp}/missing.txt"], "cannot read the roster", 1),
        (["--course", "{tmp}/nowhere"], "course folder not found", 2),
        (["--port", "70000"], "--port must be between 1 and 65535", 2),
        (["--port", "x"], "invalid int value", 2),
    ],
)
def test_serve_refuses_bad_input_with_one_line(tmp_path, capsys, served, args, said, code):
    write_course(tmp_path / "c")
    argv = ["serve", "--store", str(tmp_path / "s")] + [a.format(tmp=tmp_path) for a in args]
    if "--course" not in args:
        argv += ["--course", str(tmp_path / "c")]
    assert main(argv) == code
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1 and served == []


def test_serve_refuses_a_course_with_errors(tmp_path, capsys, served):
    write_course(tmp_path / "c", {"course.yaml": "id: [broken\n"})
    assert main(["serve", "--course", str(tmp_path / "c"), "--store", str(tmp_path / "s")]) == 1
    assert "has errors" in capsys.readouterr().err and served == []

"""What a served class keeps in the store's classroom/ folder: presence (the learner's lease
and place), the browsers' learners, the roster; and the served app's role."""

from __future__ import annotations

import json
import os
import time

import pytest

from course_tui.learning import classroom
from course_tui.learning.classroom import Place, Presence, Role


def test_a_fresh_presence_holds_the_learner_and_an_old_one_does_not(tmp_path):
    now = time.time()
    classroom.write_presence(tmp_path, Presence("小王", "browser-a", "s1", Place("lesson", "intro", 2, 5), now))
    held = classroom.holder(tmp_path, "小王", now + 1)
    assert held is not None and held.browser == "browser-a" and held.place == Place("lesson", "intro", 2, 5)
    assert classroom.holder(tmp_path, "小王", now + classroom.EXPIRES_SECONDS + 1) is None  # the session died without a word
    assert classroom.holder(tmp_path, "Amy", now) is None


def test_the_record_is_named_by_a_hash_never_by_the_name(tmp_path):
    classroom.write_presence(tmp_path, Presence("../../etc/x", "b", "s", updated=time.time()))
    files = list((tmp_path / "classroom" / "online").iterdir())
    assert [f.name for f in files] == [f"{classroom.name_key('../../etc/x')}.json"]
    assert classroom.online(tmp_path)[0].name == "../../etc/x"


def test_release_removes_only_the_sessions_own_record(tmp_path):
    classroom.write_presence(tmp_path, Presence("Amy", "b", "new-session", updated=time.time()))
    classroom.release(tmp_path, "Amy", "old-session")  # an older tab ending after a newer one took over
    assert classroom.holder(tmp_path, "Amy") is not None
    classroom.release(tmp_path, "Amy", "new-session")
    assert classroom.holder(tmp_path, "Amy") is None


def test_online_lists_fresh_records_by_name_and_skips_stale_forged_or_broken_ones(tmp_path):
    now = time.time()
    classroom.write_presence(tmp_path, Presence("Zoe", "b1", "s1", updated=now))
    classroom.write_presence(tmp_path, Presence("amy", "b2", "s2", updated=now))
    classroom.write_presence(tmp_path, Presence("Old", "b3", "s3", updated=now - 3600))
    folder = tmp_path / "classroom" / "online"
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    forged = {"name": "Bob", "browser": "b", "session": "s", "updated": now}  # a file not named for its learner
    (folder / "0000.json").write_text(json.dumps(forged), encoding="utf-8")
    bad_name = {"name": "Eve\x1b[2J", "browser": "b", "session": "s", "updated": now}
    (folder / f"{classroom.name_key(bad_name['name'])}.json").write_text(json.dumps(bad_name), encoding="utf-8")
    os.mkfifo(folder / "fifo.json")  # never opened for reading (it would block)
    assert [p.name for p in classroom.online(tmp_path, now)] == ["amy", "Zoe"]


def test_a_place_from_a_file_is_bounded_and_inert():
    assert Place.from_json({"kind": "rm -rf", "item": "a\x1b]0;x\x07b" + "y" * 500, "step": True, "of": -1}) == Place(
        "other", Place.from_json({"item": "a\x1b]0;x\x07b" + "y" * 500}).item, 0, 0
    )
    place = Place.from_json({"kind": "quiz", "item": "a\x1bb", "step": 3, "of": 9})
    assert place.kind == "quiz" and "\x1b" not in place.item and (place.step, place.of) == (3, 9)
    assert len(Place.from_json({"item": "y" * 500}).item) == 200
    assert Place.from_json("nonsense") == Place()


def test_a_browser_is_remembered_across_server_runs_by_a_hash_of_its_token(tmp_path):
    classroom.Browsers(tmp_path).remember("secret-token", "小王")
    again = classroom.Browsers(tmp_path)
    assert again.name("secret-token") == "小王" and again.name("other") is None and again.name("") is None
    assert "secret-token" not in (tmp_path / "classroom" / "browsers.json").read_text(encoding="utf-8")


def test_a_damaged_browsers_file_forgets_browsers_rather_than_failing(tmp_path):
    (tmp_path / "classroom").mkdir()
    (tmp_path / "classroom" / "browsers.json").write_text('{"browsers": {"k": "bad\\u0007name", "k2": 3}}', encoding="utf-8")
    assert classroom.Browsers(tmp_path).names == {}


def test_a_roster_skips_blanks_comments_and_repeats(tmp_path):
    roster = tmp_path / "class.txt"
    roster.write_text("\ufeff# class 3\n小王\n\n  Amy Li  \n小王\n", encoding="utf-8")
    assert classroom.read_roster(roster) == ["小王", "Amy Li"]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"Amy\nBob\x1b[31m\n", "2: a learner name cannot contain control characters"),
        (b"\n# nobody\n", "holds no name"),
        (b"\xff\xfe", "not UTF-8"),
        (b"x\n" * (classroom.MAX_ROSTER_BYTES // 2 + 1), "cannot read the roster"),
    ],
)
def test_a_bad_roster_is_refused_with_one_line(tmp_path, content, said):
    roster = tmp_path / "class.txt"
    roster.write_bytes(content)
    with pytest.raises(classroom.RosterError, match=said) as caught:
        classroom.read_roster(roster)
    assert "\n" not in str(caught.value) and "\x1b" not in str(caught.value)


def test_a_roster_that_is_not_a_regular_file_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(classroom.RosterError, match="cannot read the roster"):
        classroom.read_roster(tmp_path / "fifo")


def test_the_role_round_trips_through_the_environment_and_nonsense_is_no_role():
    role = Role("learner", "ab12", "f00d")
    assert Role.from_env({classroom.ROLE_ENV: role.to_env()}) == role
    assert Role.from_env({classroom.ROLE_ENV: "trainer:cd34:"}) == Role("trainer", "cd34", "")
    for bad in ("", "admin:x:y", "learner::b", "learner:a b:c", "learner:a:../x"):
        assert Role.from_env({classroom.ROLE_ENV: bad}) is None
    assert Role.from_env({}) is None

"""The two shared guards: control characters made visible, and only regular files read."""

from __future__ import annotations

import os
import sys

import pytest

from course_tui.safe_files import NotRegular, TooLarge, open_regular, read_fd, read_regular
from course_tui.safe_text import control_positions, has_controls, inert, one_line


def test_inert_shows_escape_sequences_as_placeholders_and_keeps_newlines_and_tabs():
    shown = inert("a\x1b]52;c;aGk=\x07b\tc\nd\x9b2Je\x7f")
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown and "\x7f" not in shown
    assert shown == "a␛]52;c;aGk=␇b\tc\nd\ufffd2Je␡"


def test_inert_returns_clean_text_unchanged():
    text = "互联网PMO [b]not markup[/b]"
    assert inert(text) is text
    assert not has_controls(text)


def test_one_line_shows_line_breaks_so_a_name_cannot_start_a_new_output_line():
    assert one_line("Eve\r\ncourse-tui: all good") == "Eve␍␊course-tui: all good"
    assert one_line("a\u2028b") == "a␤b"


def test_control_positions_lists_each_replaced_character():
    assert control_positions("ab\x1bc\n\x00") == [2, 5]


def test_read_regular_refuses_a_fifo_without_blocking(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "lesson.md"
    os.mkfifo(fifo)
    with pytest.raises(NotRegular, match="FIFO"):
        read_regular(fifo, 1000)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_read_regular_refuses_a_symlink_to_a_device(tmp_path):
    link = tmp_path / "quiz.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(NotRegular, match="device"):
        read_regular(link, 1000)


def test_read_regular_refuses_a_file_over_the_limit_and_reads_one_at_it(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * 101)
    with pytest.raises(TooLarge):
        read_regular(path, 100)
    assert read_regular(path, 101) == b"x" * 101


def test_read_regular_follows_a_symlink_to_a_regular_file(tmp_path):
    target = tmp_path / "real.md"
    target.write_text("# hi", encoding="utf-8")
    link = tmp_path / "link.md"
    if sys.platform == "win32":
        pytest.skip("symlinks need privileges on Windows")
    link.symlink_to(target)
    assert read_regular(link, 100) == b"# hi"


def test_open_regular_and_read_fd_check_like_read_regular_and_leave_the_descriptor_open(tmp_path):
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        with pytest.raises(NotRegular, match="FIFO"):
            open_regular(fifo, 1000)
    path = tmp_path / "store.json"
    path.write_bytes(b"x" * 101)
    with pytest.raises(TooLarge):
        open_regular(path, 100)
    fd = open_regular(path, 101)
    try:
        assert read_fd(fd, 101) == b"x" * 101
        os.lseek(fd, 0, os.SEEK_SET)
        path.write_bytes(b"y" * 200)  # grown after the check: read_fd stops at the limit + 1
        with pytest.raises(TooLarge, match="more than the limit of 101 bytes"):
            read_fd(fd, 101)
        assert os.fstat(fd).st_size == 200  # still open: the caller closes it
    finally:
        os.close(fd)

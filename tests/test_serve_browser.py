"""``course-tui serve`` in a real browser: Debian's chromium driven by Playwright against a real
server on loopback. Refused without the code (and no app process); a learner joins with a
Chinese name, reads a section and answers a quiz question, which lands in the store; a
trainer and two learners run a live quiz to the podium, and both attempts (mode live) are in
the store.

Needs the browser extra (playwright, pyte) and /usr/bin/chromium with a CJK font (.ci/run
installs them); skipped with the reason otherwise. Marked browser and slow.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_kit import CHROMIUM, CHROMIUM_ARGS, TerminalReader, missing, start_server

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.skipif(missing() is not None, reason=f"browser tests: {missing()}")]


def app_children(pid: int) -> list[int]:
    """The app processes the server started (its children)."""
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    os.environ.pop("LC_ALL", None)
    os.environ["LANG"] = "en_US.UTF-8"  # the app's language for new learners: English
    store = tmp_path_factory.mktemp("store")
    server = start_server(store)
    server.store = store
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_without_the_code_the_page_is_refused_and_no_app_starts(served, browser):
    page = browser.new_context().new_page()
    response = page.goto(served.base + "/")
    assert response.status == 403 and "Class code" in page.inner_text("body")
    page.fill("#code", "WRONG9")
    with page.expect_navigation():
        page.click("button")
    assert "That code is not right" in page.inner_text("body")
    page.goto(served.base + "/trainer?code=" + served.class_code)
    assert "That code is not right" in page.inner_text("body")  # the class code does not open the trainer's view
    page.wait_for_timeout(500)
    assert app_children(served.process.pid) == []
    page.context.close()


def test_a_learner_joins_with_a_chinese_name_reads_a_section_and_answers_a_question(served, browser):
    context = browser.new_context(viewport={"width": 1000, "height": 640})
    page = context.new_page()
    screen = TerminalReader(page)
    page.goto(served.join_url)
    assert page.url.endswith("/join")
    page.fill("#name", "小王")
    with page.expect_navigation():
        page.click("button")
    shown = screen.wait_for(page, "Learner: 小王")
    assert "Continue" in shown and len(app_children(served.process.pid)) == 1
    page.locator("#terminal textarea").focus()  # the keys go to the terminal
    page.wait_for_timeout(500)

    page.keyboard.press("c")  # continue: the first lesson's first section
    screen.wait_for(page, "Section 1 of 8")
    page.keyboard.press("n")
    screen.wait_for(page, "Section 2 of 8")

    page.keyboard.press("Escape")
    screen.wait_for(page, "Overall")
    page.keyboard.press("Control+p")
    page.wait_for_timeout(500)
    page.keyboard.type("quiz: a thousand teams")
    screen.wait_for(page, "Quiz: a thousand teams")
    page.keyboard.press("Enter")
    screen.wait_for(page, "Question 1 of")
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    shown = screen.wait_for(page, "Your answer")
    assert "✓ Correct" in shown or "✗ Not right" in shown

    from course_tui.learning.store import Store

    doc = Store(served.store).read("小王")
    [attempt] = [a for c in doc["courses"].values() for a in c.get("attempts", []) if a.get("quiz") == "thousand-faces-quiz"]
    assert len(attempt["answers"]) == 1
    lesson = doc["courses"]["pmo-internet"]["lessons"]["background"]
    assert lesson["section"] == "familiar-yet-unclear"  # the place in the lesson: its second section
    context.close()


def test_a_returning_learner_is_remembered_and_another_browser_cannot_take_them(served, browser):
    context = browser.new_context(viewport={"width": 1000, "height": 640})
    page = context.new_page()
    page.goto(served.join_url)
    page.fill("#name", "Amy")
    with page.expect_navigation():
        page.click("button")
    page.close()

    again = context.new_page()  # the same browser, later: straight into the app as Amy
    screen = TerminalReader(again)
    again.goto(served.base + "/")
    screen.wait_for(again, "Learner: Amy")

    other = browser.new_context().new_page()  # another browser, while Amy studies
    other.goto(served.join_url)
    other.fill("#name", "Amy")
    with other.expect_navigation():
        other.click("button")
    assert "studying in another browser" in other.inner_text("body")
    context.close()
    other.context.close()


def open_learner(browser, served, name: str):
    """A learner's own browser joined under *name*, on the course map, keys to the terminal."""
    context = browser.new_context(viewport={"width": 1000, "height": 640})
    page = context.new_page()
    screen = TerminalReader(page)
    page.goto(served.join_url)
    page.fill("#name", name)
    with page.expect_navigation():
        page.click("button")
    screen.wait_for(page, f"Learner: {name}")
    page.locator("#terminal textarea").focus()
    return context, page, screen


def answer_live_question(page, screen, n: int, digits: str) -> None:
    """Choose each option of *digits* (a digit selects; Space ticks it where several can be
    chosen, and does nothing where one is), then Enter answers."""
    screen.wait_for(page, f"question {n} of")
    page.wait_for_timeout(300)  # the answer has the keys once the question is composed
    for digit in digits:
        page.keyboard.press(digit)
        page.keyboard.press(" ")
    page.keyboard.press("Enter")


def test_a_trainer_and_two_learners_run_a_live_quiz_to_the_podium(served, browser):
    host_context = browser.new_context(viewport={"width": 1000, "height": 640})
    host = host_context.new_page()
    board = TerminalReader(host)
    host.goto(f"{served.base}/trainer?code={served.trainer_code}")
    board.wait_for(host, "The class, live")
    host.locator("#terminal textarea").focus()
    learners = [open_learner(browser, served, name) for name in ("李雷", "Bob")]

    host.keyboard.press("v")
    board.wait_for(host, "Which quiz to run live?")
    host.keyboard.press("Enter")  # the first quiz of the course
    board.wait_for(host, "Waiting for learners")
    for _ in range(4):
        host.keyboard.press("+")  # more time per question: the room's machine may be busy
    board.wait_for(host, "Time per question: 50 s")

    for _context, page, screen in learners:
        screen.wait_for(page, "A live quiz is open")
        page.keyboard.press("j")
        screen.wait_for(page, "You joined as")
    shown = board.wait_for(host, "Joined (2)")
    assert "李雷" in shown and "Bob" in shown

    host.keyboard.press("Enter")  # the first question
    for n in (1, 2):
        for (_context, page, screen), digits in zip(learners, ("13", "2")):
            answer_live_question(page, screen, n, digits)
        board.wait_for(host, f"answer to question {n} of")  # everyone answered: the host reveals by itself
        shown = board.wait_for(host, "Leaderboard")
        assert "Right answer" in shown and "2 of 2 answered" in shown and "李雷" in shown and "Bob" in shown
        for _context, page, screen in learners:  # each learner's own result: their answer counted
            shown = screen.wait_for(page, f"answer to question {n} of")
            assert "✓ Right!" in shown or "✗ Not right." in shown
        if n == 1:
            if os.environ.get("COURSE_TUI_SCREENSHOTS"):  # the README's picture of the host's reveal
                host.wait_for_timeout(500)
                host.screenshot(path=os.path.join(os.environ["COURSE_TUI_SCREENSHOTS"], "live-reveal.png"))
            host.keyboard.press("Enter")  # the next question
    host.keyboard.press("p")  # the podium now: the quiz has more questions, they are not asked
    shown = board.wait_for(host, "Per question")
    assert "Podium" in shown.split("Per question")[0] and "李雷" in shown and "Bob" in shown
    for _context, page, screen in learners:
        screen.wait_for(page, "The live quiz is over")

    from course_tui.learning.store import Store

    store = Store(served.store)
    for name in ("李雷", "Bob"):
        doc = store.read(name)
        live = [a for c in doc["courses"].values() for a in c.get("attempts", []) if a.get("mode") == "live"]
        assert len(live) == 1 and len(live[0]["answers"]) == 2, (name, live)
    for context, _page, _screen in learners:
        context.close()
    host_context.close()

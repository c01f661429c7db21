"""``course-tui serve`` in a real browser: Debian's chromium driven by Playwright against a real
server on loopback. Refused without the code (and no app process); a learner joins with a
Chinese name, reads a section and answers a quiz question, which lands in the store.

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

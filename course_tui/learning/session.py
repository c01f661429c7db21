"""Starting a study session: the course, the store, the learner, language and theme,
resolved from the command line, the environment and the learner's saved settings
(the defaults README "Usage" lists)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from course_tui.course.cache import load_for_study
from course_tui.course.model import LoadResult
from course_tui.learning.locations import language_from_env, login_name, store_dir
from course_tui.learning.progress import Learner
from course_tui.learning.store import Store, StoreError, StoreNotWritable, check_name

DEFAULT_THEME = "textual-dark"


class SessionError(Exception):
    """A one-line reason the session cannot start."""


@dataclass
class Session:
    folder: Path
    loaded: LoadResult  # a valid course may come from the parsed-course cache
    store: Store
    learner: Learner | None
    lang: str
    theme: str
    notices: list[str] = field(default_factory=list)
    learner_name: str = ""  # known even while the course is invalid and ``learner`` is None
    # No learner was named and the store had none: the app welcomes the newcomer, who picks a
    # name (the provisional learner, under the login name, is renamed to it).
    first_run: bool = False

    @property
    def read_only(self) -> str | None:
        """Why progress cannot be saved in this session (None: it is saved)."""
        return self.learner.read_only if self.learner is not None else None


def pick_language(requested: str | None, saved: object, course_languages: tuple[str, ...], environ: dict[str, str] | None = None) -> str:
    """--lang, else the learner's saved choice, else LANG; always one the course has."""
    for candidate in (requested, saved, language_from_env(environ)):
        if isinstance(candidate, str) and (not course_languages or candidate in course_languages):
            return candidate
    return course_languages[0] if course_languages else "en"


def enter_learner(store: Store, name: str, course_id: str, follow_rename: bool = False) -> Learner:
    """The learner called *name* (created in the store if new) as the store's last learner.

    *follow_rename*: *name* is the recorded last learner; if no learner is called so but one
    was renamed from it (a rename killed before it recorded the new name), that learner.
    On a store that cannot be written the learner starts read-only (``Learner.read_only``)."""
    person = Learner(store, name, course_id)
    if follow_rename and person.read_only is None and not store.exists(name):
        renamed = store.renamed_to(name)
        if renamed is not None:
            person = Learner(store, renamed, course_id)
    if person.read_only is not None:
        return person
    refused = store.cannot_write_error()
    if refused is not None:  # known now rather than at the first save
        person.go_read_only(str(refused), refused)
        return person
    try:
        if not store.exists(person.name):  # a new learner: make them known to the store
            person.doc = store.update(person.name, lambda doc: None)
        # already so: nothing to write (unless a killed writer left temporary files to remove)
        if store.last_learner() != person.name or store.leftovers():
            store.set_last_learner(person.name)
    except StoreNotWritable as exc:
        person.go_read_only(str(exc), exc)
    return person


def open_session(
    folder: Path,
    store: str | os.PathLike[str] | None = None,
    learner: str | None = None,
    lang: str | None = None,
    theme: str | None = None,
) -> Session:
    try:
        loaded = load_for_study(folder)
    except Exception as exc:  # the loader is imported only when needed (not for a cached course)
        from course_tui.course.loader import CourseNotFound

        if isinstance(exc, CourseNotFound):
            raise SessionError(str(exc)) from None
        raise
    the_store = Store(store_dir(store))
    first_run = False
    try:
        last = None
        if learner is not None:  # given: it must be a name (an empty one is not "the last learner")
            name = check_name(learner)
        else:
            last = the_store.last_learner()
            name = last or login_name()
            first_run = last is None and not the_store.has_learners()
        course_id = loaded.course.id if loaded.course else "_invalid"
        person = enter_learner(the_store, name, course_id, follow_rename=last is not None) if loaded.course else None
        if person is not None:
            name = person.name
        saved = person.settings if person else {}
        languages = loaded.course.languages if loaded.course else ()
        chosen = pick_language(lang, saved.get("lang"), languages)
        chosen_theme = theme or saved.get("theme") or DEFAULT_THEME
        if person is not None:
            if lang and saved.get("lang") != chosen:
                person.set_setting("lang", chosen)
            if theme and saved.get("theme") != chosen_theme:
                person.set_setting("theme", chosen_theme)
    except StoreError as exc:
        raise SessionError(str(exc)) from None
    return Session(folder, loaded, the_store, person, chosen, chosen_theme, list(the_store.notices), name, first_run)

"""Loading a course folder: read every file, report every finding, build the model.

``load_course(folder)`` never raises for bad content: it returns the findings, and a
:class:`~course_tui.course.model.Course` only when there are no errors.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from course_tui import gcpolicy
from course_tui.course import limits
from course_tui.course.files import quiz_files
from course_tui.course.findings import Report
from course_tui.course.formats import ITEM, MANIFEST
from course_tui.course.guessability import check_guessable
from course_tui.course.lessonfile import LessonFile, language_from_name, read_lesson
from course_tui.course.model import (
    Chapter,
    Course,
    FeedbackBand,
    Lesson,
    LoadResult,
    Question,
    Quiz,
    Scenario,
    Section,
    SectionRef,
    Source,
    Text,
)
from course_tui.course.questions import build_description, build_question, text
from course_tui.course.scenarios import build_scenario
from course_tui.course.schema import INVALID, Ctx
from course_tui.course.sources import read_text
from course_tui.course.yamlsrc import Pos, YamlProblem, YList, YMap, load_yaml

MANIFEST_NAMES = ("course.yaml", "course.yml")


class CourseNotFound(Exception):
    """The folder does not exist or is not a folder."""


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:  # pragma: no cover - paths come from globbing root
        return path.as_posix()


def _parse_yaml_file(path: Path, root: Path, report: Report) -> Any:
    report.path = _rel(path, root)
    source = read_text(path, report, root=root)
    if source is None:
        return INVALID
    try:
        loaded = load_yaml(source)
    except YamlProblem as problem:
        report.error(problem.code, problem.message, problem.pos)
        return INVALID
    for dup in loaded.duplicates:
        report.error("yaml-duplicate-key", f"key {dup.key!r} is given twice (first on line {dup.first.line})", dup.pos)
    report.escaped_controls(loaded.controls)
    if loaded.value is None:
        report.error("empty-file", "the file has no content")
        return INVALID
    return loaded.value


def _manifest(root: Path, report: Report) -> tuple[YMap | None, tuple[str, ...]]:
    # lexists, not is_file: a manifest that is a FIFO, a device or a broken link is reported
    # as what it is by read_text (file-not-regular, file-unreadable), not as missing
    path = next((root / n for n in MANIFEST_NAMES if os.path.lexists(root / n)), None)
    if path is None:
        report.error("missing-manifest", "the course has no course.yaml manifest", path="course.yaml")
        return None, ()
    raw = _parse_yaml_file(path, root, report)
    if raw is INVALID:
        return None, ()
    # Languages first: every text field is checked against them.
    languages: tuple[str, ...] = ()
    if isinstance(raw, dict) and isinstance(raw.get("languages"), list):
        langs = [lang for lang in raw["languages"] if isinstance(lang, str)]
        languages = tuple(dict.fromkeys(langs))
        if len(languages) != len(langs):
            report.error("duplicate-id", "a language is listed twice", raw.where("languages") if isinstance(raw, YMap) else None)
    manifest = MANIFEST.check(raw, Pos(1, 1), Ctx(report, languages), "")
    if manifest is INVALID:
        return None, languages
    seen: dict[str, int] = {}
    chapters = manifest.get("chapters") or YList()
    for i, cid in enumerate(chapters):
        if cid in seen:
            report.error("duplicate-id", f"chapter {cid!r} is listed twice", chapters.where(i))
        seen.setdefault(cid, i)
    return manifest, languages


@dataclass
class _Seen:
    """First definition of each id, for duplicate-id findings across files."""

    where: dict[str, tuple[str, int]] = field(default_factory=dict)

    def claim(self, key: str, path: str, pos: Pos, report: Report, what: str) -> bool:
        if key in self.where:
            first_path, first_line = self.where[key]
            report.error("duplicate-id", f"{what} {key!r} is already defined at {first_path}:{first_line}", pos, path=path)
            return False
        self.where[key] = (path, pos.line)
        return True


def _lessons(root: Path, report: Report, languages: tuple[str, ...], broken: dict[str, set[str | None]]) -> dict[str, dict[str, LessonFile]]:
    """The lesson files that could be read, by id and language. A file that could not be
    read (its own finding says why) is entered in *broken* by the id and language its name
    gives, so that the chapter, the other language and the references that need it are not
    reported again for the same mistake."""
    found: dict[str, dict[str, LessonFile]] = {}
    seen = _Seen()
    for path in sorted((root / "lessons").glob("*.md")):
        report.path = _rel(path, root)
        name_lang = language_from_name(path.name)
        name_id = path.name[: -len(f".{name_lang}.md")] if name_lang else path.name[:-3]
        source = read_text(path, report, root=root)
        if source is None:
            broken.setdefault(name_id, set()).add(name_lang)
            continue
        lesson = read_lesson(source, report.path, path.name, report, languages)
        if lesson is None or lesson.meta.get("id") is None:
            broken.setdefault(name_id, set()).add(name_lang)
            continue
        lid = lesson.meta["id"]
        if lesson.lang is None:
            broken.setdefault(lid, set()).add(name_lang)
            continue
        if seen.claim(f"{lid}/{lesson.lang}", report.path, lesson.meta.where("id"), report, f"lesson ({lesson.lang})"):
            found.setdefault(lid, {})[lesson.lang] = lesson
    return found


def _items(root: Path, report: Report, languages: tuple[str, ...]) -> list[tuple[str, YMap]]:
    items: list[tuple[str, YMap]] = []
    for path in quiz_files(root):
        raw = _parse_yaml_file(path, root, report)
        if raw is INVALID:
            continue
        item = ITEM.check(raw, Pos(1, 1), Ctx(report, languages), "")
        if item is INVALID or item.get("id") is None or item.get("title") is None:
            continue
        items.append((report.path, item))
    return items


def _first_difference(lesson: LessonFile, expected: list[str]) -> Pos:
    """Where *lesson*'s section list first departs from *expected*."""
    for i, section in enumerate(lesson.sections):
        if i >= len(expected) or section.id != expected[i]:
            return Pos(section.line, 1)
    return Pos(lesson.sections[-1].line, 1) if lesson.sections else lesson.meta.pos


def _merge_lesson(lid: str, versions: dict[str, LessonFile], languages: tuple[str, ...], report: Report, broken: set[str | None]) -> Lesson | None:
    langs = [lang for lang in languages if lang in versions] or list(versions)
    first = versions[langs[0]]
    for lang in languages:
        if lang not in versions and lang not in broken:
            report.error(
                "missing-language",
                f"lesson {lid!r} has no {lang} version (add lessons/{lid}.{lang}.md with the same section ids)",
                first.meta.pos,
                path=first.path,
            )
    base_ids = [s.id for s in first.sections]
    for lang in langs[1:]:
        other = versions[lang]
        ids = [s.id for s in other.sections]
        if ids != base_ids:
            missing = [i for i in base_ids if i not in ids]
            extra = [i for i in ids if i not in base_ids]
            detail = []
            if missing:
                detail.append(f"missing {', '.join(missing)}")
            if extra:
                detail.append(f"extra {', '.join(extra)}")
            if not detail:
                detail.append("same sections in another order")
            report.error(
                "section-mismatch",
                f"lesson {lid!r}: the {lang} sections differ from the {langs[0]} ones ({'; '.join(detail)})",
                _first_difference(other, base_ids),
                path=other.path,
            )
            return None
    if len(langs) < len(languages):
        return None
    sections = tuple(
        Section(
            sid,
            Text({lang: versions[lang].sections[i].title for lang in langs}),
            Text({lang: versions[lang].sections[i].body for lang in langs}),
        )
        for i, sid in enumerate(base_ids)
    )
    objectives_by_lang = {lang: list(versions[lang].meta.get("objectives") or []) for lang in langs}
    count = max(len(v) for v in objectives_by_lang.values())
    for lang in langs[1:]:
        if len(objectives_by_lang[lang]) != len(objectives_by_lang[langs[0]]):
            report.warning(
                "objectives-mismatch",
                f"lesson {lid!r}: {len(objectives_by_lang[lang])} objectives in {lang} but {len(objectives_by_lang[langs[0]])} in {langs[0]}",
                versions[lang].meta.where("objectives"),
                path=versions[lang].path,
            )
    objectives = tuple(Text({lang: objectives_by_lang[lang][i] for lang in langs if i < len(objectives_by_lang[lang])}) for i in range(count))
    return Lesson(
        id=lid,
        title=Text({lang: versions[lang].meta["title"] for lang in langs}),
        objectives=objectives,
        sections=sections,
        minutes=first.meta.get("minutes"),
        files=tuple(versions[lang].path for lang in langs),
    )


def _check_refs(refs: list[tuple[str, str, Pos]], lessons: dict[str, dict[str, LessonFile]], report: Report, broken: dict[str, set[str | None]]) -> None:
    for path, ref, pos in refs:
        target = SectionRef.parse(ref)
        versions = lessons.get(target.lesson)
        if target.lesson in broken:
            continue  # its lesson file could not be read: that file's finding says why
        if not versions:
            report.error("unknown-section", f"{ref!r} points to lesson {target.lesson!r}, which does not exist", pos, path=path)
            continue
        ids = {s.id for v in versions.values() for s in v.sections}
        if target.section not in ids:
            report.error("unknown-section", f"{ref!r}: lesson {target.lesson!r} has no section {target.section!r}", pos, path=path)


def _shown_at_once(thing: YMap, what: str, languages: tuple[str, ...], report: Report) -> bool:
    """Whether the texts of a question (prompt, options, feedback, explanation) or of a
    scenario node (its text and choices), which the app shows together, are within
    limits.MAX_SHOWN_BYTES in every language; reports it when not."""
    size = limits.shown_over_limit(thing, languages)
    if not size:
        return True
    name = f" {thing['id']!r}" if isinstance(thing.get("id"), str) else ""
    report.error(
        f"{'question' if what == 'question' else 'node'}-too-long",
        f"{what}{name} has {size / 1024:,.1f} KB of text; one may have at most {limits.MAX_SHOWN_BYTES // 1024} KB "
        "(the app shows it at once): shorten it, or move the detail into a lesson section",
        thing.pos,
    )
    return False


def _bands(item: YMap, report: Report) -> tuple[FeedbackBand, ...]:
    """A quiz's overall feedback bands, highest ``min`` first; a ``min`` given twice is reported."""
    bands: dict[int, FeedbackBand] = {}
    raw = item.get("feedback") or YList()
    for i, band in enumerate(raw):
        if not isinstance(band, YMap) or band.get("min") is None or band.get("text") is None:
            continue
        if band["min"] in bands:
            report.error("duplicate-id", f"quiz {item['id']!r}: two feedback bands start at {band['min']}%", raw.where(i))
            continue
        bands[band["min"]] = FeedbackBand(band["min"], Text(band["text"]))
    return tuple(bands[m] for m in sorted(bands, reverse=True))


def _resolve_draws(quizzes: list[Quiz], draws: list[tuple[int, str, YMap]], report: Report) -> None:
    """Give each quiz with a ``draw`` its pool: the questions of the quizzes it names and the
    questions carrying the tags it names (never the quiz's own). A name that is neither, or a
    pool smaller than the count, is reported."""
    by_id = {q.id: q for q in quizzes}
    tagged: dict[str, list[Any]] = {}
    for quiz in quizzes:
        for question in quiz.questions:
            for tag in question.tags:
                tagged.setdefault(tag, []).append(question)
    for index, path, draw in draws:
        quiz = quizzes[index]
        own = {q.id for q in quiz.questions}
        pool: dict[str, Any] = {}
        names = draw.get("from") or YList()
        for i, name in enumerate(names):
            if name in by_id and name != quiz.id:
                found = list(by_id[name].questions)
            elif name in tagged:
                found = tagged[name]
            else:
                what = "itself" if name == quiz.id else "no quiz id and no question's tag"
                report.error("draw-unknown-pool", f"quiz {quiz.id!r} draws from {name!r}, which is {what}", names.where(i), path=path)
                continue
            for question in found:
                if question.id not in own:
                    pool.setdefault(question.id, question)
        count = draw.get("count") or 0
        if len(pool) < count:
            report.error(
                "draw-pool-too-small",
                f"quiz {quiz.id!r} draws {count} question(s) from a pool of {len(pool)} ({', '.join(map(str, names))})",
                draw.where("count"),
                path=path,
            )
        quizzes[index] = msgspec.structs.replace(quiz, pool=tuple(pool.values()), draw_count=count)


def _by_chapter(things: list[Any]) -> dict[str, list[Any]]:
    """Quizzes or scenarios grouped by chapter, each group in file order."""
    groups: dict[str, list[Any]] = {}
    for thing in things:
        groups.setdefault(thing.chapter, []).append(thing)
    return groups


def load_course(folder: str | Path) -> LoadResult:
    """Load and validate the course in *folder*. Raises only :class:`CourseNotFound`.

    Garbage collection is paused meanwhile (course_tui/gcpolicy.py): loading makes millions
    of small acyclic objects, whose collections would cost as much as the loading itself."""
    with gcpolicy.paused():
        return _load_course(folder)


def _load_course(folder: str | Path) -> LoadResult:
    root = Path(folder)
    if not root.is_dir():
        raise CourseNotFound(f"course folder not found: {folder}")
    report = Report()
    manifest, languages = _manifest(root, report)
    broken: dict[str, set[str | None]] = {}
    lessons = _lessons(root, report, languages, broken)
    items = _items(root, report, languages)
    chapter_ids = list(manifest.get("chapters") or []) if manifest else []
    pass_mark: int = (manifest.get("pass_mark") if manifest else None) or 70

    refs: list[tuple[str, str, Pos]] = []
    ids, question_ids = _Seen(), _Seen()
    quizzes: list[Quiz] = []
    draws: list[tuple[int, str, YMap]] = []  # (index in quizzes, file, the checked draw)
    scenarios: list[Scenario] = []
    for path, item in items:
        report.path = path
        if not ids.claim(item["id"], path, item.where("id"), report, "quiz or scenario id"):
            continue
        chapter = item.get("chapter")
        if chapter is not None and manifest is not None and chapter not in chapter_ids:
            report.error("unknown-chapter", f"chapter {chapter!r} is not listed in course.yaml chapters", item.where("chapter"))
        if item["type"] == "quiz":
            questions: list[Question] = []
            descriptions = []
            last_description: YMap | None = None
            for q in item.get("questions") or []:
                if isinstance(q, YMap) and q.get("type") == "description":
                    if q.get("id") is not None and question_ids.claim(q["id"], path, q.where("id"), report, "question id"):
                        built_description = build_description(q, path, len(questions))
                        if built_description is not None:
                            descriptions.append(built_description)
                            last_description = q
                    continue
                if isinstance(q, YMap) and not _shown_at_once(q, "question", languages, report):
                    continue
                if isinstance(q, YMap) and q.get("id") is not None:
                    if not question_ids.claim(q["id"], path, q.where("id"), report, "question id"):
                        continue
                    if q.get("section"):
                        refs.append((path, q["section"], q.where("section")))
                built = build_question(q, report, path, languages)
                if built is not None:
                    questions.append(built)
            if item.get("questions") is None and item.get("draw") is None:
                report.error("missing-field", f"quiz {item['id']!r} needs 'questions', a 'draw', or both", item.pos)
            if item.get("questions") and all(isinstance(q, YMap) and q.get("type") == "description" for q in item["questions"]):
                report.error("too-few-items", f"quiz {item['id']!r} has descriptions but no question to answer", item.where("questions"))
            elif questions and descriptions and descriptions[-1].position == len(questions) and last_description is not None:
                report.warning(
                    "description-at-end",
                    f"description {descriptions[-1].id!r} comes after the last question: a description is shown with the questions after it, so learners never see this one",
                    last_description.pos,
                )
            mode = item.get("mode") or "practice"
            shuffle = item.get("shuffle")
            if mode == "exam":
                for q in item.get("questions") or []:
                    if isinstance(q, YMap) and q.get("hint") is not None:
                        report.warning(
                            "hint-in-exam", f"question {q.get('id')!r}: hints are offered in practice only, so this exam never shows it", q.where("hint")
                        )
            quizzes.append(
                Quiz(
                    id=item["id"],
                    title=Text(item["title"]),
                    chapter=chapter,
                    mode=mode,
                    pass_mark=pass_mark if item.get("pass_mark") is None else item["pass_mark"],
                    time_limit=item.get("time_limit"),
                    shuffle=True if shuffle is None else bool(shuffle),
                    questions=tuple(questions),
                    description=text(item.get("description")),
                    file=path,
                    attempts=item.get("attempts"),
                    grading=item.get("grading") or "highest",
                    feedback=_bands(item, report),
                    descriptions=tuple(descriptions),
                )
            )
            if isinstance(item.get("draw"), YMap):
                draws.append((len(quizzes) - 1, path, item["draw"]))
        else:
            if chapter is None:
                report.error("missing-field", f"scenario {item['id']!r} needs a 'chapter'", item.pos)
            too_long = False
            for node in item.get("nodes") or []:
                if isinstance(node, YMap) and not _shown_at_once(node, "scenario node", languages, report):
                    too_long = True
                ending = node.get("ending") if isinstance(node, YMap) else None
                if isinstance(ending, YMap) and isinstance(ending.get("sections"), YList):
                    secs = ending["sections"]
                    refs.extend((path, ref, secs.where(i)) for i, ref in enumerate(secs) if isinstance(ref, str))
            try:
                scenario = build_scenario(item, report, path)
            except RecursionError:  # a second line: the graph analyses do not recurse
                report.error("analysis-failed", f"scenario {item['id']!r} is too deep to be checked, so it is left out: split it", item.pos)
                scenario = None
            if scenario is not None and not too_long:
                scenarios.append(scenario)

    _resolve_draws(quizzes, draws, report)
    _check_refs(refs, lessons, report, broken)

    chapters: list[Chapter] = []
    if manifest is not None:
        chapter_list = manifest.get("chapters") or YList()
        for i, cid in enumerate(chapter_list):
            if cid not in lessons and cid not in broken:
                files = " and ".join(f"lessons/{cid}.{lang}.md" for lang in languages) if len(languages) > 1 else f"lessons/{cid}.md"
                report.error(
                    "chapter-no-lesson",
                    f"chapter {cid!r} has no lesson (add {files} with 'id: {cid}')",
                    chapter_list.where(i),
                    path=_rel(root / "course.yaml", root) if (root / "course.yaml").is_file() else "course.yml",
                )
        for lid, versions in lessons.items():
            if lid not in chapter_ids:
                first = next(iter(versions.values()))
                report.warning(
                    "lesson-not-in-course",
                    f"lesson {lid!r} is not listed in course.yaml chapters, so learners never see it",
                    first.meta.where("id"),
                    path=first.path,
                )
        merged: dict[str, Lesson] = {}
        for lid, versions in lessons.items():
            lesson = _merge_lesson(lid, versions, languages, report, broken.get(lid, set()))
            if lesson is not None:
                merged[lid] = lesson
        quizzes_of = _by_chapter(quizzes)
        scenarios_of = _by_chapter(scenarios)
        for cid in dict.fromkeys(chapter_ids):
            if cid in merged:
                chapters.append(Chapter(cid, merged[cid], tuple(quizzes_of.get(cid, ())), tuple(scenarios_of.get(cid, ()))))

    manifest_name = next((n for n in MANIFEST_NAMES if (root / n).is_file()), MANIFEST_NAMES[0])
    try:
        check_guessable(quizzes, scenarios, report, manifest_name)
    except RecursionError:  # a second line: the figures are computed without recursion
        report.warning(
            "analysis-failed",
            "the answer-position figures could not be computed (the course is too deep), so guessable-by-position was not checked",
            Pos(1, 1),
            path=manifest_name,
        )
    findings = report.sorted()
    if manifest is None or any(f.severity == "error" for f in findings):
        return LoadResult(None, findings)
    source = manifest.get("source")
    course = Course(
        id=manifest["id"],
        title=Text(manifest["title"]),
        languages=languages,
        pass_mark=pass_mark,
        chapters=tuple(chapters),
        exams=tuple(q for q in quizzes if q.chapter is None),
        root=root.resolve(),
        description=text(manifest.get("description")),
        version=manifest.get("version"),
        source=Source(
            title=source["title"],
            author=source.get("author"),
            publisher=source.get("publisher"),
            date=source.get("date"),
            url=source.get("url"),
            note=text(source.get("note")),
        )
        if source
        else None,
        authors=tuple(manifest.get("authors") or ()),
    )
    return LoadResult(course, findings)

"""Size limits of course files and of the texts in them (no accepted course can freeze
the app). Measured figures are beside each limit; ``validate`` reports an error for
anything over one. Nothing is imported here: the cache and the seed use these on the fast
start path.
"""

from __future__ import annotations

# The largest course file read at all: this bounds the reading and parsing of one file (a
# quiz of 60,000 questions is about 5 MB). What the app shows at once is limited further,
# below.
MAX_FILE_BYTES = 16 * 1024 * 1024

# Limits of what the app shows at once are in UTF-8 bytes: rendering cost follows the bytes
# more closely than the characters (a Chinese character is 3 bytes and 2 cells wide, a Latin
# letter 1 byte and 1 cell), so one figure serves both scripts.

# The longest lesson section (its Markdown). The app renders a whole section when it is
# opened. Measured with benchmarks/section_size.py (Pilot run_test, 80x24, headless; prose
# paragraphs, a bullet list and one long line, in English and Chinese; the time from the
# key to the last changed frame, and the CPU time meanwhile) on the 2-core development
# machine while other test runs loaded it (load average ~5, so wall times are about twice
# an idle machine's):
#     16 KB: 0.20-0.41 s (CPU 0.08-0.14 s)    32 KB: 0.18-0.51 s (CPU 0.14-0.29 s)
#     48 KB: 0.27-0.79 s (CPU 0.18-0.52 s)    64 KB: 0.40-1.56 s (CPU 0.11-0.61 s)
#     1 MB: 2.3-6.2 s; a 14.9 MB section once froze the app for 61 s.
# 32 KB (about 5,000 English words or 10,000 Chinese characters) stays under half a second.
MAX_SECTION_BYTES = 32 * 1024

# The longest single text of a quiz or a scenario: a title, a prompt, an option, a feedback,
# an explanation, a scenario node's text; and below, all the text of one question or node.
MAX_TEXT_BYTES = 4 * 1024

# All the text of one question (prompt, options, their feedback, the explanation) or of one
# scenario node (its text and choices) in any one language: the app shows it together (the
# answer's feedback shows every option with its feedback and the explanation). Measured as
# above with a prompt, an explanation and four options with feedback of N KB each (the worse
# of opening the quiz and showing the feedback): 0 KB: 0.14-0.26 s (CPU 0.10-0.14 s);
# 10 x 1 KB: 0.21-0.62 s (CPU 0.16-0.29 s); 10 x 2 KB: 0.25-0.75 s (CPU 0.17-0.35 s).
MAX_SHOWN_BYTES = 16 * 1024


def over(text: str, limit: int) -> bool:
    """Whether *text* is more than *limit* bytes in UTF-8 (without encoding the many short
    texts that cannot be: a character is at most 4 bytes)."""
    return len(text) * 4 > limit and len(text.encode("utf-8", "surrogatepass")) > limit


def shown_over_limit(value: object, languages: tuple[str, ...]) -> int:
    """0 when the text of *value* (a checked question or scenario node: maps, lists,
    ``{language: text}`` maps) is within :data:`MAX_SHOWN_BYTES` in every language; else the
    UTF-8 bytes it shows in its longest language."""
    if _upper_bound(value) <= MAX_SHOWN_BYTES:  # nearly always: no encoding, one walk
        return 0
    totals = dict.fromkeys(languages or ("",), 0)
    stack: list[tuple[object, str | None]] = [(value, None)]
    while stack:  # no recursion (the YAML is at most yamlsrc.MAX_DEPTH deep anyway)
        item, lang = stack.pop()
        if isinstance(item, str):
            size = len(item.encode("utf-8", "surrogatepass"))
            for key in (lang,) if lang is not None else totals:
                totals[key] = totals.get(key, 0) + size
        elif isinstance(item, dict):
            by_language = lang is None and bool(item) and all(k in totals for k in item)
            stack.extend((v, k if by_language else lang) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, lang) for v in item)
    size = max(totals.values())
    return size if size > MAX_SHOWN_BYTES else 0


def _upper_bound(value: object) -> int:
    """At least the UTF-8 bytes of all the text in *value* (4 a character), cheaply."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if item.__class__ is str:
            total += len(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return total * 4


# The most different nodes the ``assumes`` lists of one scenario may name. Checking them
# costs one search of the scenario graph per such node (a 1.1 MB scenario of 2,000 nodes,
# each assuming the 60 before it, once took 48 s with a search per assumption). Measured at
# the limit (benchmark in tests/test_scenario_paths.py: a chain whose every node assumes 60 of
# the first 256): 2,000 nodes (0.9 MB) 0.2 s of a 0.6 s load; 20,000 nodes (9.7 MB) 2.7 s
# of a 7.7 s load, so the check stays a fraction of reading the file.
MAX_ASSUMED_NODES = 256

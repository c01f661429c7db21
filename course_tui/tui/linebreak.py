"""Where a line of text may break, with the Chinese (and Japanese) line-breaking rules.

Rich and Textual break lines only at spaces, and fold a run with no space — a Chinese
sentence is one — at whatever character reaches the edge: lines then start with "，" or "）"
and end with "“". :func:`divide_line` keeps their interface (the offsets at which a line is
cut) and follows the rules of CJK typesetting (kinsoku shori, as UAX #14 encodes them for
these classes):

- a line may break at a space, and between two characters when either is a wide (CJK)
  character, except
- never before closing punctuation, a pause or stop mark, or a small kana (no line starts
  with "，。、；：！？）」』》】”’…" and their kin), and never after an opening bracket or quote
  (no line ends with "（「『《【“‘");
- a run of Latin letters and digits ("PMO", "2021") stays whole, as does "——" or "……".

A piece that still does not fit in the width is folded by cells, as Rich does.
"""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len, chop_cells, get_character_cell_size

# Never at the start of a line: closing brackets and quotes, stops, pauses, small kana,
# iteration marks, and the narrow punctuation that closes a clause.
NO_START = frozenset(
    "、。，．,.！？!?；;：:）)］]｝}」』》〉】〕〗〙〛”’»›"
    "…‥・ー々〻ゝゞヽヾ"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "％%‰℃°′″｡､｣！＂＇，．：；？｝"
)
# Never at the end of a line: opening brackets and quotes.
NO_END = frozenset("（(［[｛{「『《〈【〔〖〘〚“‘«‹｢＜")
# Dashes and ellipses that come in pairs and are never split.
PAIRED = frozenset("—…⋯")


def _may_break(before: str, after: str) -> bool:
    """True when a line may break between two non-space characters."""
    if after in NO_START or before in NO_END:
        return False
    if before == after and before in PAIRED:
        return False
    if get_character_cell_size(before) == 2 or get_character_cell_size(after) == 2:
        return True
    # CJK quotes and marks Rich counts one cell wide (“ ” …): a break after a closing one or
    # before an opening one, as beside a wide character; ASCII ones keep a word whole ("f(x),")
    return (before in NO_START and not before.isascii()) or (after in NO_END and not after.isascii())


def _pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) of the unbreakable pieces of *text*, each with the spaces after it."""
    pieces: list[tuple[int, int]] = []
    start = 0
    size = len(text)
    i = 0
    while i < size and text[i].isspace():  # leading spaces belong to the first piece
        i += 1
    while i < size:
        char = text[i]
        i += 1
        if i >= size:
            break
        following = text[i]
        if following.isspace():
            while i < size and text[i].isspace():
                i += 1
            pieces.append((start, i))
            start = i
        elif _may_break(char, following):
            pieces.append((start, i))
            start = i
    if start < size or not pieces:
        pieces.append((start, size))
    return pieces


@lru_cache(maxsize=4096)
def _divide(text: str, width: int, fold: bool) -> tuple[int, ...]:
    breaks: list[int] = []
    offset = 0  # cells used on the current line
    for start, end in _pieces(text):
        piece = text[start:end]
        length = cell_len(piece.rstrip())
        if width - offset >= length:
            offset += cell_len(piece)
        elif length > width:  # fits on no line: fold it, or crop it where folding is off
            if fold:
                lines = chop_cells(piece, width=width)
                for number, line in enumerate(lines):
                    if start:
                        breaks.append(start)
                    if number == len(lines) - 1:
                        offset = cell_len(line)
                    else:
                        start += len(line)
            else:
                if start:
                    breaks.append(start)
                offset = cell_len(piece)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(piece)
    return tuple(breaks)


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """The offsets in *text* at which to break it into lines of at most *width* cells
    (Rich's ``divide_line``, with the CJK line-breaking rules)."""
    if width < 1:
        width = 1
    return list(_divide(text, width, fold))

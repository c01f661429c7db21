"""HTML (from GIFT ``[html]`` texts) to readable Markdown.

Paragraphs, line breaks, lists, preformatted code, bold/italic, links and tables survive;
styling, spans, comments, scripts and unknown tags are dropped; entities are decoded.
Images cannot come along (the file is not there): their alt text is kept and a note is
returned so the importer can warn.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "table",
    "tr",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "dl",
    "dt",
    "dd",
    "figure",
    "center",
}
_EMPHASIS = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`", "tt": "`"}
_DROP = {"script", "style", "head", "title"}
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")


def looks_like_html(text: str) -> bool:
    return bool(_TAG_RE.search(text))


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []  # (text, tight: joined to the previous by one newline)
        self.line: list[str] = []
        self.open_marks: list[tuple[str, int]] = []
        self.lists: list[list[Any]] = []  # [tag, counter]
        self.prefix = ""
        self.tight = False
        self.pre: list[str] | None = None
        self.drop = 0
        self.link: str | None = None
        self.link_start = 0
        self.rows = 0
        self.notes: list[str] = []

    # -- helpers
    def flush(self) -> None:
        text = re.sub(r"[ \t\r\f\v\xa0\u3000]*\n[ \t\r\f\v\xa0\u3000]*", "\n", "".join(self.line))
        text = re.sub(r"[^\S\n]+", " ", text).strip()
        self.line = []
        self.open_marks = []
        if text:
            indent = " " * len(self.prefix)
            self.blocks.append((self.prefix + text.replace("\n", "\n" + indent), self.tight))
            self.prefix = ""
        self.tight = False

    def data(self, text: str) -> None:
        text = re.sub(r"\s+", " ", text)
        if self.line and self.line[-1] in _EMPHASIS.values() and text[:1].isspace():
            self.line.insert(len(self.line) - 1, " ")
            text = text.lstrip()
        self.line.append(text)

    # -- parser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in _DROP:
            self.drop += 1
        elif self.drop:
            return
        elif tag == "pre":
            self.flush()
            self.pre = []
        elif self.pre is not None:
            return
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.append([tag, 0])
        elif tag == "li":
            self.flush()
            depth = max(len(self.lists), 1)
            kind: list[Any] = self.lists[-1] if self.lists else ["ul", 0]
            kind[1] += 1
            self.prefix = "  " * (depth - 1) + ("- " if kind[0] == "ul" else f"{kind[1]}. ")
            self.tight = depth > 1 or kind[1] > 1
        elif tag == "table":
            self.flush()
            self.rows = 0
        elif tag == "tr":
            self.flush()
            self.tight = self.rows > 0
            self.rows += 1
        elif tag in _BLOCK:
            self.flush()
        elif tag == "br":
            self.line.append("\n")
        elif tag in ("td", "th"):
            if self.line and "".join(self.line).strip():
                self.line.append(" | ")
        elif tag in _EMPHASIS:
            self.open_marks.append((tag, len(self.line)))
            self.line.append(_EMPHASIS[tag])
        elif tag == "a":
            self.link, self.link_start = a.get("href") or None, len(self.line)
        elif tag == "img":
            src, alt = a.get("src") or "", (a.get("alt") or "").strip()
            self.notes.append(f"an image ({src or 'no source'}) cannot be imported" + (f"; its description {alt!r} is kept" if alt else ""))
            if alt:
                self.data(f"[image: {alt}]")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.drop = max(self.drop - 1, 0)
        elif self.drop:
            return
        elif tag == "pre" and self.pre is not None:
            code = "".join(self.pre).strip("\n")
            self.pre = None
            if code.strip():
                self.blocks.append(("```\n" + code + "\n```", False))
        elif self.pre is not None:
            return
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif tag == "tr":
            self.flush()
            self.tight = True
        elif tag in _BLOCK or tag == "li":
            self.flush()
        elif tag in _EMPHASIS:
            self.close_mark(tag)
        elif tag == "a":
            text = "".join(self.line[self.link_start :]).strip()
            href = self.link or ""
            if href.startswith("@@PLUGINFILE@@"):
                self.notes.append(f"a link to an attached file ({href}) cannot be imported; its text is kept")
            elif re.match(r"^(https?:|mailto:)", href) and text and text != href:
                self.line[self.link_start :] = [f"[{text}]({href})"]
            self.link = None

    def close_mark(self, tag: str) -> None:
        for i in range(len(self.open_marks) - 1, -1, -1):
            if self.open_marks[i][0] == tag:
                start = self.open_marks[i][1]
                del self.open_marks[i]
                inner = "".join(self.line[start + 1 :])
                if not inner.strip():
                    self.line[start : start + 1] = []
                    return
                trail = inner[len(inner.rstrip()) :]
                self.line[start + 1 :] = [inner.rstrip(), _EMPHASIS[tag], trail]
                return

    def handle_data(self, data: str) -> None:
        if self.drop:
            return
        if self.pre is not None:
            self.pre.append(data)
        else:
            self.data(data)


def html_to_markdown(html: str) -> tuple[str, list[str]]:
    """Readable Markdown for *html*, and notes about what could not be kept (images, files)."""
    conv = _Converter()
    conv.feed(html)
    conv.close()
    if conv.pre is not None:
        conv.handle_endtag("pre")
    conv.flush()
    out = ""
    for text, tight in conv.blocks:
        out += ("\n" if tight else "\n\n") + text if out else text
    return out.strip(), conv.notes

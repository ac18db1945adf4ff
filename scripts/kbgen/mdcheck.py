"""Checks on the Markdown an author writes inside text fields.

markdown-it-py finds raw HTML, links, headings and fences reliably. The site renders
with Python-Markdown, which is looser about HTML and reads `{: ...}` attribute lists, so
the checks here are deliberately stricter than CommonMark: whatever either parser could
turn into markup an author did not mean is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# `entry:<slug>` and `entry:<slug>#<anchor>` link to another entry of the knowledge base.
ENTRY_LINK = re.compile(
    r"^entry:([a-z0-9]+(?:-[a-z0-9]+)*)(?:#([a-z0-9]+(?:-[a-z0-9]+)*))?$"
)
_ANCHOR_LINK = re.compile(r"^#([a-z0-9]+(?:-[a-z0-9]+)*)$")
_HTML_LIKE = re.compile(r"<[A-Za-z/!?]")
# Python-Markdown's admonition extension (enabled for the site's own notices) reads these.
_ADMONITION = re.compile(r"^[ \t]*!!!", re.MULTILINE)
_ATTR_LIST = re.compile(r"\{\s*:|\{\s*[#.][A-Za-z_]|\{[^}]*=")
# What could make markup, an empty block or a link: a text with none of these is plain
# paragraphs and list items, so parsing it finds nothing (most fields; parsing them all
# was half of validation). `tests/test_mdcheck_plain.py` checks both paths agree.
_MAY_BE_MARKUP = re.compile(
    r"[<>#`~\[{!&\\|]"  # HTML, quotes, headings, code, links, entities, tables
    r"|[^\S \n]"  # other white space (tabs, no-break spaces): blocks may hold only it
    r"| {4}"  # indented code, also after a list marker
    # rules, setext underlines, list items holding nothing but more markers
    r"|^[ ]*(?:(?:[-=*_+]|\d+[.)])[ ]*)+$",
    re.MULTILINE,
)
# A code span in single backticks within one line. Its content is never markup, so the
# shortcut reads it as a plain word; most fields hold nothing else that could be markup.
# A backtick left over (longer runs, unclosed spans) still sends the text to the parser.
_CODE_SPAN = re.compile(r"`[^`\n\r]+`")
# What the shortcut puts in place of a code span: a character no link target accepts.
_SPAN_WORD = "\ue000"
# An inline link the shortcut reads itself: `[label](target)` on one line, not an image
# or a second bracket pair, with a target free of anything a parser could read another
# way (spaces, brackets, quotes of code, escapes, control characters). Its label is
# checked like the rest of the text; a target that is not allowed is left to the parser,
# which words the message. Links were what sent most long fields to the parser.
_SIMPLE_LINK = re.compile(
    r"(?<![!\]\\])\[([^\[\]\n]*)\]\(([^\s()<>`\\\x00-\x1f\x7f\ue000]+)\)"
)


@dataclass(frozen=True)
class Finding:
    """A problem in one Markdown text, or a link to resolve against the catalog."""

    message: str


@dataclass(frozen=True)
class Link:
    """An internal link: to an entry (`slug`) or an anchor on the same page (`slug` None)."""

    slug: str | None
    anchor: str | None


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    # Keep every link as a token, even schemes markdown-it would drop, so we can refuse them.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def check_markdown(text: str) -> tuple[list[Finding], list[Link]]:
    """Return the problems in `text` and the internal links it makes."""
    if text.strip():
        plain = _CODE_SPAN.sub(_SPAN_WORD, text)
        if not _MAY_BE_MARKUP.search(plain):
            return [], []
        links: list[Link] = []
        rest = _SIMPLE_LINK.sub(lambda m: _read_link(m, links), plain)
        if rest != plain and not _MAY_BE_MARKUP.search(rest):
            return [], links
    return parsed_check(text)


def _read_link(match: re.Match[str], links: list[Link]) -> str:
    """Stand in for one simple link with a word, noting where it leads; else keep it."""
    label, target = match.groups()
    if _MAY_BE_MARKUP.search(label):
        return match.group(0)
    refused, link = _check_link(target)
    if refused is not None:
        return match.group(0)  # the parser's path words the message
    if link is not None:
        links.append(link)
    return _SPAN_WORD


def parsed_check(text: str) -> tuple[list[Finding], list[Link]]:
    """Return what `check_markdown` does, always by parsing `text`."""
    findings: list[Finding] = []
    links: list[Link] = []
    tokens = _parser().parse(text)
    if _ADMONITION.search(text):
        findings.append(
            Finding("admonitions (`!!!`) are not allowed; write a plain paragraph")
        )
    for token in _walk(tokens):
        finding, link = _check_token(token)
        if finding:
            findings.append(finding)
        if link:
            links.append(link)
    has_text = any(t.type == "inline" and t.content.strip() for t in tokens)
    if not findings and not has_text:
        findings.append(Finding("has no text; write the section or remove the field"))
    return _unique(findings), links


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _check_token(token: Token) -> tuple[Finding | None, Link | None]:
    kind = token.type
    if kind in ("html_block", "html_inline") or (
        kind == "text" and _HTML_LIKE.search(token.content)
    ):
        return Finding(
            "raw HTML is not allowed; write Markdown, or put tags in `backticks`"
        ), None
    if kind == "heading_open":
        return Finding(
            "headings are not allowed here; the page sets its own headings"
        ), None
    if kind in ("fence", "code_block"):
        return Finding(
            "code blocks are not allowed in text; put code in `snippets`"
        ), None
    if kind == "image":
        return Finding(
            "images are not allowed; the site loads nothing from other hosts"
        ), None
    if kind == "text" and _ATTR_LIST.search(token.content):
        return Finding(
            "`{...}` attribute lists are not allowed; remove the braces"
        ), None
    if kind == "link_open":
        return _check_link(str(token.attrGet("href") or ""))
    return None, None


def _check_link(href: str) -> tuple[Finding | None, Link | None]:
    if href.startswith("https://") and not re.search(r"\s", href):
        return None, None
    if match := ENTRY_LINK.match(href):
        return None, Link(match.group(1), match.group(2))
    if match := _ANCHOR_LINK.match(href):
        return None, Link(None, match.group(1))
    return (
        Finding(
            f"link target {href!r} is not allowed; expected an https:// URL, "
            "entry:<slug>, entry:<slug>#<anchor> or #<anchor>"
        ),
        None,
    )


def _unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))

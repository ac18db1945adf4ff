"""Markdown to plain text, for places that show no markup: previews, feeds, redirects."""

from __future__ import annotations

from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Inline tokens whose content is text a reader sees.
_TEXT_TOKENS = {"text", "code_inline"}
_BREAKS = {"softbreak", "hardbreak"}


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


# Each summary is asked for by the page, its redirects and the feed.
@lru_cache(maxsize=8192)
def markdown_to_text(text: str) -> str:
    """Return the words of a Markdown text on one line, without markup."""
    words: list[str] = []
    for token in _parser().parse(text):
        if token.type == "inline":
            words.append(_inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            words.append(token.content)
    return " ".join(" ".join(words).split())


def _inline_text(children: list[Token]) -> str:
    return "".join(
        child.content if child.type in _TEXT_TOKENS else " "
        for child in children
        if child.type in _TEXT_TOKENS or child.type in _BREAKS
    )

"""Symptom signatures: a small pattern language, and the rules entries must obey with it.

A signature is the part of an error message that identifies it in a log, with the
variable parts marked by placeholders:

    failed to resolve source metadata for docker.io/library/{image}: pull access denied

It compiles to a list of tokens whose regular-expression sources mean the same in
Python's `re` and in ECMAScript with the `u` flag. The site's log box
(docs/assets/kb-match.js) receives those very sources, so the two matchers cannot drift:
no `\\s`, `\\d`, `\\w` or `.` (their meaning differs between the two engines), only
explicit character classes, and escapes that both accept.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property

from .model import Entry
from .problems import KeyPath, Problem
from .yamlload import Document

# What each placeholder stands for. Each source is valid in both regex flavours.
PLACEHOLDERS: dict[str, str] = {
    "image": r"[A-Za-z0-9][A-Za-z0-9._/:@-]*",
    "host": r"(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*)(?::[0-9]+)?",
    "tag": r"[A-Za-z0-9_][A-Za-z0-9_.-]*",
    "digest": r"[A-Za-z][A-Za-z0-9+._-]*:[0-9A-Fa-f]{32,}",
    "path": "[^ \\t\"'<>]+",
    "number": r"[0-9]+(?:\.[0-9]+)*",
    "text": r"[^\n]*?",
}
# A space in a signature matches any run of blanks, or none: a log wrapped at a fixed
# width may have lost the space where it was cut.
BLANKS = "[ \\t]*"
# Signatures are matched case-insensitively; "u" makes ECMAScript fold case by Unicode
# rules, as Python's re does.
FLAGS_JS = "iu"
# The longest literal word is looked for with a plain substring search before any
# regex runs; it must be long enough to rule out most lines.
MIN_ANCHOR = 6
_SYNTAX = frozenset("\\^$.|?*+()[]{}")
_BRACES = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_WORDS = re.compile(r"[ \t]+|[^ \t]+")


class SignatureError(ValueError):
    """A signature that does not compile; `offset` is the character it is about."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Token:
    """One piece of a compiled signature: a literal word, blanks or a placeholder."""

    source: str
    literal: int = 0
    end: int = field(default=0, compare=False)  # where it ends in the signature text


@dataclass(frozen=True)
class Signature:
    """A compiled signature: its tokens, the regex they make and its anchor word."""

    text: str
    tokens: tuple[Token, ...]
    anchor: str
    # Its literal words in lower case, longest first: a match holds every one.
    words: tuple[str, ...] = ()

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The compiled regex, made on first use: most signatures are never run in a
        build, because no other entry's message holds all their words."""
        return re.compile(self.prefix_source(len(self.tokens)), re.IGNORECASE)

    @property
    def literal(self) -> int:
        """Return how many literal characters (blanks aside) the signature fixes."""
        return sum(t.literal for t in self.tokens)

    def prefix_source(self, count: int) -> str:
        """Return the regex source of the first `count` tokens."""
        return "".join(t.source for t in self.tokens[:count])


def escape(text: str) -> str:
    """Escape literal text for both Python's re and ECMAScript regexes with `u`."""
    # re.escape also escapes '-', '#', '&', '~' and spaces, which `u` mode refuses.
    return "".join("\\" + c if c in _SYNTAX else c for c in text)


@cache
def compile_signature(text: str) -> Signature:
    """Compile a signature, or raise SignatureError saying what is wrong and where."""
    tokens: list[Token] = []
    pos = 0
    for found in _BRACES.finditer(text):
        tokens += _literal_tokens(text, pos, found.start())
        tokens.append(_brace_token(found, tokens))
        pos = found.end()
    tokens += _literal_tokens(text, pos, len(text))
    words = sorted(
        {text[t.end - t.literal : t.end].lower() for t in tokens if t.literal},
        key=lambda word: (-len(word), word),
    )
    anchor = max(
        (text[t.end - t.literal : t.end] for t in tokens if t.literal),
        key=len,
        default="",
    ).lower()
    if len(anchor) < MIN_ANCHOR:
        raise SignatureError(
            f"has no literal word of {MIN_ANCHOR} or more characters; "
            "keep a distinctive word of the message in it",
            0,
        )
    return Signature(text, tuple(tokens), anchor, tuple(words))


def _literal_tokens(text: str, start: int, stop: int) -> list[Token]:
    return [
        Token(BLANKS, 0, part.end())
        if part.group().isspace()
        else Token(escape(part.group()), len(part.group()), part.end())
        for part in _WORDS.finditer(text, start, stop)
    ]


def _brace_token(found: re.Match[str], tokens: list[Token]) -> Token:
    raw = found.group()
    if raw in ("{{", "}}"):
        return Token(escape(raw[0]), 1, found.end())
    name = found.group(1)
    if name is None:
        raise SignatureError(
            f"unbalanced '{raw}'; write {{{{ or }}}} for a literal brace",
            found.start(),
        )
    if name not in PLACEHOLDERS:
        raise SignatureError(_unknown(name), found.start())
    if _follows_placeholder(tokens):
        raise SignatureError(
            f"{{{name}}} follows another placeholder with no literal text between "
            "them; keep the text that separates them in the log",
            found.start(),
        )
    return Token(PLACEHOLDERS[name], 0, found.end())


def _unknown(name: str) -> str:
    close = difflib.get_close_matches(name.lower(), list(PLACEHOLDERS), n=1)
    hint = f" (did you mean {{{close[0]}}}?)" if close else ""
    known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
    return f"unknown placeholder {{{name}}}; expected one of: {known}{hint}"


def _follows_placeholder(tokens: list[Token]) -> bool:
    previous = [t for t in tokens if t.source != BLANKS]
    return bool(previous) and previous[-1].literal == 0


def compiled_or_none(text: str | None) -> Signature | None:
    """Return the compiled signature, or None if there is none or it is invalid."""
    try:
        return compile_signature(text) if text else None
    except SignatureError:
        return None  # check_entry_signatures reports it


def matched_prefix(signature: Signature, line: str) -> int:
    """Return how many leading tokens of `signature` match somewhere in `line`."""
    for count in range(len(signature.tokens), 0, -1):
        if re.search(signature.prefix_source(count), line, re.IGNORECASE):
            return count
    return 0


# Rules for entries -------------------------------------------------------------------


def check_entry_signatures(doc: Document) -> Iterator[Problem]:
    """Return the problems of one entry's signatures: syntax, and its own message."""
    for i, symptom in enumerate(doc.data["symptoms"]):
        if "signature" in symptom:
            path: KeyPath = ("symptoms", i, "signature")
            signature, problem = _compile_at(doc, path, symptom["signature"])
            if problem:
                yield problem
            elif signature and not signature.regex.search(symptom["message"]):
                yield doc.problem(path, _mismatch(signature, symptom["message"]))
    for i, context in enumerate(doc.data.get("log_context", ())):
        path = ("log_context", i, "signature")
        _, problem = _compile_at(doc, path, context["signature"])
        if problem:
            yield problem
        if context["weight"] == 0:
            yield doc.problem(
                ("log_context", i, "weight"),
                "0 changes nothing; use -3 to -1 to lower the score, 1 to 3 to raise it",
            )


def _compile_at(
    doc: Document, path: KeyPath, text: str
) -> tuple[Signature | None, Problem | None]:
    if path in doc.multiline or "\n" in text:
        return None, doc.problem(path, "must be one line; quote it if needed")
    try:
        return compile_signature(text), None
    except SignatureError as err:
        return None, doc.problem(path, f"{err} (at character {err.offset + 1})")


def _mismatch(signature: Signature, message: str) -> str:
    fix = (
        "copy it from the message and replace only the variable parts with placeholders"
    )
    count = matched_prefix(signature, message)
    if count == 0:
        return f"does not match this symptom's message; {fix}"
    done = signature.text[: signature.tokens[count - 1].end].strip()
    return (
        f"does not match this symptom's message: it matches up to '{done}', "
        f"then the message differs; {fix}"
    )


# Length of the message pieces indexed to find which messages may hold a word.
PIECE = 3


def check_signature_overlap(entries: list[tuple[Document, Entry]]) -> Iterator[Problem]:
    """Return a problem for each signature that matches another entry's message."""
    holders = _WordIndex([e for _, e in entries])
    for doc, entry in entries:
        for i, symptom in enumerate(entry.symptoms):
            signature = compiled_or_none(symptom.signature)
            if signature is None:
                continue
            for k in holders.candidates(signature):
                other_doc, other = entries[k]
                if other.id == entry.id:
                    continue
                clash = _first_match(signature, other_doc, other)
                if clash:
                    yield doc.problem(("symptoms", i, "signature"), clash)


class _WordIndex:
    """Which entries' messages hold a word; a match holds every literal word of its signature.

    Comparing every signature with every message is quadratic in the number of entries
    (about a minute at 1,000 entries); testing only the entries whose messages hold all of
    a signature's words keeps it near linear. The entries that may hold a word are found
    through the three-character pieces of every message (a message holding the word
    holds each of its pieces), so a word costs what its few rarest pieces cost, not a
    scan of every message: the words of a knowledge base grow with it.
    """

    def __init__(self, entries: list[Entry]) -> None:
        self.texts = ["\n".join(s.message for s in e.symptoms).lower() for e in entries]
        self.pieces: dict[str, set[int]] = {}
        for i, text in enumerate(self.texts):
            for piece in {text[k : k + PIECE] for k in range(len(text) - PIECE + 1)}:
                self.pieces.setdefault(piece, set()).add(i)
        self.holders: dict[str, frozenset[int]] = {}

    def candidates(self, signature: Signature) -> list[int]:
        found: frozenset[int] | None = None
        for word in signature.words:
            found = (
                self._holding(word) if found is None else found & self._holding(word)
            )
        return sorted(found) if found is not None else list(range(len(self.texts)))

    def _holding(self, word: str) -> frozenset[int]:
        if word not in self.holders:
            self.holders[word] = frozenset(
                i for i in self._may_hold(word) if word in self.texts[i]
            )
        return self.holders[word]

    def _may_hold(self, word: str) -> Iterable[int]:
        """Return the entries whose messages hold the rarest pieces of `word`."""
        if len(word) < PIECE:
            return range(len(self.texts))
        postings = sorted(
            (
                self.pieces.get(word[k : k + PIECE], set())
                for k in range(len(word) - PIECE + 1)
            ),
            key=len,
        )
        # The rarest few narrow it enough; the substring test above decides.
        found = set(postings[0])
        for more in postings[1:3]:
            found &= more
        return found


def _first_match(signature: Signature, doc: Document, other: Entry) -> str | None:
    for j, symptom in enumerate(other.symptoms):
        if signature.regex.search(symptom.message):
            where = doc.mark(("symptoms", j, "message"))
            return (
                f"also matches the message of {other.id} symptoms[{j}] "
                f"({doc.file}:{where.line}:{where.col}); "
                "keep the words that tell this entry apart"
            )
    return None

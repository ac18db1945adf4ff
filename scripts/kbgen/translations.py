"""Chinese texts kept in step with the English: which ones fell behind, per field.

Beside each Chinese text an entry may hold `zh_reviewed`, a short fingerprint of the
English text the Chinese was last checked against (written by `kb review`). When the
English changes, the fingerprint no longer matches and the Chinese is stale: the
validator warns, naming the field, and the Chinese page shows a notice on its section.

An entry is tracked from its first `kb review` on: an entry without any fingerprint
is not checked (its author has not reviewed it yet); in a tracked entry, a text without
one (a solution added later, say) is reported as not reviewed. The fingerprint ignores
how the English is wrapped (runs of blanks and line breaks count as one space), so
re-flowing a paragraph does not mark its translation stale.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .placeholders import is_placeholder
from .problems import KeyPath, Problem, format_key
from .yamlload import Document

REVIEWED_KEY = "zh_reviewed"
STALE = "the English text changed since this translation was reviewed"
UNREVIEWED = "this translation is not marked reviewed"
TextField = tuple[KeyPath, Mapping[str, Any], bool]


def fingerprint(english: str) -> str:
    """Return the fingerprint of an English text: 8 hex digits, blind to wrapping."""
    words = " ".join(english.split())
    return hashlib.blake2b(words.encode("utf-8"), digest_size=4).hexdigest()


def is_stale(text: Mapping[str, Any]) -> bool:
    """Return whether a {en, zh, zh_reviewed} text was reviewed against other English."""
    reviewed = text.get(REVIEWED_KEY)
    return reviewed is not None and reviewed != fingerprint(str(text["en"]))


def is_notice(problem: Problem) -> bool:
    """Return whether `problem` is about a translation's review state, not an error."""
    return problem.message.startswith((STALE, UNREVIEWED))


def check_translations(doc: Document, fields: Iterable[TextField]) -> Iterator[Problem]:
    """Yield a warning for each Chinese text of a tracked entry that fell behind."""
    written = [(path, text) for path, text, _ in fields if not _placeholder(text)]
    if not any(REVIEWED_KEY in text for _, text in written):
        return
    for path, text in written:
        if is_stale(text):
            advice = "update the Chinese and run"
            yield _warning(
                doc, (*path, "zh"), f"{STALE}; {advice} {_review(doc, path)}"
            )
        elif REVIEWED_KEY not in text:
            advice = "once it says what the English says, run"
            yield _warning(
                doc, (*path, "zh"), f"{UNREVIEWED}; {advice} {_review(doc, path)}"
            )


def _placeholder(text: Mapping[str, Any]) -> bool:
    return any(is_placeholder(str(text.get(locale, ""))) for locale in ("en", "zh"))


def _review(doc: Document, path: KeyPath) -> str:
    return f"kb review {doc.file} --field {format_key(path)}"


def _warning(doc: Document, path: KeyPath, message: str) -> Problem:
    return dataclasses.replace(doc.problem(path, message), severity="warning")

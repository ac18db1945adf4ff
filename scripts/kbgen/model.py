"""Typed records of an entry, built from a document that passed the schema."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from .translations import is_stale

LOCALES = ("en", "zh")


@dataclass(frozen=True)
class Text:
    """One text in both locales."""

    en: str
    zh: str
    # The English changed since the Chinese was last reviewed (see translations.py).
    stale: bool = False

    def get(self, locale: str) -> str:
        """Return the text for `locale`."""
        return self.en if locale == "en" else self.zh

    @classmethod
    def of(cls, data: dict[str, str] | None) -> Text | None:
        return _text(data) if data else None


def iter_texts(record: object) -> Iterator[Text]:
    """Yield every Text inside a record (entry, solution, ...) or a list of them."""
    if isinstance(record, Text):
        yield record
    elif isinstance(record, (tuple, list)):
        for item in record:
            yield from iter_texts(item)
    elif is_dataclass(record):
        for field in fields(record):
            yield from iter_texts(getattr(record, field.name))


def any_stale(record: object) -> bool:
    """Return whether a Chinese text inside `record` fell behind its English."""
    return any(text.stale for text in iter_texts(record))


@dataclass(frozen=True)
class Snippet:
    kind: str
    code: str
    caption: Text | None = None
    old_major: bool = False

    @property
    def runnable(self) -> bool:
        """Whether a reader would copy and run it (log output is not)."""
        return self.kind not in ("text", "console")


@dataclass(frozen=True)
class Symptom:
    id: str
    title: Text
    message: str
    note: Text | None = None
    signature: str | None = None

    @property
    def anchor(self) -> str:
        return f"symptom-{self.id}"


@dataclass(frozen=True)
class LogContext:
    """A log line that raises (weight > 0) or lowers the confidence in an entry."""

    signature: str
    weight: int


@dataclass(frozen=True)
class Solution:
    id: str
    title: Text
    body: Text
    tradeoffs: Text
    snippets: tuple[Snippet, ...] = ()
    related: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        return f"solution-{self.id}"


@dataclass(frozen=True)
class Reference:
    title: str
    url: str


@dataclass(frozen=True)
class Entry:
    """One problem with its symptoms, cause and solutions."""

    file: str
    id: str
    slug: str
    title: Text
    summary: Text
    tags: tuple[str, ...]
    symptoms: tuple[Symptom, ...]
    cause: Text
    solutions: tuple[Solution, ...]
    best_practices: tuple[Text, ...]
    references: tuple[Reference, ...]
    verified_date: str
    verified_versions: dict[str, str]
    observations: Text | None = None
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    log_context: tuple[LogContext, ...] = ()

    def section_anchors(self) -> list[str]:
        """Return every heading anchor the entry page sets, in page order."""
        fixed = [
            "symptoms",
            "cause",
            "solutions",
            "best-practices",
            "references",
            "verified",
        ]
        return (
            fixed[:1]
            + [s.anchor for s in self.symptoms]
            + fixed[1:3]
            + [s.anchor for s in self.solutions]
            + fixed[3:]
            + (["related"] if self.related else [])
        )


def _text(data: dict[str, str]) -> Text:
    return Text(data["en"], data["zh"], stale=is_stale(data))


def build_entry(file: str, data: dict[str, Any]) -> Entry:
    """Build an Entry from data that already passed the JSON Schema."""
    return Entry(
        file=file,
        id=data["id"],
        slug=data["slug"],
        title=_text(data["title"]),
        summary=_text(data["summary"]),
        tags=tuple(data["tags"]),
        symptoms=tuple(
            Symptom(
                s["id"],
                _text(s["title"]),
                s["message"],
                Text.of(s.get("note")),
                s.get("signature"),
            )
            for s in data["symptoms"]
        ),
        observations=Text.of(data.get("observations")),
        cause=_text(data["cause"]),
        solutions=tuple(_solution(s) for s in data["solutions"]),
        best_practices=tuple(_text(b) for b in data["best_practices"]),
        references=tuple(Reference(r["title"], r["url"]) for r in data["references"]),
        verified_date=data["verified"]["date"],
        verified_versions=dict(data["verified"]["versions"]),
        aliases=tuple(data.get("aliases", ())),
        related=tuple(data.get("related", ())),
        log_context=tuple(
            LogContext(c["signature"], c["weight"]) for c in data.get("log_context", ())
        ),
    )


def _solution(data: dict[str, Any]) -> Solution:
    return Solution(
        id=data["id"],
        title=_text(data["title"]),
        body=_text(data["body"]),
        tradeoffs=_text(data["tradeoffs"]),
        snippets=tuple(
            Snippet(
                s["kind"],
                s["code"],
                Text.of(s.get("caption")),
                s.get("old_major", False),
            )
            for s in data.get("snippets", ())
        ),
        related=tuple(data.get("related", ())),
    )

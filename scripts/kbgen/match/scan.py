"""Find where each entry's signatures match a log, and rank the entries.

The log is read in batches of lines. Plain substring searches for each signature's
literal words over the whole batch rule out almost every signature before any regex
runs, which keeps a log of tens of megabytes cheap; the regex then runs only on the
lines around the word that is rarest in the batch. These searches only make the scan
faster: what counts as a match (one line, else wrapped lines, else the beginning of a
truncated line) and the score are the rules the site's log box applies step for step,
and `export.py` hands it their constants.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..model import Entry, LogContext, Symptom
from ..signatures import Signature, compiled_or_none
from .normalize import TRUNCATED, Line

# A message wrapped over up to this many lines is still found.
WINDOW = 3
# A truncated line matches a signature whose beginning, holding at least this share of
# its literal characters, ends the line.
PARTIAL_MIN = 0.6
# What a truncated beginning may end with: the rest of a cut word.
PARTIAL_TAIL = "[^ \\t]*$"
# The first matched symptom of an entry counts SYMPTOM_FIRST, each further one
# SYMPTOM_MORE, up to SYMPTOM_MORE_MAX in all; context lines add their weight. An
# entry is shown when a symptom matched and the score reaches MIN_SCORE.
SYMPTOM_FIRST, SYMPTOM_MORE, SYMPTOM_MORE_MAX = 2, 1, 2
MIN_SCORE = 2
BATCH_CHARS = 1 << 16
_TRUNCATED = re.compile(TRUNCATED)


@dataclass(frozen=True)
class Probe:
    """One signature to look for, and which entry and symptom or context it stands for."""

    entry: Entry
    signature: Signature
    symptom: Symptom | None = None
    context: LogContext | None = None
    partials: tuple[re.Pattern[str], ...] = ()
    partial_anchor: str = ""


# How a signature was found, best first: a later, better hit replaces an earlier one,
# so the result does not depend on how the log was cut into batches.
KINDS = ("line", "wrapped", "truncated")


@dataclass(frozen=True)
class Hit:
    """Where a probe matched: the raw line number, the clean text, and how."""

    number: int
    text: str
    kind: str = "line"

    @property
    def rank(self) -> int:
        return KINDS.index(self.kind)


@dataclass
class Result:
    """One entry that matched, its score, and the hits that gave it."""

    entry: Entry
    score: int
    symptoms: list[tuple[Symptom, Hit]] = field(default_factory=list)
    context: list[tuple[LogContext, Hit]] = field(default_factory=list)

    @property
    def first_line(self) -> int:
        return min(hit.number for _, hit in self.symptoms)


def probes_of(entries: Iterable[Entry]) -> list[Probe]:
    """Return a probe for every signature of `entries` (symptoms first)."""
    probes: list[Probe] = []
    for entry in entries:
        for symptom in entry.symptoms:
            signature = compiled_or_none(symptom.signature)
            if signature:
                probes.append(_symptom_probe(entry, symptom, signature))
        for context in entry.log_context:
            signature = compiled_or_none(context.signature)
            if signature:
                probes.append(Probe(entry, signature, context=context))
    return probes


def _symptom_probe(entry: Entry, symptom: Symptom, signature: Signature) -> Probe:
    counts = partial_counts(signature)
    partials = tuple(
        re.compile(signature.prefix_source(n) + PARTIAL_TAIL, re.IGNORECASE)
        for n in counts
    )
    words = [t for t in signature.tokens[: counts[-1]] if t.literal] if counts else []
    longest = max(words, key=lambda t: t.literal, default=None)
    anchor = (
        signature.text[longest.end - longest.literal : longest.end] if longest else ""
    )
    return Probe(entry, signature, symptom, None, partials, anchor.lower())


def partial_counts(signature: Signature) -> list[int]:
    """Return the token counts, longest first, of beginnings a truncated line may show."""
    need = PARTIAL_MIN * signature.literal
    counts: list[int] = []
    for count in range(len(signature.tokens) - 1, 0, -1):
        if sum(t.literal for t in signature.tokens[:count]) < need:
            break
        counts.append(count)
    return counts


@dataclass
class Scan:
    """The first hit of each probe (by its index), and how many raw lines were read."""

    hits: dict[int, Hit] = field(default_factory=dict)
    lines: int = 0


def scan(lines: Iterable[Line], probes: list[Probe]) -> Scan:
    """Look for every probe in the lines of a log, streaming them batch by batch."""
    found = Scan()
    tail: list[Line] = []
    for batch in _batches(lines):
        window = tail + batch
        _scan_batch(window, len(tail), probes, found.hits)
        _scan_truncated(batch, probes, found.hits)
        tail = window[-(WINDOW - 1) :]
        found.lines = batch[-1].number
    return found


def _batches(lines: Iterable[Line]) -> Iterator[list[Line]]:
    batch: list[Line] = []
    size = 0
    for line in lines:
        batch.append(line)
        size += len(line.text)
        if size >= BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _scan_batch(
    lines: list[Line], first: int, probes: list[Probe], hits: dict[int, Hit]
) -> None:
    texts = [line.text for line in lines]
    lows = [text.lower() for text in texts]
    low = "".join(lows)
    starts: list[int] = []
    for index, probe in enumerate(probes):
        signature = probe.signature
        if _rank(hits, index) == 0 or not _all_in(signature.words, low):
            continue
        starts = starts or _offsets(texts)
        # Lines are tried around the word that is rarest in this batch.
        word = min(signature.words, key=low.count)
        for i in _candidates(low, word, starts, first):
            if word in lows[i] and signature.regex.search(texts[i]):
                hits[index] = Hit(lines[i].number, texts[i])
                break
            if _rank(hits, index) > 1 and _has_words(signature, lows, i):
                _keep(hits, index, _window_hit(signature, lines, i))


def _all_in(words: tuple[str, ...], text: str) -> bool:
    return all(word in text for word in words)


def _has_words(signature: Signature, lows: list[str], i: int) -> bool:
    """Tell whether the window ending at line `i` holds every word of the signature."""
    return _all_in(signature.words, "".join(lows[max(0, i - WINDOW + 1) : i + 1]))


def _rank(hits: dict[int, Hit], index: int) -> int:
    hit = hits.get(index)
    return hit.rank if hit else len(KINDS)


def _keep(hits: dict[int, Hit], index: int, hit: Hit | None) -> None:
    if hit and hit.rank < _rank(hits, index):
        hits[index] = hit


def _offsets(texts: list[str]) -> list[int]:
    starts, pos = [], 0
    for text in texts:
        starts.append(pos)
        pos += len(text)
    return starts


def _candidates(low: str, word: str, starts: list[int], first: int) -> list[int]:
    """Return, in order, the lines whose window holds an occurrence of `word`."""
    found: set[int] = set()
    pos = low.find(word)
    while pos >= 0:
        begin = bisect.bisect_right(starts, pos) - 1
        end = bisect.bisect_right(starts, pos + len(word) - 1) - 1
        found.update(range(max(end, first), min(begin + WINDOW, len(starts))))
        pos = low.find(word, pos + 1)
    return sorted(found)


def _window_hit(signature: Signature, lines: list[Line], i: int) -> Hit | None:
    """Return a hit if the signature matches lines joined up to `i`, ending in `i`."""
    start = max(0, i - WINDOW + 1)
    texts = [line.text for line in lines[start : i + 1]]
    joined = "".join(texts)
    boundary = len(joined) - len(texts[-1])
    for found in signature.regex.finditer(joined):
        if found.end() > boundary:
            first = _line_at(texts, found.start())
            text = "".join(texts[first:])
            return Hit(lines[start + first].number, text, "wrapped")
    return None


def _line_at(texts: list[str], pos: int) -> int:
    for k, text in enumerate(texts):
        if pos < len(text):
            return k
        pos -= len(text)
    return len(texts) - 1


def _scan_truncated(
    batch: list[Line], probes: list[Probe], hits: dict[int, Hit]
) -> None:
    for line in batch:
        # Every truncated line holds one of these; the regex then finds where.
        if "..." not in line.text and "…" not in line.text:
            continue
        cut = _TRUNCATED.search(line.text)
        if not cut:
            continue
        body = line.text[: cut.start()]
        low = body.lower()
        for index, probe in enumerate(probes):
            if index in hits or not probe.partials or probe.partial_anchor not in low:
                continue
            if any(p.search(body) for p in probe.partials):
                hits[index] = Hit(line.number, line.text, "truncated")


def rank(probes: list[Probe], hits: dict[int, Hit]) -> list[Result]:
    """Return the entries that match well enough, best first."""
    results: dict[str, Result] = {}
    for index, hit in sorted(hits.items()):
        probe = probes[index]
        result = results.setdefault(probe.entry.id, Result(probe.entry, 0))
        if probe.symptom:
            result.symptoms.append((probe.symptom, hit))
        elif probe.context:
            result.context.append((probe.context, hit))
    for result in results.values():
        result.score = score(
            len(result.symptoms), [c.weight for c, _ in result.context]
        )
    shown = [r for r in results.values() if r.symptoms and r.score >= MIN_SCORE]
    return sorted(shown, key=lambda r: (-r.score, r.first_line, r.entry.id))


def score(symptoms: int, weights: list[int]) -> int:
    """Return the score of an entry with `symptoms` matched and these context weights."""
    if not symptoms:
        return 0
    more = min(symptoms - 1, SYMPTOM_MORE_MAX) * SYMPTOM_MORE
    return SYMPTOM_FIRST + more + sum(weights)

"""Show the entries that matched a log: text for people, JSON for bots."""

from __future__ import annotations

import json
from typing import Any

from ..links import absolute, entry_path
from ..model import Entry
from .scan import Hit, Result

FORMATS = ("text", "json")
NO_MATCH = "kb match: no entry matches this log well enough"
# At most LIMIT entries are shown, each matched line up to SHOWN characters.
LIMIT, SHOWN = 3, 160


def entry_url(entry: Entry, locale: str, site_url: str, anchor: str = "") -> str:
    """Return the URL of an entry page, or of one of its sections."""
    url = absolute(site_url, entry_path(entry.slug, locale))
    return f"{url}#{anchor}" if anchor else url


def as_data(result: Result, locale: str, site_url: str) -> dict[str, Any]:
    """Return one result as the JSON object bots read."""
    entry = result.entry
    return {
        "id": entry.id,
        "slug": entry.slug,
        "title": entry.title.get(locale),
        "url": entry_url(entry, locale, site_url),
        "score": result.score,
        "symptoms": [
            {
                "id": symptom.id,
                "title": symptom.title.get(locale),
                "url": entry_url(entry, locale, site_url, symptom.anchor),
                **_hit(hit),
            }
            for symptom, hit in result.symptoms
        ],
        "context": [
            {"signature": context.signature, "weight": context.weight, **_hit(hit)}
            for context, hit in result.context
        ],
        "solutions": [
            {
                "id": solution.id,
                "anchor": solution.anchor,
                "title": solution.title.get(locale),
                "url": entry_url(entry, locale, site_url, solution.anchor),
            }
            for solution in entry.solutions
        ],
    }


def _hit(hit: Hit) -> dict[str, Any]:
    return {"line": hit.number, "text": hit.text, "kind": hit.kind}


def render_json(results: list[Result], lines: int, locale: str, site_url: str) -> str:
    """Return the JSON report: the format version, lines read and the matches."""
    data = {
        "format": 1,
        "lines": lines,
        "matches": [as_data(r, locale, site_url) for r in results],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def render_text(results: list[Result], locale: str, site_url: str) -> str:
    """Return the report for people, or the no-match sentence."""
    if not results:
        return NO_MATCH
    blocks = [_block(n, r, locale, site_url) for n, r in enumerate(results, 1)]
    return "\n\n".join(blocks)


def _block(number: int, result: Result, locale: str, site_url: str) -> str:
    entry = result.entry
    lines = [
        f"{number}. {entry.id} · {entry.title.get(locale)} (score {result.score})",
        f"   {entry_url(entry, locale, site_url)}",
        "   Matched symptoms:",
    ]
    for symptom, hit in result.symptoms:
        lines.append(f"     #{symptom.anchor}  {symptom.title.get(locale)}")
        lines.append(f"       {_where(hit)}")
    if result.context:
        lines.append("   Context:")
        lines += [f"     {c.weight:+d} {_where(hit)}" for c, hit in result.context]
    lines.append("   Solutions:")
    lines += [
        f"     #{s.anchor}  {s.title.get(locale)}" for s in result.entry.solutions
    ]
    return "\n".join(lines)


def _where(hit: Hit) -> str:
    text = hit.text.strip()
    if len(text) > SHOWN:
        text = text[:SHOWN] + "…"
    how = "" if hit.kind == "line" else f" ({hit.kind})"
    return f"line {hit.number}{how}: {text}"

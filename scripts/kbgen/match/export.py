"""The signatures file for the site's log box: every rule the matcher applies, as data.

The log box (docs/assets/kb-match.js) holds no patterns or constants of its own: it
reads them all from here, so the browser and `kb match` clean and match a log alike.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..model import Entry, LogContext, Symptom, Text
from ..signatures import FLAGS_JS, Signature, compiled_or_none
from . import scan
from .normalize import MAX_LINE, PREFIXES, REPLACEMENTS, TRUNCATED
from .report import LIMIT, SHOWN

SIGNATURES_FILE = "api/signatures.json"
FORMAT = 1
# Replacements apply to every occurrence, as Python's re.sub does.
RULE_FLAGS_JS = "gu"


def signatures_data(entries: list[Entry]) -> dict[str, Any]:
    """Return the content of the signatures file for `entries`."""
    return {
        "format": FORMAT,
        "normalize": {
            "replace": [[pattern, repl] for pattern, repl, _ in REPLACEMENTS],
            "strip": list(PREFIXES),
            "flags": RULE_FLAGS_JS,
            "truncated": TRUNCATED,
            "max_line": MAX_LINE,
        },
        "match": {
            "flags": FLAGS_JS,
            "window": scan.WINDOW,
            "partial_min": scan.PARTIAL_MIN,
            "partial_tail": scan.PARTIAL_TAIL,
            "symptom_first": scan.SYMPTOM_FIRST,
            "symptom_more": scan.SYMPTOM_MORE,
            "symptom_more_max": scan.SYMPTOM_MORE_MAX,
            "min_score": scan.MIN_SCORE,
        },
        "show": {"limit": LIMIT, "chars": SHOWN},
        "entries": [_entry(e) for e in entries if _symptoms(e)],
    }


def _entry(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "slug": entry.slug,
        "title": _both(entry.title),
        "symptoms": _symptoms(entry),
        "context": [c for c in map(_context, entry.log_context) if c],
        "solutions": [
            {"anchor": s.anchor, "title": _both(s.title)} for s in entry.solutions
        ],
    }


def _symptoms(entry: Entry) -> list[dict[str, Any]]:
    return [s for s in map(_symptom, entry.symptoms) if s]


def _symptom(symptom: Symptom) -> dict[str, Any] | None:
    signature = compiled_or_none(symptom.signature)
    if signature is None:
        return None
    return {
        "id": symptom.id,
        "anchor": symptom.anchor,
        "title": _both(symptom.title),
        **_pattern(signature),
    }


def _context(context: LogContext) -> dict[str, Any] | None:
    signature = compiled_or_none(context.signature)
    if signature is None:
        return None
    return {"weight": context.weight, **_pattern(signature)}


def _both(text: Text) -> dict[str, str]:
    return {"en": text.en, "zh": text.zh}


def _pattern(signature: Signature) -> dict[str, Any]:
    return {
        "signature": signature.text,
        # Looked for with a plain substring search before the regex runs.
        "word": signature.anchor,
        "tokens": [[t.source, t.literal] for t in signature.tokens],
    }


def write_signatures(site_dir: Path, entries: list[Entry]) -> Path:
    """Write the signatures file into the built site and return its path."""
    path = site_dir / SIGNATURES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(
        signatures_data(entries), ensure_ascii=False, separators=(",", ":")
    )
    path.write_text(text, encoding="utf-8")
    return path

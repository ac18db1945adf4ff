"""The entry format: one JSON Schema file, applied with located, actionable messages.

Two validators read the same schema. jsonschema-rs (compiled) only says whether an entry
is valid, a hundred times faster; jsonschema, whose errors carry the paths and keywords
the messages are made from, runs only on entries the first one does not accept. So the
fast one can make validation slower but never let an error through unless both libraries
accept it; `tests/test_validate_fuzz.py` checks they agree.
"""

from __future__ import annotations

import datetime
import difflib
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, cast

import jsonschema
import jsonschema_rs

from .problems import Problem
from .yamlload import Document

SCHEMA_PATH = Path(__file__).parent / "schema" / "entry.schema.json"


@cache
def entry_schema() -> dict[str, Any]:
    """Return the entry JSON Schema."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(entry_schema())


@cache
def _fast_validator() -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(entry_schema())


def known_valid(data: object) -> bool:
    """Whether the compiled validator accepts `data` (False for what JSON cannot hold)."""
    try:
        return _fast_validator().is_valid(data)
    except ValueError:  # values JSON has no type for, such as the dates YAML reads
        return False


def check_schema(doc: Document) -> list[Problem]:
    """Return every schema violation in a loaded entry."""
    if not isinstance(doc.data, dict):
        found = type(doc.data).__name__ if doc.data is not None else "nothing"
        return [
            doc.problem(
                (),
                f"found a {found} at the top level; expected a mapping of entry keys",
            )
        ]
    if known_valid(doc.data):
        return []
    problems: list[Problem] = []
    for error in _validator().iter_errors(doc.data):
        problems.extend(_explain(doc, error))
    return problems


def _explain(doc: Document, error: jsonschema.ValidationError) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    kind = error.validator
    if kind == "additionalProperties":
        yield from _unknown_keys(doc, path, error)
    elif kind == "required":
        name = error.message.split("'")[1]
        yield doc.problem((*path, name), "is required but missing; add it")
    elif kind == "type":
        yield doc.problem(path, _type_message(doc, path, error))
    elif kind == "enum":
        choices = [str(c) for c in cast(list[Any], error.validator_value)]
        yield doc.problem(
            path,
            f"unknown value {error.instance!r}; expected one of: "
            f"{', '.join(choices)}{_did_you_mean(str(error.instance), choices)}",
        )
    elif kind in ("minItems", "minLength", "minProperties"):
        yield doc.problem(path, "is empty; expected a value")
    elif kind == "pattern":
        yield doc.problem(
            path, f"{error.instance!r} is not in the expected form: {_form(error)}"
        )
    else:
        yield doc.problem(path, error.message)


def _unknown_keys(
    doc: Document, path: tuple[Any, ...], error: jsonschema.ValidationError
) -> Iterator[Problem]:
    schema = cast(dict[str, Any], error.schema)
    known = sorted(schema.get("properties", {}))
    for key in sorted(set(cast(dict[str, Any], error.instance)) - set(known)):
        hint = _did_you_mean(key, known)
        message = f"unknown key '{key}'; expected one of: {', '.join(known)}{hint}"
        yield doc.problem((*path, key), message, of_key=True)


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _type_message(
    doc: Document, path: tuple[Any, ...], error: jsonschema.ValidationError
) -> str:
    expected = error.validator_value
    found = error.instance
    if expected == "string" and isinstance(found, (int, float, bool, datetime.date)):
        raw = doc.raw.get(path, str(found))
        what = (
            "a date"
            if isinstance(found, datetime.date)
            else f"a {type(found).__name__}"
        )
        return f'YAML reads {raw} as {what}; quote the value: "{raw}"'
    names = {"object": "a mapping", "array": "a list", "string": "a string"}
    return f"found {_describe(found)}; expected {names.get(str(expected), expected)}"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _form(error: jsonschema.ValidationError) -> str:
    forms = {
        "^KB-[0-9]{4}$": "KB- and four digits, e.g. KB-0042",
        "^[a-z0-9]+(-[a-z0-9]+)*$": "lowercase words joined by '-', e.g. buildx-cache-export",
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": 'a quoted date, e.g. "2026-12-03"',
        "^https://[^\\s]+$": "an https:// URL",
        "^v?[0-9]+(\\.[0-9]+)*$": 'a quoted version, e.g. "v4" or "0.12.1"',
        "^[a-z0-9][a-z0-9-]*$": "lowercase letters, digits and '-'",
        "^[0-9a-f]{8}$": "8 hex digits written by kb review; run it instead of editing",
    }
    return forms.get(str(error.validator_value), f"matching {error.validator_value}")

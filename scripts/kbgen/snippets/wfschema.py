"""The GitHub workflow JSON Schema, from check-jsonschema's vendored copy, with located
messages.

A job is `oneOf` a normal job and a reusable-workflow call, a trigger is `oneOf` a
name, a list and a mapping, and so on. jsonschema's own `best_match` often picks the
branch the author never meant (a normal job "requires uses"), so for each `oneOf` and
`anyOf` we follow the branch whose errors reach deepest into the data, preferring real
errors over mere type mismatches.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from importlib import metadata, resources
from typing import Any, cast

import jsonschema
from jsonschema.exceptions import ValidationError

from .findings import Located

_VENDOR = "check_jsonschema.builtin_schemas.vendor"


def schema_version() -> str:
    """Return what identifies the schema in use, for the result cache."""
    return f"check-jsonschema {metadata.version('check-jsonschema')}"


@cache
def _validator() -> jsonschema.Draft7Validator:
    text = (resources.files(_VENDOR) / "github-workflows.json").read_text("utf-8")
    return jsonschema.Draft7Validator(json.loads(text))


def check(data: Any) -> list[Located]:
    """Return every schema violation of a workflow, one message per place."""
    found: dict[tuple[Any, ...], Located] = {}
    for error in _validator().iter_errors(data):
        for leaf in _leaves(error):
            for located in _explain(leaf):
                found.setdefault((located.path, located.message), located)
    return list(found.values())


def _leaves(error: ValidationError) -> list[ValidationError]:
    if not error.context:
        return [error]
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    resolved = [
        [leaf for e in errs for leaf in _leaves(e)] for errs in branches.values()
    ]
    return max(resolved, key=_score)


def _score(leaves: list[ValidationError]) -> tuple[int, int, int]:
    depth = max(len(e.absolute_path) for e in leaves)
    mismatches = sum(_mismatch(e) for e in leaves)
    return depth, -mismatches, -len(leaves)


def _mismatch(error: ValidationError) -> bool:
    """Whether the error only says the value has another form than this branch's."""
    if error.validator == "pattern":
        # Most values may also be a whole `${{ }}` expression: a branch of its own.
        return str(error.validator_value).startswith("^\\$\\{\\{")
    return error.validator == "type"


def _explain(error: ValidationError) -> Iterator[Located]:
    path = tuple(error.absolute_path)
    kind = error.validator
    if kind == "additionalProperties":
        known = sorted(cast(dict[str, Any], error.schema).get("properties", {}))
        for key in sorted(set(cast(dict[str, Any], error.instance)) - set(known)):
            yield Located((*path, key), _unknown_key(key, known), of_key=True)
    elif kind == "required":
        name = error.message.split("'")[1]
        message = f'"{name}" is required here but missing; add it'
        yield Located(path, message, of_key=True)
    elif kind == "enum":
        choices = [str(c) for c in cast(list[Any], error.validator_value)]
        yield Located(path, _unknown_value(error.instance, choices))
    elif kind == "oneOf":
        yield Located(path, _ambiguous(error.instance))
    elif kind == "type":
        yield Located(
            path, f"found {_describe(error.instance)}; expected {_types(error)}"
        )
    else:
        yield Located(path, f"workflow schema: {error.message}")


def _ambiguous(value: Any) -> str:
    if isinstance(value, dict) and {"run", "uses"} <= set(value):
        return 'a step has either "uses" or "run", not both; split it into two steps'
    return "matches more than one allowed form; keep the keys of one"


def _unknown_key(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = (
        f'did you mean "{close[0]}"?'
        if close
        else f"expected one of: {', '.join(known)}"
    )
    return f'unknown key "{key}"; {hint}'


def _unknown_value(value: Any, choices: list[str]) -> str:
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
    hint = (
        f'did you mean "{close[0]}"?'
        if close
        else f"expected one of: {', '.join(choices)}"
    )
    return f"unknown value {json.dumps(value)}; {hint}"


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {json.dumps(value)}"


def _types(error: ValidationError) -> str:
    names = {"object": "a mapping", "array": "a list", "string": "a string"}
    names |= {"number": "a number", "integer": "an integer", "boolean": "true or false"}
    expected = error.validator_value
    kinds = expected if isinstance(expected, list) else [expected]
    return " or ".join(names.get(str(k), str(k)) for k in kinds)

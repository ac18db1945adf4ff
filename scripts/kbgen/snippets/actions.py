"""`uses:` and `with:` of a step or job, checked against the table of action inputs.

Every `uses:` names a version tag, on the current major unless the snippet is marked
`old_major`; every `with:` key is an input of that major, none is deprecated, and no
required input is left out. Local actions (`./...`) have no inputs we could know, and
`docker://` images need only a tag or digest.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..problems import KeyPath
from .actiondata import DATA_FILE, load
from .findings import Located

_VERSION = re.compile(r"^v(\d+)(?:\.\d+){0,2}$")
_SHA = re.compile(r"^[0-9a-f]{40}$")
TABLE_NAME = "scripts/kbgen/data/actions.yaml"


@cache
def table() -> dict[str, Any]:
    """Return the committed table of action inputs."""
    return load(DATA_FILE)


@dataclass
class UsesResult:
    """Problems of one `uses:` and whether it named an older major on purpose."""

    problems: list[Located]
    older: bool = False


def check_uses(
    node: dict[str, Any], path: KeyPath, old_major: bool, actions: dict[str, Any]
) -> UsesResult:
    """Check the `uses:` and `with:` of the step or job `node` found at `path`."""
    uses = node.get("uses")
    if not isinstance(uses, str) or uses.startswith("./"):
        return UsesResult([])
    at = (*path, "uses")
    if uses.startswith("docker://"):
        image = uses.removeprefix("docker://").rsplit("/", 1)[-1]
        ok = ":" in image or "@sha256:" in image
        return UsesResult([] if ok else [Located(at, _no_version(uses, ":<tag>"))])
    name, _, ref = uses.partition("@")
    action = actions.get(name)
    version = _version_problem(uses, ref, action)
    if version:
        return UsesResult([Located(at, version)])
    if action is None:
        return UsesResult([Located(at, _unknown(name))])
    return _check_major(node, path, name, ref, action, old_major)


def _version_problem(uses: str, ref: str, action: dict[str, Any] | None) -> str | None:
    tag = f"@{action['current']}" if action else "@v<major>"
    if not ref:
        return _no_version(uses, tag)
    if _SHA.match(ref):
        return (
            f'"{uses}" pins a commit; snippets name a version tag such as {tag}, '
            "so that its inputs can be checked and readers get fixes"
        )
    if not _VERSION.match(ref):
        return f'"{uses}" names "{ref}", which is not a version; write {tag}'
    return None


def _no_version(uses: str, example: str) -> str:
    return f'"{uses}" names no version; write {uses.partition("@")[0]}{example}'


def _unknown(name: str) -> str:
    return (
        f'action "{name}" is not in {TABLE_NAME}, so its inputs cannot be checked; '
        "add its action.yml and regenerate the table "
        "(python -m kbgen.snippets.actiondata)"
    )


def _check_major(
    node: dict[str, Any],
    path: KeyPath,
    name: str,
    ref: str,
    action: dict[str, Any],
    old_major: bool,
) -> UsesResult:
    at = (*path, "uses")
    major, current = _major(ref), int(action["current"][1:])
    uses = f"{name}@{ref}"
    if major > current:
        message = f'"{uses}" is newer than the current major {action["current"]} in {TABLE_NAME}; regenerate the table'
        return UsesResult([Located(at, message)])
    if major < current and not old_major:
        message = (
            f'"{uses}" is an older major; use {name}@{action["current"]}, or mark '
            "the snippet old_major: true if it shows the old version on purpose"
        )
        return UsesResult([Located(at, message)], older=True)
    spec = action["majors"].get(f"v{major}")
    if spec is None:
        message = f"inputs of {name}@v{major} are not in {TABLE_NAME}; add that major's action.yml and regenerate the table"
        return UsesResult([Located(at, message)], older=True)
    return UsesResult(_check_inputs(node, path, uses, spec["inputs"]), major < current)


def _major(ref: str) -> int:
    match = _VERSION.match(ref)
    return int(match.group(1)) if match else 0


def _check_inputs(
    node: dict[str, Any], path: KeyPath, uses: str, inputs: dict[str, Any]
) -> list[Located]:
    given = node.get("with")
    given = given if isinstance(given, dict) else {}
    problems = [
        Located((*path, "with", key), _input_problem(key, uses, inputs), of_key=True)
        for key in given
        if key not in inputs or inputs[key].get("deprecated")
    ]
    problems += [
        Located(
            (*path, "uses"),
            f'input "{key}" is required by {uses} but missing; add it under with:',
        )
        for key, flags in inputs.items()
        if flags.get("required") and key not in given
    ]
    return problems


def _input_problem(key: str, uses: str, inputs: dict[str, Any]) -> str:
    if key in inputs:
        return f'input "{key}" of {uses} is deprecated: {inputs[key]["deprecated"]}'
    close = difflib.get_close_matches(key, list(inputs), n=1, cutoff=0.6)
    hint = f'did you mean "{close[0]}"?' if close else f"it takes: {', '.join(inputs)}"
    return f'input "{key}" is not defined by {uses}; {hint}'

"""What each snippet kind is checked with.

| kind | checks |
|---|---|
| workflow | YAML 1.2, workflow JSON Schema, action inputs, expressions, shellcheck on `run:`, zizmor, actionlint if on PATH |
| job, steps, step, services | wrapped into a minimal workflow, then as workflow |
| dockerfile | BuildKit's parser, hadolint |
| shell | no `$ ` prompts, shellcheck (bash), `bash -n` |
| toml | tomllib |
| yaml | YAML 1.2 core schema, duplicate keys refused |
| json | json |
| text, console | nothing: shown without a copy button |

Every runnable kind is also searched for placeholders in a form other than the declared
one: values the reader must fill in are written `my-<name>` (`my-org`, `my-app`), a
form that is a valid image name, host name, YAML scalar and shell word, so the linters
check the snippet as the reader will run it.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field

from . import buildkit, workflow, yaml12
from .expressions import line_col
from .findings import Finding, Place

CHECKED_KINDS = (
    *workflow.WORKFLOW_KINDS,
    "dockerfile",
    "shell",
    "toml",
    "yaml",
    "json",
)
_PROMPT = re.compile(r"^\s*\$ ", re.MULTILINE)
# `<your-image>`, `<image-name>`, `YOUR_TOKEN`, `your-org`; not HTML such as `<b>`.
_PLACEHOLDER = re.compile(
    r"<(?:your|YOUR)[-_ ]?[A-Za-z0-9_-]*>|<[a-z]+(?:[-_][a-z0-9]+)+>"
    r"|\b(?:YOUR|your)[_-][A-Za-z0-9_-]+"
)
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class Job:
    """One text for one linter, and where that text sits in the snippet."""

    tool: str  # a function name in linters: shellcheck, hadolint, zizmor, ...
    text: str
    place: Place
    dialect: str = ""


@dataclass
class Plan:
    """In-process findings of one snippet, and the linter runs it still needs."""

    findings: list[Finding] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)


def plan(kind: str, code: str, old_major: bool) -> Plan:
    """Check a snippet in-process and return the linter jobs it needs."""
    result = Plan(findings=_placeholders(code)) if kind in CHECKED_KINDS else Plan()
    if kind in workflow.WORKFLOW_KINDS:
        _plan_workflow(result, kind, code, old_major)
        return result
    if old_major:
        message = "old_major is about action versions in workflow snippets; remove it"
        result.findings.append(Finding(1, 1, message))
    if kind == "dockerfile":
        parse = buildkit.check(code)
        result.findings += parse
        if not parse:  # hadolint would only repeat a parse error in its own words
            result.jobs.append(Job("hadolint", code, Place()))
    elif kind == "shell":
        result.findings += _prompts(code)
        result.jobs += [
            Job("shellcheck", code, Place(), "bash"),
            Job("bash_syntax", code, Place()),
        ]
    elif kind == "toml":
        result.findings += _toml(code)
    elif kind == "yaml":
        result.findings += _yaml(code)
    elif kind == "json":
        result.findings += _json(code)
    return result


def _plan_workflow(result: Plan, kind: str, code: str, old_major: bool) -> None:
    checked = workflow.check(kind, code, old_major)
    result.findings += checked.findings
    result.jobs += [
        Job("shellcheck", s.text, s.place, s.dialect) for s in checked.scripts
    ]
    if checked.workflow is not None:
        wrapped = checked.workflow
        result.jobs += [
            Job("zizmor", wrapped.text, wrapped.place),
            Job("actionlint", wrapped.text, wrapped.place),
        ]


def _placeholders(code: str) -> list[Finding]:
    return [
        Finding(
            *line_col(code, m.start()),
            f'"{m.group()}" looks like a placeholder; write values the reader fills '
            "in as my-<name> (e.g. my-org, my-app), which every linter accepts",
        )
        for m in _PLACEHOLDER.finditer(code)
    ]


def _prompts(code: str) -> list[Finding]:
    return [
        Finding(
            *line_col(code, m.end() - 2),
            'line starts with a "$ " prompt; remove it, the reader copies and runs '
            "the snippet as it is (show output in a console snippet)",
        )
        for m in _PROMPT.finditer(code)
    ]


def _toml(code: str) -> list[Finding]:
    try:
        tomllib.loads(code)
    except tomllib.TOMLDecodeError as err:
        match = _TOML_AT.search(str(err))
        line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        return [
            Finding(line, col, f"invalid TOML: {_TOML_AT.sub('', str(err)).strip()}")
        ]
    return []


def _yaml(code: str) -> list[Finding]:
    try:
        yaml12.load(code)
    except yaml12.YamlError as err:
        return [Finding(err.line, err.col, err.message)]
    return []


def _json(code: str) -> list[Finding]:
    try:
        json.loads(code)
    except json.JSONDecodeError as err:
        return [Finding(err.lineno, err.colno, f"invalid JSON: {err.msg}")]
    return []

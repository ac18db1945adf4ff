"""Workflow snippets and fragments: wrap, parse as YAML 1.2, and check what GitHub reads.

A fragment (`job`, `steps`, `step`, `services`) is indented into a minimal workflow, so
that the same checks and the same linters apply to it; every position found in the
wrapper is mapped back into the fragment. The wrapper runs on `push` and grants no
permissions, so audits of triggers and workflow permissions judge only what the
fragment itself declares.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..problems import KeyPath
from . import actions, expressions, wfschema, yaml12
from .findings import Finding, Located, Place

WORKFLOW_KINDS = ("workflow", "job", "steps", "step", "services")
_HEAD = "on: push\npermissions: {}\njobs:\n"
_JOB = "  snippet:\n    runs-on: ubuntu-latest\n"
# kind -> (text before the fragment, its indentation, text after it, path of the fragment)
_WRAPPERS: dict[str, tuple[str, int, str, KeyPath]] = {
    "workflow": ("", 0, "", ()),
    "job": (_HEAD, 2, "", ("jobs",)),
    "steps": (_HEAD + _JOB + "    steps:\n", 6, "", ("jobs", "snippet", "steps")),
    "step": (_HEAD + _JOB + "    steps:\n", 6, "", ("jobs", "snippet", "steps")),
    "services": (
        _HEAD + _JOB + "    services:\n",
        6,
        "    steps:\n      - run: exit 0\n",
        ("jobs", "snippet", "services"),
    ),
}
_SHAPES = {
    "job": (dict, "a job snippet is one or more jobs under their ids, as under jobs:"),
    "steps": (list, 'a steps snippet is a list of steps, each starting with "- "'),
    "step": (list, 'a step snippet is one list item, starting with "- "'),
    "services": (dict, "a services snippet maps service ids to containers"),
}


@dataclass
class Wrapped:
    """A snippet as a whole workflow, and where the snippet sits in it."""

    text: str
    place: Place
    fragment: KeyPath


def wrap(kind: str, code: str) -> Wrapped:
    """Return `code` indented into the minimal workflow for its kind."""
    head, indent, tail, fragment = _WRAPPERS[kind]
    pad = " " * indent
    body = "".join(
        pad + line if line.strip() else line for line in code.splitlines(True)
    )
    if not body.endswith("\n"):
        body += "\n"
    height = len(code.splitlines())
    return Wrapped(
        head + body + tail, Place(-head.count("\n"), -indent, height), fragment
    )


@dataclass
class Script:
    """A `run:` script to give to shellcheck, and where it sits in the snippet."""

    text: str
    dialect: str
    place: Place


@dataclass
class Checked:
    """What checking one workflow-like snippet found, and what is left for the linters."""

    findings: list[Finding] = field(default_factory=list)
    scripts: list[Script] = field(default_factory=list)
    workflow: Wrapped | None = None


def check(kind: str, code: str, old_major: bool) -> Checked:
    """Check a workflow or fragment in-process; say what the linters should see."""
    wrapped = wrap(kind, code)
    try:
        parsed = yaml12.load(wrapped.text)
    except yaml12.YamlError as err:
        return Checked([wrapped.place.finding(err.line, err.col, err.message)])
    shape = _shape_problem(kind, parsed, wrapped)
    if shape:
        return Checked([Finding(1, 1, shape)])
    result = Checked()
    schema = wfschema.check(parsed.data)
    result.findings += [_locate(parsed, wrapped.place, p) for p in schema]
    result.findings += _uses_findings(parsed, wrapped.place, old_major)
    result.findings += _expression_findings(parsed, wrapped.place)
    result.scripts = list(_scripts(parsed, wrapped.place))
    if not result.findings:
        result.workflow = wrapped  # the linters load only workflows that GitHub would
    return result


def _shape_problem(kind: str, parsed: yaml12.Parsed, wrapped: Wrapped) -> str | None:
    if kind == "workflow":
        return (
            None
            if isinstance(parsed.data, dict)
            else "a workflow is a mapping of keys such as on: and jobs:"
        )
    fragment: Any = parsed.data
    for key in wrapped.fragment:
        fragment = fragment.get(key) if isinstance(fragment, dict) else None
    shape, message = _SHAPES[kind]
    if not isinstance(fragment, shape) or not fragment:
        return message
    if kind == "step" and len(fragment) != 1:
        return f"{message}; this one has {len(fragment)}, so use kind: steps"
    return None


def _locate(parsed: yaml12.Parsed, place: Place, problem: Located) -> Finding:
    line, col = parsed.at(problem.path, of_key=problem.of_key)
    return place.finding(line, col, problem.message)


def _uses_findings(
    parsed: yaml12.Parsed, place: Place, old_major: bool
) -> list[Finding]:
    table = actions.table()
    findings: list[Finding] = []
    older = False
    for path, node in _steps_and_jobs(parsed.data):
        result = actions.check_uses(node, path, old_major, table)
        findings += [_locate(parsed, place, p) for p in result.problems]
        older = older or result.older
    if old_major and not older and not findings:
        findings.append(
            Finding(
                1,
                1,
                "old_major is set, but every action is on its current major; remove old_major",
            )
        )
    return findings


def _steps_and_jobs(data: Any) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    jobs = data.get("jobs") if isinstance(data, dict) else None
    for job_id, job in (jobs or {}).items() if isinstance(jobs, dict) else ():
        if not isinstance(job, dict):
            continue
        yield ("jobs", job_id), job
        steps = job.get("steps")
        for i, step in enumerate(steps if isinstance(steps, list) else ()):
            if isinstance(step, dict):
                yield ("jobs", job_id, "steps", i), step


def _expression_findings(parsed: yaml12.Parsed, place: Place) -> list[Finding]:
    findings: list[Finding] = []
    for path, text in _strings(parsed.data, ()):
        # `if:` is an expression even without ${{ }}.
        issues = expressions.check(text, bare=path[-1] == "if")
        at = parsed.place(path, place)
        findings += [
            at.finding(*expressions.line_col(text, i.offset), i.message) for i in issues
        ]
    return findings


def _strings(data: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*path, i))
    elif isinstance(data, str) and path:
        yield path, data


def _scripts(parsed: yaml12.Parsed, place: Place) -> Iterator[Script]:
    data = parsed.data
    for path, node in _steps_and_jobs(data):
        if len(path) != 4 or not isinstance(node.get("run"), str):
            continue
        shell = _shell(data, data["jobs"][path[1]], node)
        if shell:
            dialect, options = shell
            # The runner starts the shell with these options (set -e makes shellcheck
            # accept a bare `cd`); the extra first line is taken off the positions.
            text = f"set {options}\n" if options else "\n"
            text += expressions.mask(node["run"])
            at = parsed.place((*path, "run"), place).inner(-1, 0)
            yield Script(text, dialect, at)


def _shell(
    workflow: dict[str, Any], job: dict[str, Any], step: dict[str, Any]
) -> tuple[str, str] | None:
    """Return (shellcheck dialect, options the runner sets) for a step's script.

    None means another language (pwsh, python, ...), which shellcheck cannot read.
    """
    for holder in (step, _run_defaults(job), _run_defaults(workflow)):
        shell = holder.get("shell")
        if isinstance(shell, str):
            return _named_shell(shell)
    runs_on = str(job.get("runs-on", ""))
    # Known limitation: a runs-on given by an expression or a runner group is taken for
    # Linux; goes away when snippets that target Windows set shell: explicitly.
    return None if "windows" in runs_on.lower() else ("bash", "-e")


def _named_shell(shell: str) -> tuple[str, str] | None:
    words = shell.split()
    if not words:
        return None
    name = words[0].rsplit("/", 1)[-1]
    if name not in ("bash", "sh"):
        return None
    if len(words) == 1:  # the runner's own command line for a named shell
        return name, "-eo pipefail" if name == "bash" else "-e"
    # A custom command line such as `bash --noprofile -e {0}` sets its own options.
    short = "".join(w[1:] for w in words[1:] if w.startswith("-") and w[1:2] != "-")
    options = ["-e"] if "e" in short else []
    options += ["-o pipefail"] if "pipefail" in words else []
    return name, " ".join(options)


def _run_defaults(holder: dict[str, Any]) -> dict[str, Any]:
    defaults = holder.get("defaults")
    run = defaults.get("run") if isinstance(defaults, dict) else None
    return run if isinstance(run, dict) else {}

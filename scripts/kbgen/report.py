"""Format problems for people (text), tools (json) and pull requests (github)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .problems import Problem

FORMATS = ("text", "json", "github")


def summary(problems: Sequence[Problem], checked: int) -> str:
    """Return the one summary line that ends every text report."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    checked_text = f"{checked} {'entry' if checked == 1 else 'entries'} checked"
    if not problems:
        return f"{checked_text}: no problems"
    files = len({p.file for p in problems})
    return (
        f"{checked_text}: {errors} error(s), {warnings} warning(s) in {files} file(s)"
    )


def render(problems: Sequence[Problem], checked: int, fmt: str) -> str:
    """Return the report of `problems` in format `fmt`."""
    ordered = sorted(problems)
    if fmt == "json":
        return json.dumps(
            {
                "checked": checked,
                "problems": [p.__dict__ for p in ordered],
                "summary": summary(ordered, checked),
            },
            ensure_ascii=False,
            indent=2,
        )
    if fmt == "github":
        lines = [_github(p) for p in ordered]
        return "\n".join([*lines, summary(ordered, checked)])
    return "\n".join([*(p.text() for p in ordered), summary(ordered, checked)])


def _github(problem: Problem) -> str:
    """Return a workflow command that shows the problem inline in a pull request."""
    props = ",".join(
        f"{k}={_escape(str(v), prop=True)}"
        for k, v in (
            ("file", problem.file),
            ("line", problem.line),
            ("col", problem.col),
            ("title", problem.key or "entry"),
        )
    )
    return f"::{problem.severity} {props}::{_escape(problem.message)}"


def _escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text

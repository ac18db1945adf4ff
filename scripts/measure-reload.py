"""Measure the time from saving an entry file to its page being served again.

For the shipped entries and for a knowledge base of synthetic entries (copies of the
shipped ones with new ids and slugs, made by kbgen.bench in a temporary folder, never
in kb/), this starts a real server in a copy of the project, in two modes:

- full: `mkdocs serve`, the whole site;
- focused: `kb serve <the edited entry>`, that entry and the entries it links to.

It then saves an edit of one entry's English title several times, and after each save
polls the page until the new title is served. Printed per case: time to the first
page after start, the save-to-page times, and the number of rebuilds per save. The
baseline, measured in the same run (the machine is shared), is the full `mkdocs serve`
of the shipped entries; ratios are medians divided by its median.

The synthetic entries lose their symptom signatures and review fingerprints: copies'
signatures match each other's messages (which the validator refuses, so the copies
would not be published), and their English differs from the original's in the slugs
it links to (so every translation would be reported stale).

Usage: .venv/bin/python scripts/measure-reload.py [--synthetic 1000] [--edits 3]
       [--no-full-at-scale]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from kbgen.bench import make_project

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 1800.0  # seconds a server may take to show a page (a cold 1,000-entry build)
_TITLE = re.compile(r"^(title:\n  en: )(.*)$", re.MULTILINE)
_NOT_COPIED = re.compile(r"^(    signature| +zh_reviewed): .*\n", re.MULTILINE)


@dataclass
class Case:
    """One knowledge base served in one mode, and what was measured."""

    scale: str
    mode: str
    startup: float = 0.0
    reloads: list[float] = field(default_factory=list)
    rebuilds: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.reloads)


def shipped_project(dest: Path) -> Path:
    """Copy what a build reads, with the shipped entries, into `dest`."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "overrides", "kb"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    shutil.copytree(
        ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("entries")
    )
    return dest


def synthetic_project(dest: Path, count: int) -> Path:
    """Make a project of `count` synthetic entries that are valid together."""
    project = make_project(dest, count)
    for path in (project / "kb").glob("*/*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(_NOT_COPIED.sub("", text), encoding="utf-8")
    return project


def edited_entry(project: Path) -> tuple[Path, str]:
    """Return the file of KB-0001 (present in both scales) and its slug."""
    for path in sorted((project / "kb").glob("*/*.yaml")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^id: KB-0001$", text, re.MULTILINE):
            slug = re.search(r"^slug: (\S+)$", text, re.MULTILINE)
            return path, slug.group(1) if slug else path.stem
    raise SystemExit(f"no KB-0001 in {project / 'kb'}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    """Return the page at `url`, or None while the server cannot give it."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as reply:
            return str(reply.read().decode("utf-8"))
    except (OSError, urllib.error.URLError):
        return None


def wait_for(url: str, text: str, server: subprocess.Popen[bytes]) -> float:
    """Poll `url` until it holds `text`; return the time that took."""
    start = time.perf_counter()
    while time.perf_counter() - start < TIMEOUT:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode})")
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit(f"{text!r} did not appear on {url} within {TIMEOUT:.0f} s")


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server by its process id: Ctrl+C (it cleans up), terminate, kill."""
    for signum, grace in ((signal.SIGINT, 20), (signal.SIGTERM, 10)):
        if server.poll() is not None:
            return
        server.send_signal(signum)
        try:
            server.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue
    if server.poll() is None:
        server.kill()
        server.wait()


def measure(case: Case, project: Path, edits: int) -> Case:
    """Serve `project` in the case's mode, save `edits` edits, time each to the page."""
    path, slug = edited_entry(project)
    port = free_port()
    command = (
        [sys.executable, "-m", "mkdocs", "serve"]
        if case.mode == "full"
        else [sys.executable, "-m", "kbgen.cli", "serve", slug]
    )
    log = project / f"serve-{case.mode}.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*command, "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/entries/{slug}/"
    original = path.read_text(encoding="utf-8")
    try:
        case.startup = wait_for(url, "<h1", server)
        for n in range(1, edits + 1):
            builds = _builds(log)
            marker = f"Reload check {n} of {case.mode}"
            path.write_text(_TITLE.sub(rf"\g<1>{marker}", original, 1), "utf-8")
            case.reloads.append(wait_for(url, marker, server))
            time.sleep(max(3.0, case.reloads[-1] / 4))  # let a follow-up rebuild show
            case.rebuilds.append(_builds(log) - builds)
    finally:
        stop(server)
        path.write_text(original, encoding="utf-8")
    return case


def _builds(log: Path) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count(
        "Building documentation..."
    )


def report(cases: list[Case]) -> str:
    baseline = cases[0].median
    rows = [
        "| entries | mode | first page after start (s) | save to page (s), each "
        "| median (s) | ratio to baseline | rebuilds per save |",
        "|---|---|---|---|---|---|---|",
    ]
    for case in cases:
        each = ", ".join(f"{t:.2f}" for t in case.reloads)
        rows.append(
            f"| {case.scale} | {case.mode} | {case.startup:.1f} | {each} "
            f"| {case.median:.2f} | {case.median / baseline:.2f} "
            f"| {', '.join(map(str, case.rebuilds))} |"
        )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=1000, metavar="N")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument(
        "--full-at-scale",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also serve the whole synthetic site (minutes per save)",
    )
    args = parser.parse_args()
    cases: list[Case] = []
    with tempfile.TemporaryDirectory(prefix="kb-reload-") as tmp:
        shipped = shipped_project(Path(tmp) / "shipped")
        count = len(list((shipped / "kb").glob("*/*.yaml")))
        for mode in ("full", "focused"):
            cases.append(measure(Case(f"{count} shipped", mode), shipped, args.edits))
            print(report(cases), flush=True)
        synthetic = synthetic_project(Path(tmp) / "synthetic", args.synthetic)
        for mode in ("focused", "full") if args.full_at_scale else ("focused",):
            case = Case(f"{args.synthetic:,} synthetic", mode)
            cases.append(measure(case, synthetic, args.edits))
            print(report(cases), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

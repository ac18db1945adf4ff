"""Benchmark part: from saving an entry file to its page being served again.

A real server runs in the benchmark's project, in two modes:

- focused: `kb serve <the edited entry>`, that entry and the entries it links to;
- full: `mkdocs serve`, the whole site.

One entry's English title is edited several times; after each save the page is polled
until the new title is served. Under `mkdocs serve` the plugin logs its own share of each
rebuild (PLUGIN_TIME, from plugin.py), so the rest is what MkDocs and the other plugins
cost.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

TIMEOUT = 1800.0  # seconds a server may take to show a page (a cold 1,000-entry build)
# The plugin's closing line (Stopwatch.summary): its seconds, then the hooks that took most.
PLUGIN_TIME = re.compile(
    r"kb: ([0-9.]+) s of this build in the kb plugin \(([^)\n]*)\)"
)
_TITLE = re.compile(r"^(title:\n  en: )(.*)$", re.MULTILINE)


@dataclass
class Reloads:
    """What one server mode measured over several saves."""

    mode: str
    startup: float = 0.0
    seconds: list[float] = field(default_factory=list)
    ours: list[float] = field(default_factory=list)  # the plugin's share, when logged
    rebuilds: list[int] = field(default_factory=list)

    def cell(self) -> str:
        return f"{min(self.seconds):.2f} / {statistics.median(self.seconds):.2f}"


def measure(project: Path, mode: str, edits: int) -> Reloads:
    """Serve `project` in `mode`, save `edits` edits, time each to the page."""
    path, slug = edited_entry(project)
    port = free_port()
    command = (
        [sys.executable, "-m", "mkdocs", "serve"]
        if mode == "full"
        else [sys.executable, "-m", "kbgen.cli", "serve", slug]
    )
    log = project / f"serve-{mode}.log"
    server = start_server(project, command, port, log)
    url = f"http://127.0.0.1:{port}/entries/{slug}/"
    original = path.read_text(encoding="utf-8")
    result = Reloads(mode)
    try:
        result.startup = wait_for(url, "<h1", server, log)
        for n in range(1, edits + 1):
            before = _read(log)
            marker = f"Reload check {n} of {mode}"
            path.write_text(_TITLE.sub(rf"\g<1>{marker}", original, 1), "utf-8")
            result.seconds.append(wait_for(url, marker, server, log))
            # Wait, so that a second rebuild set off by the same save would show.
            time.sleep(max(3.0, result.seconds[-1] / 4))
            added = _read(log)[len(before) :]
            result.rebuilds.append(added.count("Building documentation..."))
            result.ours += [float(s) for s, _ in PLUGIN_TIME.findall(added)[:1]]
    finally:
        stop(server)
        path.write_text(original, encoding="utf-8")
    return result


def start_server(
    project: Path, command: list[str], port: int, log: Path
) -> subprocess.Popen[bytes]:
    """Start `command` in `project` serving on 127.0.0.1:`port`, its output into `log`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as out:
        return subprocess.Popen(
            [*command, "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def edited_entry(project: Path) -> tuple[Path, str]:
    """Return the file of KB-0001 and its slug."""
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


def wait_for(url: str, text: str, server: subprocess.Popen[bytes], log: Path) -> float:
    """Poll `url` until it holds `text`; return the time that took."""
    start = time.perf_counter()
    while time.perf_counter() - start < TIMEOUT:
        if server.poll() is not None:
            raise SystemExit(
                f"the server stopped (exit {server.returncode}):\n{_read(log)}"
            )
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


def _read(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")

"""Live preview: a real `mkdocs serve` (and `kb serve`) picks up edits of entry files.

Each test starts the server on a free loopback port in a copy of the project, edits an
entry, polls the page until the edit shows, and stops the server by its process id.
The deadlines only keep a broken server from hanging the suite; nothing here is timed.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

from kbgen.cli import main
from kbgen.reload_bench import free_port, start_server, stop

from .conftest import MKDOCS, minimal_entry

FILE = "kb/buildx/sample-entry.yaml"
PAGE = "/entries/sample-entry/"
DEADLINE = 600  # seconds; a cold build on a busy machine takes a while
T = TypeVar("T")


@dataclass
class Server:
    """A running preview server and the file its output goes to."""

    process: subprocess.Popen[bytes]
    log: Path
    base: str

    def get(self, path: str) -> tuple[int, str]:
        """Return the status and body of a page; 0 while nothing listens."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=DEADLINE) as reply:
                return reply.status, reply.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            return err.code, ""
        except (ConnectionError, urllib.error.URLError):
            return 0, ""

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, path: str, text: str) -> str:
        """Poll `path` until it answers 200 with `text` in it; return the page."""
        return _until(lambda: _found(self.get(path), text), f"{text!r} on {path}", self)

    def wait_for_output(self, line: str) -> None:
        _until(lambda: line if line in self.output().splitlines() else None, line, self)


def _found(reply: tuple[int, str], text: str) -> str | None:
    status, body = reply
    return body if status == 200 and text in body else None


def _until(check: Callable[[], T | None], what: str, server: Server) -> T:
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if server.process.poll() is not None:
            pytest.fail(
                f"the server exited while waiting for {what}:\n{server.output()}"
            )
        if (found := check()) is not None:
            return found
        time.sleep(0.1)
    pytest.fail(f"no {what} after {DEADLINE} s:\n{server.output()}")


@contextmanager
def serving(project: Path, *command: str) -> Iterator[Server]:
    """Run `command` with `-a 127.0.0.1:<free port>` in `project`; stop it after."""
    port = free_port()
    log = project / "serve.log"
    process = start_server(project, list(command), port, log)
    try:
        yield Server(process, log, f"http://127.0.0.1:{port}")
    finally:
        stop(process)


def edit(project: Path, old: str, new: str, file: str = FILE) -> None:
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def entry(slug: str, number: int, title: str, related: str = "") -> str:
    text = minimal_entry().replace("id: KB-0900", f"id: KB-{number:04d}")
    text = text.replace("slug: sample-entry", f"slug: {slug}")
    text = text.replace("  en: Sample entry\n", f"  en: {title}\n", 1)
    return text + (f"related:\n  - {related}\n" if related else "")


def test_an_edit_under_mkdocs_serve_is_served(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = project_with({"buildx/sample-entry.yaml": minimal_entry()})

    with serving(project, *MKDOCS, "serve") as server:
        server.wait_for(PAGE, "Sample entry")
        edit(project, "  en: Sample entry\n", "  en: Sample entry, edited live\n")

        page = server.wait_for(PAGE, "Sample entry, edited live")

    assert "<h1" in page


def test_an_invalid_edit_is_reported_and_the_server_keeps_serving(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = project_with({"buildx/sample-entry.yaml": minimal_entry()})

    with serving(project, *MKDOCS, "serve") as server:
        server.wait_for(PAGE, "Sample entry")
        edit(project, "slug: sample-entry", "slug: Sample-entry")
        server.wait_for_output(
            f"ERROR   -  kb: {FILE}:3:7: slug: 'Sample-entry' is not in the expected "
            "form: lowercase words joined by '-', e.g. buildx-cache-export"
        )
        home = server.wait_for("/", "<h1")
        entries = server.get("/entries/")

        edit(project, "slug: Sample-entry", "slug: sample-entry")
        edit(project, "  en: Sample entry\n", "  en: Sample entry, fixed\n")
        server.wait_for(PAGE, "Sample entry, fixed")

    assert "Traceback" not in server.output()
    assert "sample-entry" not in home  # the home page lists only valid entries
    assert entries[0] == 200


@pytest.fixture
def linked_project(project_with: Callable[[dict[str, str]], Path]) -> Path:
    """Entry A links to entry B; entry C stands apart."""
    return project_with(
        {
            "buildx/sample-a.yaml": entry("sample-a", 901, "Entry A", "sample-b"),
            "buildx/sample-b.yaml": entry("sample-b", 902, "Entry B"),
            "buildx/sample-c.yaml": entry("sample-c", 903, "Entry C"),
        }
    )


def test_kb_serve_builds_the_named_entry_and_the_entries_it_links_to(
    linked_project: Path,
) -> None:
    command = (sys.executable, "-m", "kbgen.cli", "serve", "KB-0901")

    with serving(linked_project, *command) as server:
        server.wait_for("/entries/sample-a/", "Entry A")
        found = {
            path: server.get(path)[0]
            for path in (
                "/entries/sample-b/",
                "/zh/entries/sample-a/",
                "/entries/sample-c/",
                "/zh/entries/sample-c/",
            )
        }
        home = server.get("/")[1]
        edit(
            linked_project,
            "  en: Entry A\n",
            "  en: Entry A, edited\n",
            "kb/buildx/sample-a.yaml",
        )
        server.wait_for("/entries/sample-a/", "Entry A, edited")

    assert found == {
        "/entries/sample-b/": 200,
        "/zh/entries/sample-a/": 200,
        "/entries/sample-c/": 404,
        "/zh/entries/sample-c/": 404,
    }
    assert ("Entry A" in home, "Entry B" in home, "Entry C" in home) == (
        True,
        True,
        False,
    )
    assert "kb: previewing 2 entries: sample-a, sample-b" in server.output()


def test_kb_serve_in_one_language_builds_no_page_of_the_other(
    linked_project: Path,
) -> None:
    command = (sys.executable, "-m", "kbgen.cli", "serve", "sample-c", "--lang", "en")

    with serving(linked_project, *command) as server:
        server.wait_for("/entries/sample-c/", "Entry C")
        chinese = server.get("/zh/entries/sample-c/")[0]

    assert chinese == 404


def test_kb_serve_refuses_an_unknown_entry(
    linked_project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(linked_project)

    status = main(["serve", "sample-bb"])

    assert (status, capsys.readouterr().err) == (
        2,
        "kb serve: no entry has the slug, id or file 'sample-bb' "
        "(did you mean 'sample-b'?)\n",
    )

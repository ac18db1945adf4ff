"""A log of tens of megabytes is streamed: memory stays small, the failure is found."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from kbgen.catalog import CatalogLoader
from kbgen.match.normalize import read_lines
from kbgen.match.scan import probes_of, rank, scan

from .conftest import ROOT

NOISE = [
    '#0 building with "builder-7c0e5d2a" instance using docker-container driver',
    "#2 [internal] load metadata for docker.io/library/node:22-alpine",
    "#8 1.204 npm warn deprecated inflight@1.0.6: This module is not supported.",
    "\x1b[36;1m#8 2.418 found 0 vulnerabilities\x1b[0m",
    "#9 3.114 dist/assets/index-4f9a1c2b.js   412.08 kB │ gzip: 131.77 kB",
    "    ✓ renders the checkout form (41 ms)",
    "[INFO] Downloading from central: https://repo.maven.apache.org/maven2/x.pom",
    "Downloading typescript-5.9.3.tgz...",
    "##[group]Run actions/upload-artifact@v7",
    "##[endgroup]",
]
FAILURE = (
    "ERROR: failed to build: failed to solve: acme-base:ci: failed to resolve source "
    "metadata for docker.io/library/acme-base:ci: pull access denied, repository does "
    "not exist or may require authorization: server message: insufficient_scope: "
    "authorization failed"
)
SIZE = 24_000_000


def write_log(path: Path) -> int:
    """Write a log of about SIZE bytes, one 3 MB line included; return the last line."""
    number = 0
    with path.open("w", encoding="utf-8") as out:
        while out.tell() < SIZE:
            for line in NOISE:
                number += 1
                out.write(f"2026-11-20T10:00:{number % 60:02d}.5512890Z {line}\n")
            if number == 10 * len(NOISE):
                number += 1
                out.write("x" * 3_000_000 + "\n")  # minified output on one line
        number += 1
        out.write(f"2026-11-20T11:00:00.0000000Z {FAILURE}\n")
    return number


def test_a_large_log_is_matched_in_small_memory(tmp_path: Path) -> None:
    log = tmp_path / "large.log"
    last = write_log(log)
    probes = probes_of(CatalogLoader(ROOT, ROOT / "kb").load().entries)

    tracemalloc.start()
    with log.open(encoding="utf-8", errors="replace") as stream:
        found = scan(read_lines(stream), probes)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    size = log.stat().st_size
    assert size >= SIZE
    assert found.lines == last
    assert peak < size // 20
    top = rank(probes, found.hits)[0]
    assert top.entry.id == "KB-0001"
    assert [(s.id, hit.number, hit.kind) for s, hit in top.symptoms] == [
        ("failed-to-build", last, "line"),
        ("insufficient-scope", last, "line"),
    ]

"""A smoke run of the benchmark at a small size: it runs and its table parses."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.bench import main


def test_benchmark_runs_and_writes_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "results.md"

    status = main(
        [
            "--sizes",
            "12",
            "--runs",
            "1",
            "--snippets",
            "20",
            "--log-mb",
            "1",
            "--output",
            str(output),
        ]
    )

    assert status == 0
    rows = [
        line
        for line in output.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ")
    ]
    cells = {
        row.split(" | ")[0].lstrip("| "): row.split(" | ")[1].rstrip(" |")
        for row in rows
    }
    assert float(cells["overhead: ours / baseline (median)"]) > 0
    assert float(cells["kb match on a 1 MB log (MB/s, median)"]) > 0
    assert "snippet checks, 20 snippets, cold (s)" in cells
    assert int(cells["search index zh per entry (bytes)"].replace(",", "")) > 0
    assert "| measurement | N = 12 |" in capsys.readouterr().out

"""A smoke run of the benchmark at a small size: it runs and its table parses."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.bench import main

RELOAD = "serve, focused `kb serve`: save to page (s, min / median)"


def test_benchmark_runs_and_writes_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "results.md"

    status = main(
        [
            "--sizes",
            "12",
            "24",
            "--build-sizes",
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
    cells = {row.split(" | ")[0].lstrip("| "): row.split(" | ")[1:] for row in rows}
    built, not_built = cells["overhead: ours / baseline (median)"]
    assert float(built) > 0 and not_built.rstrip(" |") == "not built"
    # The rebuild with nothing changed reuses every page: it is cheaper than a full one.
    assert float(cells["rebuild, nothing changed / full build (median)"][0]) < 1
    # The plugin's own share of a build is read from its log and is part of the build.
    full = float(
        cells["full build, ours, nothing reused (s, min / median)"][0].split()[0]
    )
    assert 0 < float(cells["full build, of it in our plugin (s, median)"][0]) < full
    # Saves under both servers were seen on the page; the plugin logged its share.
    assert float(cells[RELOAD][0].split(" / ")[1]) > 0
    assert float(cells["serve, whole site: of it in our plugin (s, median)"][0]) > 0
    per_entry = cells["validation alone, nothing cached, per entry (ms, median)"]
    assert all(float(cell.rstrip(" |")) > 0 for cell in per_entry)
    assert float(cells["kb match on a 1 MB log (MB/s, median)"][0].rstrip(" |")) > 0
    assert "snippet checks, 20 snippets, cold (s)" in cells
    zh_size = cells["search index zh per entry (bytes)"][0]
    assert int(zh_size.replace(",", "")) > 0
    assert "| measurement | N = 12 | N = 24 |" in capsys.readouterr().out

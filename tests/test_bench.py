"""A smoke run of the benchmark at a small size: it runs and its table parses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kbgen.bench import BEGIN, END, main

RELOAD = "serve, focused `kb serve`: save to page (s, min / median)"
OVERHEAD = "overhead: ours / baseline (median of side-by-side runs, range)"
PAIRED = re.compile(r"^(\d+\.\d{3}) \((\d+\.\d{3}) to (\d+\.\d{3})\)$")
GZIP_EN = "search index en, gzip: as built / copies distinct (bytes)"


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
            "--weigh-sizes",
            "24",
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
    text = output.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    cells = {row.split(" | ")[0].lstrip("| "): row.split(" | ")[1:] for row in rows}
    built, weighed = (c.rstrip(" |") for c in cells[OVERHEAD])
    # One run of each: the median and both ends of the range are that run's ratio.
    paired = PAIRED.match(built)
    assert paired and float(paired[1]) > 0 and len(set(paired.groups())) == 1
    assert weighed == "one build only"
    # The rebuild with nothing changed reuses every page: it is cheaper than a full one.
    assert float(cells["rebuild, nothing changed / full build (median)"][0]) < 1
    # The plugin's own share of a build is read from its log and is part of the build.
    full = float(
        cells["full build, ours, nothing reused (s, min / median)"][0].split()[0]
    )
    assert 0 < float(cells["full build, of it in our plugin (s, median)"][0]) < full
    assert (
        "on_pre_build"
        in cells["full build, our plugin's largest hooks (s, median run)"][0]
    )
    validated = cells["full build, entries validated before / baseline (median, range)"]
    one_off = cells["full build, one-off / baseline (median, range)"]
    for cell in (validated[0], one_off[0]):
        assert (found := PAIRED.match(cell)) and float(found[1]) > 0
    # Saves under both servers were seen on the page; the plugin logged its share.
    assert float(cells[RELOAD][0].split(" / ")[1]) > 0
    assert float(cells["serve, whole site: of it in our plugin (s, median)"][0]) > 0
    per_entry = cells["validation alone, nothing cached, per entry (ms, median)"]
    assert all(float(cell.rstrip(" |")) > 0 for cell in per_entry)
    assert float(cells["kb match on a 1 MB log (MB/s, median)"][0].rstrip(" |")) > 0
    assert "snippet checks, 20 snippets, cold (s)" in cells
    assert float(cells["snippet checks cold / baseline"][0].rstrip(" |")) > 0
    # Both sizes that were built have index sizes; the one built once has them too.
    for cell in cells["search index zh per entry (bytes)"]:
        assert int(cell.rstrip(" |").replace(",", "")) > 0
    as_built, distinct = cells[GZIP_EN][0].split(" / ")
    assert int(distinct.replace(",", "")) >= int(as_built.replace(",", ""))
    assert "| measurement | N = 12 | N = 24 |" in capsys.readouterr().out


def test_a_new_run_keeps_the_hand_written_reading(tmp_path: Path) -> None:
    output = tmp_path / "results.md"
    output.write_text(
        f"# Results\n\nIntro.\n\n{BEGIN}\nold table\n{END}\n\n## Reading\n\nKept.\n",
        encoding="utf-8",
    )

    status = main(
        [
            *("--sizes", "12", "--build-sizes", "--weigh-sizes", "--runs", "1"),
            *("--snippets", "5", "--log-mb", "1", "--output", str(output)),
        ]
    )

    assert status == 0
    text = output.read_text(encoding="utf-8")
    assert text.startswith(f"# Results\n\nIntro.\n\n{BEGIN}\nWritten by `scripts/bench")
    assert "old table" not in text
    assert text.endswith(f"{END}\n\n## Reading\n\nKept.\n")
    assert "| validation alone, nothing cached (s, min / median) |" in text

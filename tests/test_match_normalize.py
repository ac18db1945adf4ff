"""Cleaning a raw CI log: markers, colours, timestamps, BuildKit prefixes, line ends."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbgen.match.normalize import MAX_LINE, Line, normalize, read_lines

STAMP = "2026-10-14T08:12:04.2243170Z "


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (
            STAMP + "##[group]Run docker/build-push-action@v7",
            "Run docker/build-push-action@v7",
        ),
        (STAMP + "##[endgroup]", ""),
        (
            STAMP + "##[error]buildx failed with: ERROR: x",
            "buildx failed with: ERROR: x",
        ),
        ("##[debug]Failed to download artifact", "Failed to download artifact"),
        ("::error file=a.yml,line=3,col=1::boom: here", "boom: here"),
        (STAMP + "#12 0.123 npm warn deprecated", "npm warn deprecated"),
        ("#12 [stage-1 2/3] RUN make", "[stage-1 2/3] RUN make"),
        ('#0 building with "default" instance', 'building with "default" instance'),
        ("\x1b[36;1m#2 [internal] load\x1b[0m", "[internal] load"),
        (STAMP + "\x1b[31;1mERROR\x1b[0m: failed", "ERROR: failed"),
        ("^[[31mERROR^[[0m: failed", "ERROR: failed"),
        ("[31mERROR[0m: failed", "ERROR: failed"),
        ("\x1b[2K\x1b[1Gprogress", "progress"),
        ("a\u00a0b", "a b"),
        ("\ufeff" + STAMP + "first line", "first line"),
        # What is not a marker stays.
        (
            "Error: buildx failed with: [internal] x",
            "Error: buildx failed with: [internal] x",
        ),
        ("see #12 for details", "see #12 for details"),
        ("  ##[group] indented", "  ##[group] indented"),
        (
            "2026-10-14 08:12:04 not a runner stamp",
            "2026-10-14 08:12:04 not a runner stamp",
        ),
    ],
)
def test_normalize_removes_exactly_the_noise(raw: str, clean: str) -> None:
    assert normalize(raw) == clean


def lines_of(tmp_path: Path, data: bytes) -> list[Line]:
    path = tmp_path / "log"
    path.write_bytes(data)
    with path.open(encoding="utf-8", errors="replace") as stream:
        return list(read_lines(stream))


def test_every_line_ending_ends_a_line(tmp_path: Path) -> None:
    assert lines_of(tmp_path, b"a\r\nb\rc\nd") == [
        Line(1, "a"),
        Line(2, "b"),
        Line(3, "c"),
        Line(4, "d"),
    ]


def test_a_long_line_comes_in_pieces_under_one_number(tmp_path: Path) -> None:
    long = "x" * (2 * MAX_LINE + 5)
    assert lines_of(tmp_path, f"{long}\nnext\n".encode()) == [
        Line(1, "x" * MAX_LINE),
        Line(1, "x" * MAX_LINE),
        Line(1, "xxxxx"),
        Line(2, "next"),
    ]


def test_a_line_of_exactly_the_limit_is_one_piece(tmp_path: Path) -> None:
    exact = "y" * MAX_LINE
    assert lines_of(tmp_path, f"{exact}\n\nlast".encode()) == [
        Line(1, exact),
        Line(2, ""),
        Line(3, "last"),
    ]


def test_undecodable_bytes_do_not_stop_the_log(tmp_path: Path) -> None:
    assert lines_of(tmp_path, b"caf\xe9\nok\n") == [Line(1, "caf\ufffd"), Line(2, "ok")]

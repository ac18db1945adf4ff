"""`kb match`: every case log leads to its entry, unrelated logs to none, exit codes hold."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kbgen.catalog import CatalogLoader
from kbgen.cli import main
from kbgen.match.normalize import read_lines
from kbgen.match.report import LIMIT, NO_MATCH, as_data
from kbgen.match.scan import Probe, probes_of, rank, scan

from .conftest import ROOT

LOGS = Path(__file__).parent / "fixtures" / "logs"
SITE_URL = "https://kb.example.org/"


@dataclass(frozen=True)
class Case:
    """One log and what it must lead to: an entry id (or None) and symptoms."""

    path: Path
    entry: str | None
    symptoms: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.path.name


def read_table(folder: Path) -> list[dict[str, str]]:
    with (folder / "expected.tsv").open(encoding="utf-8", newline="") as table:
        return list(csv.DictReader(table, delimiter="\t"))


def shared_cases() -> list[Case]:
    # The shared table names candidates E01..E12; candidate EN became entry KB-00NN.
    return [
        Case(
            LOGS / "cases" / row["log"],
            None if row["expected"] == "none" else f"KB-00{row['expected'][1:]}",
        )
        for row in read_table(LOGS / "cases")
    ]


def own_cases() -> list[Case]:
    return [
        Case(
            LOGS / "own" / row["log"],
            None if row["entry"] == "none" else row["entry"],
            tuple(s for s in row["symptoms"].split(",") if s != "-"),
        )
        for row in read_table(LOGS / "own")
    ]


CASES, OWN = shared_cases(), own_cases()


@pytest.fixture(autouse=True)
def in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def match(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["match", *args])
    out, err = capsys.readouterr()
    return status, out, err


def match_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    status, out, err = match(capsys, "--format", "json", *args)
    data: dict[str, Any] = json.loads(out)
    assert err == ""
    assert status == (0 if data["matches"] else 1)
    return data


def test_every_fixture_log_is_listed_in_a_table() -> None:
    listed = {case.path for case in CASES + OWN}
    assert set(LOGS.glob("*/*.log")) == listed
    assert len(CASES) == 8


@pytest.fixture(scope="module")
def probes() -> list[Probe]:
    catalog = CatalogLoader(ROOT, ROOT / "kb").load()
    assert not catalog.errors
    return probes_of(catalog.entries)


def check_top(matches: list[dict[str, Any]], case: Case) -> None:
    if case.entry is None:
        assert matches == []
        return
    top = matches[0]
    assert top["id"] == case.entry
    found = {f"{s['id']}:{s['kind']}" for s in top["symptoms"]}
    for expected in case.symptoms:
        wanted = expected if ":" in expected else f"{expected}:line"
        assert wanted in found


@pytest.mark.parametrize("case", CASES, ids=str)
def test_kb_match_leads_each_case_log_to_its_entry_first(
    capsys: pytest.CaptureFixture[str], case: Case
) -> None:
    check_top(match_json(capsys, str(case.path))["matches"], case)


@pytest.mark.parametrize("case", OWN, ids=str)
def test_each_log_of_our_own_leads_to_its_entry_first(
    probes: list[Probe], case: Case
) -> None:
    with case.path.open(encoding="utf-8", errors="replace") as stream:
        results = rank(probes, scan(read_lines(stream), probes).hits)
    check_top([as_data(r, "en", SITE_URL) for r in results[:LIMIT]], case)


@pytest.mark.parametrize("case", [c for c in CASES if c.entry is None], ids=str)
def test_an_unrelated_log_says_so_and_exits_1(
    capsys: pytest.CaptureFixture[str], case: Case
) -> None:
    assert match(capsys, str(case.path)) == (1, NO_MATCH + "\n", "")
    assert NO_MATCH == "kb match: no entry matches this log well enough"


def test_every_signature_is_exercised_by_a_log_of_our_own(probes: list[Probe]) -> None:
    missed = set(range(len(probes)))
    for case in OWN:
        with case.path.open(encoding="utf-8") as stream:
            hits = scan(read_lines(stream), probes).hits
        for index in hits:
            probe = probes[index]
            if probe.context or probe.entry.id == case.entry:
                missed.discard(index)
    assert [probes[i].signature.text for i in sorted(missed)] == []


def test_every_shipped_symptom_has_a_signature() -> None:
    catalog = CatalogLoader(ROOT, ROOT / "kb").load()
    lacking = [
        f"{e.id} {s.id}" for e in catalog.entries for s in e.symptoms if not s.signature
    ]
    assert lacking == []


def test_text_report_names_symptom_line_solutions_and_url(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = match(
        capsys, str(LOGS / "cases" / "02-localhost-registry-refused.log")
    )

    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("1. KB-0002 · ")
    assert lines[1] == (
        "   https://kb.example.org/entries/buildx-localhost-registry-unreachable/"
    )
    assert lines[2:4] == [
        "   Matched symptoms:",
        "     #symptom-connection-refused  "
        + CatalogLoader(ROOT, ROOT / "kb")
        .load()
        .by_slug()["buildx-localhost-registry-unreachable"]
        .symptoms[0]
        .title.en,
    ]
    assert lines[4].startswith(
        '       line 3: ERROR: failed to do request: Head "http://localhost:5000/v2/'
    )
    assert "   Solutions:" in lines
    assert "     #solution-network-host  " in "\n".join(lines) + "  "


def test_json_report_has_the_documented_shape(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = match_json(capsys, str(LOGS / "cases" / "01-actions-base-not-found.log"))

    assert set(data) == {"format", "lines", "matches"}
    assert (data["format"], data["lines"]) == (1, 25)
    top = data["matches"][0]
    assert set(top) == {
        "id", "slug", "title", "url", "score", "symptoms", "context", "solutions"
    }  # fmt: skip
    assert top["url"] == SITE_URL + "entries/buildx-local-image-not-visible/"
    assert top["symptoms"][0] == {
        "id": "failed-to-build",
        "title": "Final error line from a current Buildx release",
        "url": top["url"] + "#symptom-failed-to-build",
        "line": 24,
        "text": "ERROR: failed to build: failed to solve: acme-base:ci: failed to "
        "resolve source metadata for docker.io/library/acme-base:ci: pull access "
        "denied, repository does not exist or may require authorization: server "
        "message: insufficient_scope: authorization failed",
        "kind": "line",
    }
    assert {c["signature"]: c["line"] for c in top["context"]} == {
        "load metadata for docker.io/library/": 14,
        "instance using docker-container driver": 8,
    }
    assert top["solutions"][0] == {
        "id": "docker-driver",
        "anchor": "solution-docker-driver",
        "title": "Build with the docker driver",
        "url": top["url"] + "#solution-docker-driver",
    }


def test_lang_zh_gives_chinese_titles_and_urls(
    capsys: pytest.CaptureFixture[str],
) -> None:
    log = str(LOGS / "cases" / "06-uppercase-owner.log")
    data = match_json(capsys, "--lang", "zh", log)

    top = data["matches"][0]
    entry = CatalogLoader(ROOT, ROOT / "kb").load().by_slug()["image-ref-uppercase"]
    assert top["title"] == entry.title.zh
    assert top["url"] == SITE_URL + "zh/entries/image-ref-uppercase/"
    assert all(s["url"].startswith(top["url"] + "#solution-") for s in top["solutions"])
    assert [s["title"] for s in top["solutions"]] == [
        s.title.zh for s in entry.solutions
    ]
    status, out, _ = match(capsys, "--lang", "zh", log)
    assert status == 0
    assert out.startswith(f"1. KB-0010 · {entry.title.zh} (score ")
    assert f"   {SITE_URL}zh/entries/image-ref-uppercase/" in out.splitlines()


def test_limit_keeps_the_best_entries(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    log = tmp_path / "two-failures.log"
    log.write_text(
        (LOGS / "cases" / "01-actions-base-not-found.log").read_text()
        + (LOGS / "own" / "kb0009-permission-denied.log").read_text(),
        encoding="utf-8",
    )

    both = match_json(capsys, str(log))["matches"]
    first = match_json(capsys, "--limit", "1", str(log))["matches"]

    assert [m["id"] for m in both] == ["KB-0001", "KB-0009"]
    assert [m["id"] for m in first] == ["KB-0001"]


def test_standard_input_is_read_by_default_with_crlf() -> None:
    log = (LOGS / "cases" / "04-cache-export-old-wording.log").read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "kbgen.cli", "match", "--format", "json"],
        input=log.replace(b"\n", b"\r\n"),
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["lines"] == 7
    assert data["matches"][0]["id"] == "KB-0004"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such.log"], "kb match: no-such.log: No such file or directory\n"),
        (["tests"], "kb match: tests: Is a directory\n"),
    ],
)
def test_a_missing_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert match(capsys, *args) == (2, "", message)


@pytest.mark.parametrize(
    "args", [["--limit", "0"], ["--lang", "fr"], ["--format", "xml"], ["a", "b"]]
)
def test_bad_options_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["match", *args])
    assert stopped.value.code == 2
    assert "usage: kb" in capsys.readouterr().err

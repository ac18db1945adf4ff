"""`kb new`: a scaffolded entry fails validation until every placeholder is replaced."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kbgen.cli import main

from .conftest import ROOT

NEW = "kb/buildx/buildx-cache-too-large.yaml"
PLACEHOLDER = "placeholder left in; write the text"
# Where `kb new` leaves a placeholder, by key path; the title is given on the command line.
PLACES = [
    ("7:7", "title.zh"),
    ("9:7", "summary.en"),
    ("11:7", "summary.zh"),
    ("16:9", "symptoms[0].id"),
    ("18:11", "symptoms[0].title.en"),
    ("19:11", "symptoms[0].title.zh"),
    ("20:14", "symptoms[0].message"),
    ("22:7", "cause.en"),
    ("24:7", "cause.zh"),
    ("27:9", "solutions[0].id"),
    ("29:11", "solutions[0].title.en"),
    ("30:11", "solutions[0].title.zh"),
    ("32:11", "solutions[0].body.en"),
    ("34:11", "solutions[0].body.zh"),
    ("39:15", "solutions[0].snippets[0].caption.en"),
    ("40:15", "solutions[0].snippets[0].caption.zh"),
    ("41:15", "solutions[0].snippets[0].code"),
    ("44:11", "solutions[0].tradeoffs.en"),
    ("46:11", "solutions[0].tradeoffs.zh"),
    ("49:9", "best_practices[0].en"),
    ("51:9", "best_practices[0].zh"),
    ("54:12", "references[0].title"),
    ("55:10", "references[0].url"),
    ("59:5", "verified.versions"),
]


@pytest.fixture
def project(sample_project: Path) -> Path:
    """A project holding one entry, KB-0900, with `kb` run from its root."""
    return sample_project


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def fill(text: str) -> str:
    """Replace each placeholder the way an author would: English, Chinese, ids, URL."""
    count = iter(range(1, 100))

    def written(match: re.Match[str]) -> str:
        n = next(count)
        chinese = re.search(r"[\u4e00-\u9fff]", match.group(0))
        return f"已填写的第 {n} 段中文" if chinese else f"Filled-in text number {n}."

    text = text.replace("id: todo", "id: first")
    text = text.replace("https://example.com/TODO", "https://docs.docker.com/build/")
    text = text.replace('"TODO: owner/action"', "docker/setup-buildx-action")
    text = text.replace(
        "# TODO: a copy-ready step", "- uses: docker/setup-buildx-action@v4"
    )
    return re.sub(r"TODO: [^\"\n]*", written, text)


def test_new_entry_fails_validation_until_every_placeholder_is_filled(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(
        capsys,
        *("new", "buildx-cache-too-large", "--tag", "cache"),
        *("--title-en", 'Cache export fails with "413 Request Entity Too Large"'),
    )
    assert (status, out.splitlines()) == (
        0,
        [
            f"{NEW}: created KB-0901",
            f"Replace every TODO, then run: kb validate {NEW}",
        ],
    )

    status, out, _ = run(capsys, "validate", NEW)
    assert status == 1
    assert out.splitlines() == [
        *(f"{NEW}:{where}: {key}: {PLACEHOLDER}" for where, key in PLACES),
        f"1 entry checked: {len(PLACES)} error(s), 0 warning(s) in 1 file(s)",
    ]

    path = project / NEW
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    status, out, _ = run(capsys, "validate", NEW)
    assert (status, out) == (0, "1 entry checked: no problems\n")


def test_new_entry_holds_both_locales_the_schema_line_and_the_given_title(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "new", "buildx-cache-too-large", "--title-zh", "缓存导出失败")

    lines = (project / NEW).read_text(encoding="utf-8").splitlines()
    schema = "../../scripts/kbgen/schema/entry.schema.json"
    assert lines[0] == f"# yaml-language-server: $schema={schema}"
    assert (ROOT / "kb" / "buildx" / schema).resolve().is_file()
    assert lines[5:7] == [
        '  en: "TODO: the problem as a reader would say it"',
        '  zh: "缓存导出失败"',
    ]
    assert lines[12:14] == ["tags:", "  - todo"]


def test_next_id_skips_retired_ids(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "kb" / "retired-ids.yaml").write_text(
        "KB-0950:\n  slugs: [old-entry]\n  reason: Merged into KB-0900.\n",
        encoding="utf-8",
    )

    status, out, _ = run(capsys, "new", "buildx-cache-too-large")

    assert status == 0
    assert out.splitlines()[0] == f"{NEW}: created KB-0951"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["sample-entry"],
            "kb/buildx/sample-entry.yaml already exists; edit it, or choose another slug",
        ),
        (
            ["sample-entry", "--family", "buildkit"],
            "slug 'sample-entry' is already used by kb/buildx/sample-entry.yaml; "
            "choose another",
        ),
        (
            ["old-entry"],
            "slug 'old-entry' is already used by retired KB-0950 in "
            "kb/retired-ids.yaml; choose another",
        ),
        (
            ["Cache_Too_Large"],
            "slug 'Cache_Too_Large' is not in the expected form: lowercase words "
            "joined by '-', e.g. buildx-cache-export (at most 80 characters)",
        ),
        (
            ["buildx-cache-too-large", "--tag", "cahce"],
            "unknown tag 'cahce'; declare it in kb/tags.yaml or use one of: "
            "artifacts, authentication, build-context, build-drivers, buildkit, "
            "buildx, cache, github-actions, local-images, multi-platform, networking, "
            "registry (did you mean 'cache'?)",
        ),
    ],
    ids=["existing file", "slug in another family", "retired slug", "bad slug", "tag"],
)
def test_new_refuses_what_it_cannot_create(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (project / "kb" / "retired-ids.yaml").write_text(
        "KB-0950:\n  slugs: [old-entry]\n  reason: Merged into KB-0900.\n",
        encoding="utf-8",
    )
    before = sorted(p.relative_to(project) for p in (project / "kb").rglob("*"))

    status, out, err = run(capsys, "new", *args)

    assert (status, out, err) == (2, "", f"kb new: {message}\n")
    assert sorted(p.relative_to(project) for p in (project / "kb").rglob("*")) == before


def documented_example(page: Path) -> str:
    """Return the complete entry shown on a contributor page."""
    text = page.read_text(encoding="utf-8")
    start = text.index("```yaml\n# yaml-language-server:") + len("```yaml\n")
    return text[start : text.index("\n```\n", start) + 1]


def test_the_documented_example_entry_passes_every_check(
    project_with: Callable[[dict[str, str]], Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    en, zh = (
        documented_example(ROOT / "docs" / name)
        for name in ("contributing.md", "contributing.zh.md")
    )
    monkeypatch.chdir(project_with({"buildx/image-ref-uppercase.yaml": en}))

    assert en == zh
    assert run(capsys, "check") == (0, "1 entry checked: no problems\n", "")

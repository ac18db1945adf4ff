"""Chinese texts kept in step: a changed English field is reported, marked, and shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from kbgen.cli import main
from kbgen.translations import fingerprint

from .conftest import copy_project, minimal_entry, run_build

FILE = "kb/buildx/sample-entry.yaml"
CAUSE_EN = "  en: The builder cannot see the image.\n"
STALE_CAUSE = (
    f"{FILE}:22:7: cause.zh: the English text changed since this translation was "
    f"reviewed; update the Chinese and run kb review {FILE} --field cause"
)


@pytest.fixture
def project(sample_project: Path) -> Path:
    return sample_project


def kb(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    status = main(list(args))
    return status, capsys.readouterr().out.splitlines()


def edit(project: Path, old: str, new: str) -> None:
    path = project / FILE
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_review_adds_only_fingerprint_lines(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = kb(capsys, "review", FILE)

    text = (project / FILE).read_text(encoding="utf-8")
    added = [line for line in text.splitlines() if "zh_reviewed" in line]
    assert status == 0
    assert out == [
        f"{FILE}: marked reviewed: title, summary, symptoms[0].title, cause, "
        "solutions[0].title, solutions[0].body, solutions[0].tradeoffs, "
        "best_practices[0]"
    ]
    assert added[0] == f'  zh_reviewed: "{fingerprint("Sample entry")}"'
    assert added[-1] == f'    zh_reviewed: "{fingerprint("Keep it simple.")}"'
    assert "\n".join(
        line for line in text.splitlines() if "zh_reviewed" not in line
    ) == minimal_entry().rstrip("\n")
    assert kb(capsys, "validate", FILE) == (0, ["1 entry checked: no problems"])


def test_changed_english_is_reported_until_reviewed_again(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb(capsys, "review", FILE)
    edit(project, CAUSE_EN, "  en: The builder runs apart and cannot see the image.\n")

    assert kb(capsys, "validate", FILE) == (
        0,
        [STALE_CAUSE, "1 entry checked: 0 error(s), 1 warning(s) in 1 file(s)"],
    )
    assert kb(capsys, "review", "--check", FILE) == (
        1,
        [f"{FILE}: not marked reviewed: cause"],
    )

    edit(
        project,
        "  zh: 构建器看不到这个镜像。",
        "  zh: 构建器在单独的容器里看不到这个镜像。",
    )
    assert kb(capsys, "review", FILE, "--field", "cause.zh") == (
        0,
        [f"{FILE}: marked reviewed: cause"],
    )
    assert kb(capsys, "validate", FILE) == (0, ["1 entry checked: no problems"])


def test_rewrapping_the_english_does_not_stale_its_translation(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb(capsys, "review", FILE)
    edit(project, CAUSE_EN, "  en: |\n    The builder cannot\n    see the image.\n")

    assert kb(capsys, "validate", FILE) == (0, ["1 entry checked: no problems"])


def test_a_text_added_to_a_reviewed_entry_is_reported_as_not_reviewed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb(capsys, "review", FILE)
    edit(
        project,
        "    message: ",
        "    note:\n      en: Seen on every run.\n      zh: 每次运行都会出现。\n"
        "    message: ",
    )

    status, out = kb(capsys, "validate", FILE)

    assert (status, out[0]) == (
        0,
        f"{FILE}:21:11: symptoms[0].note.zh: this translation is not marked "
        f"reviewed; once it says what the English says, run kb review {FILE} "
        "--field symptoms[0].note",
    )


def test_review_keeps_flow_mappings_and_comments(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        project,
        "title:\n  en: Sample entry\n  zh: 示例条目\n",
        "title: {en: Sample entry, zh: 示例条目}  # shown as the page title\n",
    )

    status, _ = kb(capsys, "review", FILE, "--field", "title")

    lines = (project / FILE).read_text(encoding="utf-8").splitlines()
    assert status == 0
    assert lines[3] == (
        "title: {en: Sample entry, zh: 示例条目, "
        f'zh_reviewed: "{fingerprint("Sample entry")}"}}  # shown as the page title'
    )
    assert sum("zh_reviewed" in line for line in lines) == 1


def test_review_names_an_unknown_field(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["review", FILE, "--field", "caus"])

    captured = capsys.readouterr()
    assert (status, captured.err) == (
        2,
        f"kb review: {FILE} has no text field 'caus'; did you mean 'cause'?\n",
    )


def test_stale_section_shows_a_notice_on_the_chinese_page_only(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb(capsys, "review", FILE)
    edit(project, CAUSE_EN, "  en: The builder runs apart and cannot see the image.\n")

    result = run_build(project)

    # A stale translation does not fail a strict build: the page says it instead.
    assert result.returncode == 0, result.output
    assert f"INFO    -  kb: {STALE_CAUSE}" in result.output
    zh = page(result.site / "zh" / "entries" / "sample-entry" / "index.html")
    notices = zh.select("div.admonition.kb-stale")
    assert len(notices) == 1
    assert notices[0].select_one(".admonition-title").get_text() == (
        "英文原文在此译文审校后有改动"
    )
    heading = notices[0].find_previous_sibling(re.compile("^h[1-3]$"))
    assert isinstance(heading, Tag)
    assert heading.get("id") == "cause"
    en = page(result.site / "entries" / "sample-entry" / "index.html")
    assert en.select("div.kb-stale") == []


def test_reviewing_every_shipped_entry_adds_only_fingerprint_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path)
    files = sorted((project / "kb").glob("*/*.yaml"))
    unmarked = {path: _without_fingerprints(path) for path in files}
    for path, text in unmarked.items():
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(project)

    status, _ = kb(capsys, "review", "kb")

    assert status == 0
    for path, text in unmarked.items():
        assert _without_fingerprints(path) == text, path
    assert kb(capsys, "review", "--check", "kb") == (
        0,
        ["every translation is marked reviewed against its current English"],
    )


def _without_fingerprints(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if "zh_reviewed:" not in line)


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

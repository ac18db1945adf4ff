"""`kb validate`: every bad input gets its exact located message and exit status."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kbgen.cli import main

from .conftest import ROOT, minimal_entry

FILE = "kb/buildx/sample-entry.yaml"


@dataclass(frozen=True)
class Case:
    name: str
    content: Callable[[], bytes]
    expected: list[str]


def edit(old: str, new: str) -> Callable[[], bytes]:
    def make() -> bytes:
        text = minimal_entry()
        assert old in text, old
        return text.replace(old, new, 1).encode("utf-8")

    return make


def raw(data: bytes) -> Callable[[], bytes]:
    return lambda: data


def alias_bomb() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = "a" if i == 1 else f"l{i - 1}"
        lines.append(f"l{i}: &l{i} [{','.join(['*' + prev] * 9)}]")
    return ("\n".join(lines) + "\n").encode()


CASES = [
    Case(
        "empty file",
        raw(b""),
        [f"{FILE}:1:1: the file has no content; expected an entry mapping"],
    ),
    Case(
        "only a comment",
        raw(b"# nothing yet\n"),
        [f"{FILE}:1:1: the file has no content; expected an entry mapping"],
    ),
    Case(
        "list at top level",
        raw(b"- a\n- b\n"),
        [
            f"{FILE}:1:1: found a list at the top level; expected a mapping of entry keys"
        ],
    ),
    Case(
        "GBK instead of UTF-8",
        lambda: minimal_entry().encode("gbk"),
        [
            f"{FILE}:6:9: file is not UTF-8 (byte 0xc0); save it as UTF-8 "
            "(an editor may have used GBK or Latin-1)"
        ],
    ),
    Case(
        "tab indentation",
        edit("summary:\n  en:", "summary:\n\ten:"),
        [f"{FILE}:8:1: tab character in indentation; indent with spaces"],
    ),
    Case(
        "unclosed quote",
        edit("  en: Sample entry", '  en: "Sample entry'),
        [f"{FILE}:5:7: quoted value is not closed on its line; close the quote"],
    ),
    Case(
        "duplicate key",
        edit("slug: sample-entry", "slug: sample-entry\nslug: other"),
        [f"{FILE}:4:1: slug: duplicate key 'slug' (lines 3 and 4); keep one"],
    ),
    Case(
        "alias bomb",
        raw(alias_bomb()),
        [
            f"{FILE}:1:4: l1[0]: YAML aliases (*name) are not allowed; write the value out"
        ],
    ),
    Case(
        "python tag",
        raw(b'id: !!python/object/apply:os.system ["touch /tmp/kb-pwned"]\n'),
        [
            f"{FILE}:1:5: id: tag 'tag:yaml.org,2002:python/object/apply:os.system' "
            "is not allowed; remove it"
        ],
    ),
    Case(
        "file above the size limit",
        raw(b"a: " + b"x" * 300_000),
        [f"{FILE}:1:1: file is 300003 bytes; the limit is 262144"],
    ),
    Case(
        "slug with a slash",
        edit("slug: sample-entry", "slug: sample/entry"),
        [
            f"{FILE}:3:7: slug: 'sample/entry' is not in the expected form: "
            "lowercase words joined by '-', e.g. buildx-cache-export"
        ],
    ),
    Case(
        "slug with a backslash",
        edit("slug: sample-entry", "slug: 'sample\\entry'"),
        [
            f"{FILE}:3:7: slug: 'sample\\\\entry' is not in the expected form: "
            "lowercase words joined by '-', e.g. buildx-cache-export"
        ],
    ),
    Case(
        "slug with dots and a space",
        edit("slug: sample-entry", "slug: ../sample entry"),
        [
            f"{FILE}:3:7: slug: '../sample entry' is not in the expected form: "
            "lowercase words joined by '-', e.g. buildx-cache-export"
        ],
    ),
    Case(
        "id with a slash",
        edit("id: KB-0900", "id: KB/0900"),
        [
            f"{FILE}:2:5: id: 'KB/0900' is not in the expected form: KB- and four digits, e.g. KB-0042"
        ],
    ),
    Case(
        "NUL in a field",
        edit(
            "  en: The builder cannot see the image.",
            '  en: "The builder cannot\\0 see the image."',
        ),
        [f"{FILE}:18:7: cause.en: control character U+0000 in text; remove it"],
    ),
    Case(
        "control character in a title",
        edit("  en: Pull denied", '  en: "Pull\\x1b[31m denied"'),
        [
            f"{FILE}:14:11: symptoms[0].title.en: control character U+001B in text; remove it"
        ],
    ),
    Case(
        "unquoted date",
        edit('  date: "2026-12-03"', "  date: 2026-12-03"),
        [
            f'{FILE}:44:9: verified.date: YAML reads 2026-12-03 as a date; quote the value: "2026-12-03"'
        ],
    ),
    Case(
        "version read as a float",
        edit('docker/setup-buildx-action: "v4"', "docker/setup-buildx-action: 3.10"),
        [
            f"{FILE}:46:33: verified.versions.docker/setup-buildx-action: YAML reads 3.10 as a float; "
            'quote the value: "3.10"'
        ],
    ),
    Case(
        "unknown key with a close match",
        edit("symptoms:", "symtoms:"),
        [
            f"{FILE}:2:1: symptoms: is required but missing; add it",
            f"{FILE}:11:1: symtoms: unknown key 'symtoms'; expected one of: aliases, best_practices, "
            "cause, id, log_context, observations, references, related, slug, solutions, summary, symptoms, tags, "
            "title, verified (did you mean 'symptoms'?)",
        ],
    ),
    Case(
        "unknown snippet kind",
        edit("      - kind: step", "      - kind: workflw"),
        [
            f"{FILE}:29:15: solutions[0].snippets[0].kind: unknown value 'workflw'; expected one of: "
            "workflow, job, steps, step, services, dockerfile, shell, toml, yaml, json, text, console "
            "(did you mean 'workflow'?)"
        ],
    ),
    Case(
        "missing Chinese",
        edit("  zh: 测试使用的小条目。\n", ""),
        [f"{FILE}:8:3: summary.zh: is required but missing; add it"],
    ),
    Case(
        "Chinese field without Chinese",
        edit("  zh: 示例条目", "  zh: Sample entry"),
        [f"{FILE}:6:7: title.zh: is a copy of the English; write it in Chinese"],
    ),
    Case(
        "Chinese field in English",
        edit("  zh: 示例条目", "  zh: An example"),
        [f"{FILE}:6:7: title.zh: has no Chinese text; write the Chinese version"],
    ),
    Case(
        "blank text",
        edit("  - en: Keep it simple.", '  - en: "   "'),
        [
            f"{FILE}:38:9: best_practices[0].en: has no text; write the section or remove the field",
            f"{FILE}:38:9: best_practices[0].en: is empty; write the text",
        ],
    ),
    Case(
        "multi-line symptom message",
        edit(
            '    message: "ERROR: failed to solve: my-base: pull access denied"',
            "    message: |\n      ERROR: one\n      ERROR: two",
        ),
        [
            f"{FILE}:16:14: symptoms[0].message: must be one line, written on one line; quote it if needed"
        ],
    ),
    Case(
        "unknown tag",
        edit("tags: [buildx]", "tags: [buildkitt]"),
        [
            f"{FILE}:10:8: tags[0]: unknown tag 'buildkitt'; declare it in kb/tags.yaml or use one of: "
            "artifacts, authentication, build-context, build-drivers, buildkit, buildx, cache, "
            "github-actions, local-images, multi-platform, networking, registry (did you mean 'buildkit'?)"
        ],
    ),
    Case(
        "related entry that does not exist",
        edit("tags: [buildx]", "tags: [buildx]\nrelated: [no-such-entry]"),
        [f"{FILE}:11:11: related[0]: no entry has slug 'no-such-entry'"],
    ),
    Case(
        "heading in a text field",
        edit("  en: The builder cannot see the image.", "  en: '## Why'"),
        [
            f"{FILE}:18:7: cause.en: headings are not allowed here; the page sets its own headings"
        ],
    ),
    Case(
        "link to a missing anchor",
        edit("  en: Set the driver.", "  en: 'See [cause](#causes).'"),
        [
            f"{FILE}:26:11: solutions[0].body.en: link to '#causes', which sample-entry does not have; "
            "expected one of: symptoms, symptom-denied, cause, solutions, solution-docker-driver, "
            "best-practices, references, verified"
        ],
    ),
    Case(
        "http link",
        edit("  en: Set the driver.", "  en: 'See [docs](http://example.com/).'"),
        [
            f"{FILE}:26:11: solutions[0].body.en: link target 'http://example.com/' is not allowed; "
            "expected an https:// URL, entry:<slug>, entry:<slug>#<anchor> or #<anchor>"
        ],
    ),
]

UNSAFE = [
    (
        "script tag",
        "<script>alert(1)</script>",
        "raw HTML is not allowed; write Markdown, or put tags in `backticks`",
    ),
    (
        "img onerror",
        "<img src=x onerror=alert(1)>",
        "raw HTML is not allowed; write Markdown, or put tags in `backticks`",
    ),
    (
        "javascript link",
        "[x](javascript:alert(1))",
        "link target 'javascript:alert(1)' is not allowed; expected an https:// URL, entry:<slug>, "
        "entry:<slug>#<anchor> or #<anchor>",
    ),
    (
        "data link",
        "[x](data:text/html,<script>alert(1)</script>)",
        "link target 'data:text/html,%3Cscript%3Ealert(1)%3C/script%3E' is not allowed; expected "
        "an https:// URL, entry:<slug>, entry:<slug>#<anchor> or #<anchor>",
    ),
    (
        "attribute list",
        'Click here{: onclick="alert(1)" }',
        "`{...}` attribute lists are not allowed; remove the braces",
    ),
    (
        "admonition",
        '!!! danger "Read me"\n    boxed text',
        "admonitions (`!!!`) are not allowed; write a plain paragraph",
    ),
    (
        "image",
        "![x](https://example.com/x.png)",
        "images are not allowed; the site loads nothing from other hosts",
    ),
]


def validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    status = main(["validate", *args])
    return status, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gets_its_exact_message(
    kb_project: Path, capsys: pytest.CaptureFixture[str], case: Case
) -> None:
    (kb_project / FILE).write_bytes(case.content())

    status, lines = validate(capsys)

    assert status == 1
    assert lines[:-1] == case.expected
    assert (
        lines[-1]
        == f"1 entry checked: {len(case.expected)} error(s), 0 warning(s) in 1 file(s)"
    )


@pytest.mark.parametrize(
    ("name", "markdown", "message"), UNSAFE, ids=[u[0] for u in UNSAFE]
)
def test_unsafe_markdown_is_refused(
    kb_project: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    markdown: str,
    message: str,
) -> None:
    text = minimal_entry().replace(
        "  en: Set the driver.", f"  en: {json.dumps(markdown)}"
    )
    (kb_project / FILE).write_text(text, encoding="utf-8")

    status, lines = validate(capsys)

    assert status == 1
    assert lines[0] == f"{FILE}:26:11: solutions[0].body.en: {message}"


def test_bom_and_crlf_are_accepted(
    kb_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = minimal_entry().replace("\n", "\r\n")
    (kb_project / FILE).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))

    assert validate(capsys) == (0, ["1 entry checked: no problems"])


def test_alias_bomb_is_rejected_in_bounded_memory(
    kb_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (kb_project / FILE).write_bytes(alias_bomb())
    tracemalloc.start()
    status, _ = validate(capsys)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert status == 1
    assert peak < 20_000_000  # expanding it would take gigabytes


def test_python_tag_is_never_constructed(
    kb_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = kb_project / "pwned"
    payload = f'id: !!python/object/apply:os.system ["touch {marker}"]\n'
    (kb_project / FILE).write_text(payload, encoding="utf-8")
    validate(capsys)
    assert not marker.exists()


def test_ids_slugs_and_aliases_are_unique_across_entries(
    kb_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (kb_project / FILE).write_text(minimal_entry(), encoding="utf-8")
    (kb_project / "kb/buildx/copy.yaml").write_text(minimal_entry(), encoding="utf-8")

    status, lines = validate(capsys)

    assert status == 1
    assert lines[:-1] == [
        f"{FILE}:2:5: id: 'KB-0900' is already used by kb/buildx/copy.yaml:2:5; choose another",
        f"{FILE}:3:7: slug: 'sample-entry' is already used by kb/buildx/copy.yaml:3:7; choose another",
    ]


def test_every_problem_in_every_file_is_reported_sorted(
    kb_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (kb_project / "kb/buildx/b.yaml").write_bytes(b"- list\n")
    (kb_project / "kb/buildx/a.yaml").write_bytes(b"")

    status, lines = validate(capsys)

    assert status == 1
    assert lines == [
        "kb/buildx/a.yaml:1:1: the file has no content; expected an entry mapping",
        "kb/buildx/b.yaml:1:1: found a list at the top level; expected a mapping of entry keys",
        "2 entries checked: 2 error(s), 0 warning(s) in 2 file(s)",
    ]


def test_json_and_github_formats(
    kb_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (kb_project / FILE).write_bytes(b"- list\n")

    status, lines = validate(capsys, "--format", "github")
    assert status == 1
    assert lines[0] == (
        f"::error file={FILE},line=1,col=1,title=entry::"
        "found a list at the top level; expected a mapping of entry keys"
    )

    status, lines = validate(capsys, "--format", "json")
    report = json.loads("\n".join(lines))
    assert status == 1
    assert report["problems"] == [
        {
            "file": FILE,
            "line": 1,
            "col": 1,
            "key": "",
            "message": "found a list at the top level; expected a mapping of entry keys",
            "severity": "error",
        }
    ]


def test_usage_errors_exit_2(
    kb_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "no/such/file.yaml"]) == 2
    assert capsys.readouterr().err == "kb: no/such/file.yaml: no such file or folder\n"
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--format", "xml"])
    assert exit_info.value.code == 2


def test_shipped_knowledge_base_is_valid(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    status, lines = validate(capsys)
    assert (status, lines[-1].endswith("checked: no problems")) == (0, True), lines


def test_naming_the_kb_folder_skips_its_data_files(
    kb_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (kb_project / FILE).write_text(minimal_entry(), encoding="utf-8")

    assert validate(capsys, "kb") == (0, ["1 entry checked: no problems"])

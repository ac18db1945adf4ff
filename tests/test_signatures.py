"""Signatures: the pattern language, its rules in `kb validate`, one flavour for two engines."""

from __future__ import annotations

from pathlib import Path

import pytest
import regress

from kbgen.catalog import CatalogLoader
from kbgen.cli import main
from kbgen.match.normalize import PREFIXES, REPLACEMENTS, TRUNCATED
from kbgen.match.scan import PARTIAL_TAIL
from kbgen.signatures import (
    FLAGS_JS,
    PLACEHOLDERS,
    SignatureError,
    compile_signature,
    escape,
)

from .conftest import ROOT, minimal_entry

FILE = "kb/buildx/sample-entry.yaml"
MESSAGE = '    message: "ERROR: failed to solve: my-base: pull access denied"\n'


def shipped_signatures() -> list[tuple[str, str | None]]:
    """Return (signature, its symptom's message or None) for every shipped signature."""
    catalog = CatalogLoader(ROOT, ROOT / "kb").load()
    found: list[tuple[str, str | None]] = []
    for entry in catalog.entries:
        found += [(s.signature, s.message) for s in entry.symptoms if s.signature]
        found += [(c.signature, None) for c in entry.log_context]
    return found


SHIPPED = shipped_signatures()


# The language -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signature", "line"),
    [
        (
            "failed to resolve source metadata for {image}: pull",
            "x: failed to resolve source metadata for docker.io/library/a-b:c1: pull",
        ),
        (
            "repository name ({image}) must be lowercase",
            "repository name (Org/Repo) must be lowercase",
        ),
        (
            'Head "http://{host}/v2/{path}": dial',
            'Head "http://[::1]:5000/v2/a/b": dial',
        ),
        (
            "manifest @{digest}: not found",
            "manifest @sha256:" + "ab12" * 16 + ": not found",
        ),
        ("after {number} retries", "Artifact download failed after 5 retries."),
        ("image {tag} missing", "image v1.2_rc-3 missing"),
        ("failed to {text} the cache", "ERROR: failed to export the cache"),
        ("literal {{braces}} kept", "a literal {braces} kept"),
        ("Uppercase And lowercase", "uppercase and LOWERCASE"),
        ("spaces  collapse", "spaces collapse"),
        ("wrapped words", "wrappedwords"),
    ],
)
def test_a_signature_matches_its_variants(signature: str, line: str) -> None:
    assert compile_signature(signature).regex.search(line)


@pytest.mark.parametrize(
    ("signature", "line"),
    [
        (
            "repository name ({image}) must be lowercase",
            "repository name () must be lowercase",
        ),
        ('Head "http://{host}/v2/', 'Head "http:///v2/'),
        ("after {number} retries", "failed after five retries"),
        ("manifest @{digest}: not found", "manifest @sha256:abc: not found"),
        ('not found: "{path}"', 'not found: ""'),
        ("literal {{braces}} kept", "a literal braces kept"),
    ],
)
def test_a_signature_rejects_what_its_placeholders_exclude(
    signature: str, line: str
) -> None:
    assert not compile_signature(signature).regex.search(line)


def test_the_anchor_is_the_longest_literal_word_in_lower_case() -> None:
    signature = compile_signature("Cache export is not supported for {text} driver")
    assert signature.anchor == "supported"
    assert signature.literal == len("Cacheexportisnotsupportedfordriver")


def test_escape_writes_only_escapes_both_engines_accept() -> None:
    assert escape("a-b #c & ~d (e) [f] {g} \"h\" 'i' $.*+?^|\\") == (
        "a-b #c & ~d \\(e\\) \\[f\\] \\{g\\} \"h\" 'i' \\$\\.\\*\\+\\?\\^\\|\\\\"
    )


@pytest.mark.parametrize(
    ("signature", "message", "offset"),
    [
        (
            "pull access {imgae} denied",
            "unknown placeholder {imgae}; expected one of: {image}, {host}, {tag}, "
            "{digest}, {path}, {number}, {text} (did you mean {image}?)",
            12,
        ),
        (
            "pull access {IMAGE} denied",
            "unknown placeholder {IMAGE}; expected one of: {image}, {host}, {tag}, "
            "{digest}, {path}, {number}, {text} (did you mean {image}?)",
            12,
        ),
        (
            "pull access {image denied",
            "unbalanced '{'; write {{ or }} for a literal brace",
            12,
        ),
        (
            "pull access image} denied",
            "unbalanced '}'; write {{ or }} for a literal brace",
            17,
        ),
        (
            "pull access {image}{tag} denied",
            "{tag} follows another placeholder with no literal text between them; "
            "keep the text that separates them in the log",
            19,
        ),
        (
            "{image} {text} refused",
            "{text} follows another placeholder with no literal text between them; "
            "keep the text that separates them in the log",
            8,
        ),
        (
            "{image}: a b c d",
            "has no literal word of 6 or more characters; "
            "keep a distinctive word of the message in it",
            0,
        ),
    ],
)
def test_a_bad_signature_says_what_and_where(
    signature: str, message: str, offset: int
) -> None:
    with pytest.raises(SignatureError) as caught:
        compile_signature(signature)
    assert str(caught.value) == message
    assert caught.value.offset == offset


# One flavour for Python and ECMAScript ----------------------------------------------


def js_sources() -> list[str]:
    """Return every regex source the site's log box compiles, apart from signatures."""
    rules = [p for p, _, _ in REPLACEMENTS] + list(PREFIXES)
    return [*PLACEHOLDERS.values(), *rules, TRUNCATED, PARTIAL_TAIL]


@pytest.mark.parametrize("source", js_sources())
def test_every_fixed_pattern_is_valid_ecmascript(source: str) -> None:
    regress.Regex(source, "u")


@pytest.mark.parametrize(("signature", "message"), SHIPPED, ids=[s for s, _ in SHIPPED])
def test_every_shipped_signature_is_valid_ecmascript_and_agrees(
    signature: str, message: str | None
) -> None:
    compiled = compile_signature(signature)
    source = "".join(t.source for t in compiled.tokens)
    js = regress.Regex(source, FLAGS_JS)
    if message is not None:
        python = compiled.regex.search(message)
        found = js.find(message)
        assert python and found
        start, stop = (len(message[:i].encode()) for i in python.span())
        assert (found.range().start, found.range().stop) == (start, stop)  # bytes


# The rules in `kb validate` ---------------------------------------------------------


def entry(signature: str, *, extra: str = "") -> str:
    text = minimal_entry().replace(MESSAGE, MESSAGE + f"    signature: {signature}\n")
    return text.replace("cause:\n", extra + "cause:\n", 1)


def validate(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    status = main(["validate"])
    return status, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(
    ("signature", "expected"),
    [
        (
            '"{image}: pull access denied"',
            [],
        ),
        (
            '"{image}: pull access refused"',
            [
                f"{FILE}:17:16: symptoms[0].signature: does not match this symptom's "
                "message: it matches up to '{image}: pull access', then the message "
                "differs; copy it from the message and replace only the variable "
                "parts with placeholders"
            ],
        ),
        (
            '"nothing alike here"',
            [
                f"{FILE}:17:16: symptoms[0].signature: does not match this symptom's "
                "message; copy it from the message and replace only the variable "
                "parts with placeholders"
            ],
        ),
        (
            '"failed to solve: {imgae}: pull"',
            [
                f"{FILE}:17:16: symptoms[0].signature: unknown placeholder {{imgae}}; "
                "expected one of: {image}, {host}, {tag}, {digest}, {path}, {number}, "
                "{text} (did you mean {image}?) (at character 18)"
            ],
        ),
        (
            '"failed to solve: {image: pull"',
            [
                f"{FILE}:17:16: symptoms[0].signature: unbalanced '{{'; write {{{{ or "
                "}} for a literal brace (at character 18)"
            ],
        ),
        (
            "|\n      pull access denied\n      more",
            [
                f"{FILE}:17:16: symptoms[0].signature: must be one line; quote it if needed"
            ],
        ),
    ],
    ids=["good", "differs", "unlike", "unknown", "unbalanced", "multiline"],
)
def test_signature_rules_report_exact_located_messages(
    kb_project: Path,
    capsys: pytest.CaptureFixture[str],
    signature: str,
    expected: list[str],
) -> None:
    (kb_project / FILE).write_text(entry(signature), encoding="utf-8")

    status, lines = validate(capsys)

    assert lines[:-1] == expected
    assert status == (1 if expected else 0)


def test_log_context_is_checked_like_a_signature(
    kb_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    context = (
        "log_context:\n"
        '  - signature: "using {driver} driver"\n'
        "    weight: 1\n"
        '  - signature: "instance using docker driver"\n'
        "    weight: 0\n"
    )
    text = entry('"pull access denied"', extra=context)
    (kb_project / FILE).write_text(text, encoding="utf-8")

    status, lines = validate(capsys)

    assert status == 1
    assert lines[:-1] == [
        f"{FILE}:19:16: log_context[0].signature: unknown placeholder {{driver}}; "
        "expected one of: {image}, {host}, {tag}, {digest}, {path}, {number}, {text} "
        "(at character 7)",
        f"{FILE}:22:13: log_context[1].weight: 0 changes nothing; use -3 to -1 to "
        "lower the score, 1 to 3 to raise it",
    ]


@pytest.mark.parametrize(
    "other_message",
    [
        "pull access denied for my-app",
        # Blanks in a signature may match nothing, so its words can sit inside longer
        # words of another message; the index of message pieces must still find them.
        "repullaccessdenied for my-app",
    ],
    ids=["same-words", "inside-longer-words"],
)
def test_a_signature_matching_another_entrys_message_is_refused(
    kb_project: Path, capsys: pytest.CaptureFixture[str], other_message: str
) -> None:
    (kb_project / FILE).write_text(entry('"pull access denied"'), encoding="utf-8")
    other = (
        minimal_entry()
        .replace("KB-0900", "KB-0901")
        .replace("slug: sample-entry", "slug: other-entry")
        .replace("my-base: pull access denied", other_message)
    )
    (kb_project / "kb" / "buildx" / "other-entry.yaml").write_text(other, "utf-8")

    status, lines = validate(capsys)

    assert status == 1
    assert lines[:-1] == [
        f"{FILE}:17:16: symptoms[0].signature: also matches the message of KB-0901 "
        "symptoms[0] (kb/buildx/other-entry.yaml:16:14); keep the words that tell "
        "this entry apart"
    ]

"""Property: whatever bytes a contributor saves, the validator reports, never raises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.catalog import validate_document
from kbgen.problems import Problem
from kbgen.rules import check_catalog
from kbgen.schema import _validator, known_valid
from kbgen.yamlload import load_bytes

from .conftest import FIXTURES, ROOT, minimal_entry

MINIMAL = minimal_entry().encode("utf-8")
FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.dates(),
)
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "slug",
                    "title",
                    "en",
                    "zh",
                    "symptoms",
                    "solutions",
                    "snippets",
                    "kind",
                    "code",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=25,
)


def run(blob: bytes) -> list[Problem]:
    loaded = validate_document(load_bytes(blob, "kb/fuzz/entry.yaml"))
    problems = list(loaded.problems)
    if loaded.entry is not None:
        links = [(loaded.doc, path, link, loaded.entry) for path, link in loaded.links]
        problems += check_catalog([(loaded.doc, loaded.entry)], {"buildx": {}}, links)
    return problems


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(blob: bytes) -> None:
    assert all(isinstance(p, Problem) for p in run(blob))


@FUZZ
@given(values)
def test_random_yaml_documents(value: Any) -> None:
    blob = yaml.safe_dump(value, allow_unicode=True).encode("utf-8")
    assert all(isinstance(p, Problem) for p in run(blob))


@FUZZ
@given(st.integers(0, len(MINIMAL) - 1), st.integers(0, 40), st.binary(max_size=8))
def test_mutated_entries(at: int, cut: int, insert: bytes) -> None:
    blob = MINIMAL[:at] + insert + MINIMAL[at + cut :]
    problems = run(blob)
    assert all(p.line >= 1 and p.col >= 1 for p in problems)


def _jsonschema_accepts(data: Any) -> bool:
    return not any(True for _ in _validator().iter_errors(data))


def _replace(data: Any, path: list[int], value: Any) -> Any:
    """Return `data` with one leaf replaced: `path` picks the branch at each level."""
    if not isinstance(data, (dict, list)) or not data:
        return value
    keys = list(data) if isinstance(data, dict) else list(range(len(data)))
    key = keys[(path[0] if path else 0) % len(keys)]
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[key] = _replace(data[key], path[1:], value)
    return copy


# Values near what the schema expects, so that many mutated entries stay valid and the
# comparison covers both verdicts.
leaves = st.one_of(
    values,
    st.text(min_size=1, max_size=20),
    st.sampled_from(
        [
            "KB-0001",
            "KB-1",
            "buildx",
            "a-b",
            "a--b",
            "https://x",
            "http://x",
            "2026-01-02",
            "2026-1-2",
            "v1.2",
            "1.2.",
            "0badcafe",
            "é",
            "dockerfile",
            "shell",
            "yaml",
        ]
    ),
    st.sampled_from(["KB-0001\n", "a-b\n", "https://x y", "x" * 81]),
)


@FUZZ
@given(st.lists(st.integers(0, 50), max_size=8), leaves)
def test_fast_validator_never_accepts_what_jsonschema_refuses(
    path: list[int], value: Any
) -> None:
    data = _replace(yaml.safe_load(MINIMAL), path, value)
    if known_valid(data):
        assert _jsonschema_accepts(data)


@pytest.mark.parametrize(
    "path", [FIXTURES / "minimal.yaml", *sorted((ROOT / "kb").glob("*/*.yaml"))]
)
def test_fast_validator_accepts_valid_entries(path: Path) -> None:
    data = load_bytes(path.read_bytes(), path.name).data
    assert _jsonschema_accepts(data)
    assert known_valid(data)

"""Property: whatever bytes a contributor saves, the validator reports, never raises."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.catalog import validate_document
from kbgen.problems import Problem
from kbgen.rules import check_catalog
from kbgen.yamlload import load_bytes

from .conftest import minimal_entry

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

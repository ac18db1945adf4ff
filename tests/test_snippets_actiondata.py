"""The table of action inputs is derived from action.yml files and still agrees with them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kbgen.snippets.actiondata import derive, dump, inputs_of, load

from .conftest import ROOT

FIXTURE = Path(__file__).parent / "fixtures" / "snippets" / "actions"
SHARED = ROOT.parent / "shared" / "actions"


def test_derived_table_of_the_fixture_copies_matches_the_committed_table() -> None:
    committed = load()

    derived = derive(FIXTURE)

    assert sorted(derived) == ["actions/upload-artifact", "docker/setup-buildx-action"]
    assert (
        derived["docker/setup-buildx-action"] == committed["docker/setup-buildx-action"]
    )
    # Only v7 of upload-artifact is in the fixture: compare that major.
    assert (
        derived["actions/upload-artifact"]["majors"]["v7"]
        == committed["actions/upload-artifact"]["majors"]["v7"]
    )


def test_newest_major_is_current_and_flags_come_from_action_yml() -> None:
    action = derive(FIXTURE)["docker/setup-buildx-action"]

    assert action["current"] == "v4"
    assert list(action["majors"]) == ["v4", "v3"]
    assert action["majors"]["v3"]["inputs"]["config"] == {
        "deprecated": "Use buildkitd-config instead"
    }
    assert "config" not in action["majors"]["v4"]["inputs"]


def test_required_counts_only_without_a_default() -> None:
    text = """
inputs:
  path: {required: true}
  name: {required: true, default: artifact}
  retention-days: {}
"""
    assert inputs_of(text) == {
        "name": {},
        "path": {"required": True},
        "retention-days": {},
    }


def test_dumped_table_reads_back_unchanged() -> None:
    table = derive(FIXTURE)

    assert yaml.safe_load(dump(table)) == table


def test_committed_table_agrees_with_every_shared_action_yml() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not here; the fixture copies are tested instead")

    assert dump(derive(SHARED)) == (ROOT / "scripts/kbgen/data/actions.yaml").read_text(
        encoding="utf-8"
    )

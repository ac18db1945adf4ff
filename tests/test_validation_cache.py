"""Per-file validation results kept on disk: a warm load skips unchanged files only.

Every test runs on a copy of the shipped kb/ and compares with a loader that has no
disk cache, which parses and validates every file.
"""

from __future__ import annotations

import pickle
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kbgen import catalog
from kbgen.catalog import CACHE_FOLDER, Catalog, CatalogLoader
from kbgen.cli import main
from kbgen.diskcache import DiskCache

from .conftest import ROOT

EDITED = "kb/buildx/image-ref-uppercase.yaml"


@dataclass
class Calls:
    """The files the real parser and validator were run on, in order."""

    parsed: list[str] = field(default_factory=list)
    validated: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.parsed.clear()
        self.validated.clear()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Count the calls of `load_bytes` and `validate_document`, still running them."""
    seen = Calls()
    real_load, real_validate = catalog.load_bytes, catalog.validate_document

    def load_bytes(blob: bytes, display: str, *args: Any) -> Any:
        seen.parsed.append(display)
        return real_load(blob, display, *args)

    def validate_document(doc: Any) -> Any:
        seen.validated.append(doc.file)
        return real_validate(doc)

    monkeypatch.setattr(catalog, "load_bytes", load_bytes)
    monkeypatch.setattr(catalog, "validate_document", validate_document)
    return seen


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "kb", tmp_path / "kb")
    return tmp_path


def files_of(project: Path) -> list[str]:
    loader = CatalogLoader(project, project / "kb")
    return [loader.display(p) for p in loader.entry_files()]


def fresh(project: Path) -> Catalog:
    """Load without a disk cache: every file parsed and validated."""
    return CatalogLoader(project, project / "kb").load()


def cached(project: Path) -> Catalog:
    """Load with a new loader (an empty memo) and the project's disk cache."""
    return CatalogLoader(project, project / "kb", project / CACHE_FOLDER).load()


def texts(found: Catalog, file: str | None = None) -> list[str]:
    return [p.text() for p in found.problems if file is None or p.file == file]


def stamp_folders(project: Path) -> list[Path]:
    return sorted((project / CACHE_FOLDER).iterdir())


def test_a_warm_load_validates_nothing_and_gives_the_same_catalog(
    project: Path, calls: Calls
) -> None:
    files = files_of(project)
    expected = fresh(project)
    calls.clear()

    cold = cached(project)
    assert calls.parsed == calls.validated == files
    calls.clear()

    warm = cached(project)

    assert (calls.parsed, calls.validated) == ([], [])
    assert len(files) == 12
    assert warm.entries == cold.entries == expected.entries
    assert warm.problems == cold.problems == expected.problems
    assert len(list(stamp_folders(project)[0].glob("*.pickle"))) == len(files)


def test_a_stored_result_keeps_every_position(project: Path, calls: Calls) -> None:
    cached(project)
    plain = CatalogLoader(project, project / "kb")
    warm = CatalogLoader(project, project / "kb", project / CACHE_FOLDER)
    calls.clear()

    paths = plain.entry_files()
    from_disk = warm._load_entries(paths)
    assert calls.parsed == []

    # Document (marks and key marks, all the catalog keeps of it), the Entry, the
    # problems and the links: all equal to what validating again gives.
    assert from_disk == plain._load_entries(paths)
    assert all(loaded.doc.marks and loaded.entry for loaded in from_disk)


def test_an_edited_file_alone_is_validated_again(project: Path, calls: Calls) -> None:
    cached(project)
    path = project / EDITED
    text = path.read_text(encoding="utf-8")
    assert "\nslug: image-ref-uppercase\n" in text
    path.write_text(
        text.replace("\nslug: image-ref-uppercase\n", "\nslug: Image-Ref\n"),
        encoding="utf-8",
    )
    calls.clear()

    warm = cached(project)

    assert calls.parsed == calls.validated == [EDITED]
    expected = fresh(project)
    assert texts(warm, EDITED) == texts(expected, EDITED)
    assert texts(warm, EDITED) == [
        f"{EDITED}:3:7: slug: 'Image-Ref' is not in the expected form: "
        "lowercase words joined by '-', e.g. buildx-cache-export"
    ]
    # The other entries still link to the old slug: found across files, as fresh.
    assert texts(warm) == texts(expected)
    assert warm.entries == expected.entries


def test_results_of_edited_and_deleted_files_are_forgotten(project: Path) -> None:
    cached(project)
    [folder] = stamp_folders(project)
    path = project / EDITED
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    named = sorted((project / "kb" / "buildx").glob("*.yaml"))[:2]

    # A load of some files keeps what the others stored.
    CatalogLoader(project, project / "kb", project / CACHE_FOLDER).load(named)
    assert len(list(folder.glob("*.pickle"))) == 12

    cached(project)
    assert len(list(folder.glob("*.pickle"))) == 12
    path.unlink()
    cached(project)
    assert len(list(folder.glob("*.pickle"))) == 11


def test_checks_across_files_run_on_stored_results(project: Path, calls: Calls) -> None:
    cached(project)
    tags = project / "kb" / "tags.yaml"
    text = tags.read_text(encoding="utf-8")
    registry = "registry: {en: Registries, zh: 镜像仓库}\n"
    assert registry in text
    tags.write_text(text.replace(registry, ""), encoding="utf-8")
    calls.clear()

    warm = cached(project)

    assert calls.parsed == []
    expected = fresh(project)
    assert texts(warm) == texts(expected)
    unknown = [t for t in texts(warm, EDITED) if "unknown tag 'registry'" in t]
    assert [t.split(": unknown")[0] for t in unknown] == [f"{EDITED}:16:5: tags[1]"]


@pytest.mark.parametrize(
    "garbage",
    [
        b"not a pickle",
        b"",
        b"\x80\x09",  # a pickle protocol no Python knows: ValueError, not Unpickling
        pickle.dumps({"doc": "a stored value of another shape"}),
    ],
    ids=["text", "empty", "unknown-protocol", "not-a-result"],
)
def test_a_damaged_cache_file_is_a_miss(
    project: Path, calls: Calls, garbage: bytes
) -> None:
    expected = fresh(project)
    cached(project)
    stored = sorted(stamp_folders(project)[0].glob("*.pickle"))
    stored[0].write_bytes(garbage)
    calls.clear()

    warm = cached(project)

    assert len(calls.parsed) == len(calls.validated) == 1
    assert warm.entries == expected.entries
    assert warm.problems == expected.problems
    # The damaged file was written again, so the next load reads it.
    calls.clear()
    assert cached(project).entries == expected.entries
    assert calls.parsed == []


def test_a_new_stamp_starts_empty_and_removes_the_old_one(
    project: Path, calls: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached(project)
    [old] = stamp_folders(project)
    assert old.name == catalog.validation_stamp()
    monkeypatch.setattr(catalog, "validation_stamp", lambda: "0" * 32)
    calls.clear()

    warm = cached(project)

    assert calls.validated == files_of(project)
    assert [f.name for f in stamp_folders(project)] == ["0" * 32]
    assert warm.entries == fresh(project).entries


def test_the_stamp_follows_the_code_and_the_libraries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = catalog.validation_stamp()
    assert catalog.validation_stamp() == before
    monkeypatch.setattr(catalog, "VALIDATION_LIBRARIES", ("PyYAML",))
    assert catalog.validation_stamp() != before


def test_without_a_cache_dir_nothing_is_written(project: Path) -> None:
    fresh(project)
    assert sorted(p.name for p in project.iterdir()) == ["kb"]


def test_kb_validate_keeps_results_for_the_next_run(
    project: Path,
    calls: Calls,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    monkeypatch.chdir(project)

    assert main(["validate"]) == 0
    first = capsys.readouterr().out
    assert len(calls.validated) == 12
    calls.clear()

    assert main(["validate"]) == 0
    assert capsys.readouterr().out == first == "12 entries checked: no problems\n"
    assert calls.parsed == []


def test_disk_cache_stores_and_returns_a_value(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache", "stamp")
    value = {"a": [1, 2.5, "三"], "b": (None, True)}

    assert cache.get("missing") is None
    cache.put("key", value)

    assert cache.get("key") == value
    assert DiskCache(tmp_path / "cache", "stamp").get("key") == value
    assert cache.get("missing") is None
    assert DiskCache(tmp_path / "cache", "other").get("key") is None
    assert [p.name for p in (tmp_path / "cache" / "stamp").iterdir()] == ["key.pickle"]

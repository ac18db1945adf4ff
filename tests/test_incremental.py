"""What makes repeated builds cheap gives the same results as doing everything again.

Validation shared among worker processes, entry pages reused by a server, the
build-owned folder trusted without reading it back, and stored values kept in memory.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kbgen import fanout
from kbgen.catalog import CatalogLoader
from kbgen.diskcache import DiskCache
from kbgen.model import Entry, Text
from kbgen.render import PageMemo, page_name, render_pages
from kbgen.search_index import ERROR_LINE_FIELD, INDEX, split_index
from kbgen.sync import Written, sync_folder

from .conftest import ROOT


def links_to(entry: Entry, target: Entry) -> bool:
    """Return whether `entry`'s page links to `target` (and shows its title)."""
    slugs = [*entry.related, *(s for sol in entry.solutions for s in sol.related)]
    return target.slug in slugs


def process_id(first: int, second: int) -> int:
    """Return the id of the process that ran this (a worker, or the caller)."""
    return os.getpid()


@pytest.fixture
def workers_for_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fanout, "PARALLEL_FROM", 1)


# Run in a process of its own: the test runner may have other threads by then (a
# browser driver, a server), and then no workers are forked (see the next test).
IN_WORKERS = """
import json, os, sys
from pathlib import Path
from kbgen import fanout
from kbgen.catalog import CatalogLoader

def process_id(first, second):
    return os.getpid()

fanout.PARALLEL_FROM = 1
root = Path(sys.argv[1])
ids = fanout.map_pairs(process_id, list(range(20)), list(range(20)))
shared = CatalogLoader(root, root / "kb").load()
fanout.PARALLEL_FROM = 10**9
alone = CatalogLoader(root, root / "kb").load()
print(json.dumps({
    "in_workers": os.getpid() not in ids,
    "entries": len(shared.entries),
    "same": shared.entries == alone.entries and shared.problems == alone.problems,
}))
"""


@pytest.mark.skipif(fanout.workers_for(10**6) < 2, reason="one core: no workers")
def test_validation_in_workers_gives_what_one_process_gives() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", IN_WORKERS, str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"in_workers": True, "entries": 12, "same": True}


def test_no_workers_are_forked_while_other_threads_run(
    workers_for_any_size: None,
) -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        ids = fanout.map_pairs(process_id, list(range(20)), list(range(20)))
    finally:
        stop.set()
        other.join()

    assert set(ids) == {os.getpid()}


def test_a_server_reuses_unchanged_entry_pages_and_redoes_linking_ones() -> None:
    catalog = CatalogLoader(ROOT, ROOT / "kb").load()
    memo: PageMemo = {}
    first = render_pages(catalog.entries, catalog.tags, "https://x.test/", None, memo)
    linked = next(e for e in catalog.entries if e.related)
    target = next(e for e in catalog.entries if e.slug == linked.related[0])
    renamed = dataclasses.replace(target, title=Text("Renamed entry", target.title.zh))
    entries = [renamed if e is target else e for e in catalog.entries]

    again = render_pages(entries, catalog.tags, "https://x.test/", None, memo)

    unchanged = next(e for e in entries if e is not renamed and not links_to(e, target))
    assert (
        again[page_name(unchanged.slug, "en")] is first[page_name(unchanged.slug, "en")]
    )
    assert "Renamed entry" in again[page_name(linked.slug, "en")]
    assert "Renamed entry" not in first[page_name(linked.slug, "en")]
    assert again == render_pages(entries, catalog.tags, "https://x.test/")
    assert len(memo) == 2 * len(entries)


def test_the_folder_is_not_rewritten_unless_a_page_or_its_file_changed(
    tmp_path: Path,
) -> None:
    written: Written = {}
    pages = {"a.md": "# A\n", "b.zh.md": "# 乙\n"}
    assert sync_folder(tmp_path, pages, written) == (2, 0)
    assert sync_folder(tmp_path, pages, written) == (0, 0)

    (tmp_path / "a.md").write_text("# Edited by hand, longer\n", encoding="utf-8")
    assert sync_folder(tmp_path, pages, written) == (1, 0)
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "# A\n"

    assert sync_folder(tmp_path, {"a.md": "# A again\n"}, written) == (1, 1)
    assert sorted(p.name for p in tmp_path.glob("*.md")) == ["a.md"]
    assert set(written) == {".kb-generated", "a.md"}


def test_values_kept_in_memory_are_fresh_copies_and_pruned(tmp_path: Path) -> None:
    store = DiskCache(tmp_path, "stamp", in_memory=True)
    store.put("k", {"docs": [1]})
    got = store.get("k")
    assert got == {"docs": [1]}
    got["docs"].append(2)
    assert store.get("k") == {"docs": [1]}

    (tmp_path / "stamp" / "k.pickle").unlink()
    assert store.get("k") == {"docs": [1]}  # read from memory, not from the file
    store.keep_only(set())
    assert store.get("k") is None


def test_the_merged_index_is_split_once_with_error_lines(tmp_path: Path) -> None:
    merged = (
        '{"config": {"lang": ["en"], "fields": {"title": {"boost": 1000.0}}}, "docs": ['
        '{"location": "entries/a/#symptom-x", "title": "X", "text": ""},'
        '{"location": "zh/entries/a/#symptom-x", "title": "X", "text": ""},'
        '{"location": "zh/", "title": "首页", "text": ""},'
        '{"location": "zhong/", "title": "Not Chinese", "text": ""}]}'
    )
    (tmp_path / INDEX).parent.mkdir(parents=True)
    (tmp_path / INDEX).write_text(merged, encoding="utf-8")

    counts = split_index(tmp_path, ["zh"], {"entries/a/#symptom-x": "ERROR: a <b>"})

    assert counts == {"": 2, "zh": 2}
    en = (tmp_path / INDEX).read_text(encoding="utf-8")
    zh = (tmp_path / "zh" / INDEX).read_text(encoding="utf-8")
    line = f'"{ERROR_LINE_FIELD}":"ERROR: a &lt;b&gt;"'
    assert en == (
        '{"config":{"lang":["en"],"fields":{"title":{"boost":1000.0},'
        f'"{ERROR_LINE_FIELD}":{{"boost":1000.0}}}}}},"docs":['
        f'{{"location":"entries/a/#symptom-x","title":"X","text":"",{line}}},'
        '{"location":"zhong/","title":"Not Chinese","text":""}]}'
    )
    assert zh.endswith(
        f'"docs":[{{"location":"entries/a/#symptom-x","title":"X","text":"",{line}}},'
        '{"location":"","title":"首页","text":""}]}'
    )

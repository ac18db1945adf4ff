"""The signatures file the build writes for the home page's log box."""

from __future__ import annotations

import json

import regress

from kbgen.catalog import CatalogLoader
from kbgen.match.export import SIGNATURES_FILE, signatures_data
from kbgen.signatures import FLAGS_JS, compile_signature

from .conftest import ROOT, Build


def test_the_built_site_holds_the_signatures_of_every_entry(built: Build) -> None:
    written = json.loads((built.site / SIGNATURES_FILE).read_text(encoding="utf-8"))
    entries = CatalogLoader(ROOT, ROOT / "kb").load().entries

    assert written == signatures_data(entries)
    assert [e["id"] for e in written["entries"]] == [e.id for e in entries]
    assert not (built.site / "zh" / SIGNATURES_FILE).exists()


def test_each_symptom_keeps_its_page_anchor_and_its_search_word() -> None:
    entries = CatalogLoader(ROOT, ROOT / "kb").load().entries
    data = signatures_data(entries)

    for entry, exported in zip(entries, data["entries"], strict=True):
        for symptom, item in zip(entry.symptoms, exported["symptoms"], strict=True):
            assert symptom.signature is not None
            compiled = compile_signature(symptom.signature)
            assert item["anchor"] == f"symptom-{symptom.id}"
            assert item["word"] == compiled.anchor
            assert item["tokens"] == [[t.source, t.literal] for t in compiled.tokens]
            regress.Regex("".join(src for src, _ in item["tokens"]), FLAGS_JS)
        assert [s["anchor"] for s in exported["solutions"]] == [
            s.anchor for s in entry.solutions
        ]

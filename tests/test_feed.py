"""The feed for tools: /api/entries.json per locale, valid against its published schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kbgen.feed import SCHEMA

from .conftest import Build
from .linked_site import SITE_URL, TITLE, TITLE_ZH, anchors, follow, linked
from .test_site import ENTRIES

__all__ = ["linked"]  # the fixture, imported for pytest
FEEDS = {"en": "api/entries.json", "zh": "zh/api/entries.json"}


def load(site: Path, path: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / path).read_text(encoding="utf-8"))
    return data


def validator(site: Path) -> jsonschema.Draft202012Validator:
    schema = load(site, "api/entries.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.mark.parametrize("locale", FEEDS)
def test_feed_validates_against_the_published_schema(built: Build, locale: str) -> None:
    feed = load(built.site, FEEDS[locale])

    errors = [e.message for e in validator(built.site).iter_errors(feed)]

    assert errors == []
    assert feed["format_version"] == 1
    assert feed["locale"] == locale
    assert feed["$schema"] == "https://kb.example.org/api/entries.schema.json"


def test_published_schema_is_the_source_schema_with_its_id(built: Build) -> None:
    published = load(built.site, "api/entries.schema.json")
    source = json.loads(SCHEMA.read_text(encoding="utf-8"))

    assert published == {
        "$id": "https://kb.example.org/api/entries.schema.json",
        **source,
    }


def test_schema_rejects_an_entry_without_its_id(built: Build) -> None:
    feed = load(built.site, FEEDS["en"])
    del feed["entries"][0]["id"]

    errors = [e.message for e in validator(built.site).iter_errors(feed)]

    assert errors == ["'id' is a required property"]


@pytest.mark.parametrize("locale", FEEDS)
def test_feed_lists_every_entry_with_urls_that_lead_to_it(
    built: Build, locale: str
) -> None:
    feed = load(built.site, FEEDS[locale])
    prefix = "" if locale == "en" else "zh/"

    assert [e["id"] for e in feed["entries"]] == [e.id for e in ENTRIES]
    for item, entry in zip(feed["entries"], ENTRIES, strict=True):
        canonical = f"https://kb.example.org/{prefix}entries/{entry.slug}/"
        assert item["urls"]["canonical"] == canonical
        assert item["urls"]["short"] == f"https://kb.example.org/{prefix}{entry.id}/"
        assert item["title"] == entry.title.get(locale)
        assert [s["message"] for s in item["symptoms"]] == [
            s.message for s in entry.symptoms
        ]
        assert item["verified"] == {
            "date": entry.verified_date,
            "versions": entry.verified_versions,
        }
        short = item["urls"]["short"].removeprefix("https://kb.example.org/")
        assert follow(built.site, short).path == f"{prefix}entries/{entry.slug}/"


@pytest.mark.parametrize("locale", FEEDS)
def test_every_anchor_in_the_feed_exists(built: Build, locale: str) -> None:
    feed = load(built.site, FEEDS[locale])

    missing = []
    for entry in feed["entries"]:
        path = entry["urls"]["canonical"].removeprefix("https://kb.example.org/")
        ids = anchors(built.site, path)
        for item in [*entry["symptoms"], entry["cause"], *entry["solutions"]]:
            if item["anchor"] not in ids or item["url"] != (
                f"{entry['urls']['canonical']}#{item['anchor']}"
            ):
                missing.append(item["url"])
    assert missing == []


def test_titles_are_data_in_the_feed(linked: Build) -> None:
    en = load(linked.site, FEEDS["en"])
    zh = load(linked.site, FEEDS["zh"])

    hostile = {e["id"]: e for e in en["entries"]}["KB-0901"]
    assert hostile["title"] == TITLE
    assert {e["id"]: e for e in zh["entries"]}["KB-0901"]["title"] == TITLE_ZH
    assert hostile["urls"] == {
        "canonical": f"{SITE_URL}entries/hostile-title/",
        "short": f"{SITE_URL}KB-0901/",
        "aliases": [],
        "translations": {"zh": f"{SITE_URL}zh/entries/hostile-title/"},
    }
    renamed = {e["id"]: e for e in en["entries"]}["KB-0900"]
    assert renamed["urls"]["aliases"] == [f"{SITE_URL}entries/sample-old-name/"]
    assert en["site_url"] == SITE_URL
    assert zh["site_url"] == f"{SITE_URL}zh/"
    assert validator(linked.site).is_valid(en)

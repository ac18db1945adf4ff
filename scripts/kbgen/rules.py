"""Rules beyond the schema: both locales, Markdown inside fields, and rules across entries."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from .mdcheck import Link, check_markdown
from .model import LOCALES, Entry
from .placeholders import check_placeholders, is_placeholder
from .problems import KeyPath, Problem
from .schema import entry_schema
from .signatures import check_entry_signatures, check_signature_overlap
from .translations import check_translations
from .yamlload import Document

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
RESERVED_SLUGS = frozenset({"index", "tags", "symptoms"})


def text_fields(data: Any) -> Iterator[tuple[KeyPath, dict[str, str], bool]]:
    """Yield (path, {en, zh}, is_markdown) for every text field, guided by the schema."""
    schema = entry_schema()
    yield from _walk(schema, schema, data, ())


def _walk(
    root: dict[str, Any], node: dict[str, Any], data: Any, path: KeyPath
) -> Iterator[tuple[KeyPath, dict[str, str], bool]]:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in ("plain", "markdown"):
            yield path, data, name == "markdown"
            return
        node = root["$defs"][name]
    if isinstance(data, dict):
        for key, sub in node.get("properties", {}).items():
            if key in data:
                yield from _walk(root, sub, data[key], (*path, key))
    elif isinstance(data, list) and "items" in node:
        for i, item in enumerate(data):
            yield from _walk(root, node["items"], item, (*path, i))


def check_entry(
    doc: Document, entry: Entry
) -> tuple[list[Problem], list[tuple[KeyPath, Link]]]:
    """Return the problems of one entry and the internal links its text makes."""
    problems: list[Problem] = []
    links: list[tuple[KeyPath, Link]] = []
    fields = list(text_fields(doc.data))
    for path, text, is_markdown in fields:
        problems.extend(_check_locales(doc, path, text))
        if is_markdown:
            for locale in LOCALES:
                findings, found = check_markdown(text[locale])
                problems.extend(
                    doc.problem((*path, locale), f.message) for f in findings
                )
                links.extend(((*path, locale), link) for link in found)
    problems.extend(check_placeholders(doc))
    problems.extend(check_translations(doc, fields))
    problems.extend(_check_symptoms(doc))
    problems.extend(check_entry_signatures(doc))
    problems.extend(_check_ids(doc))
    if entry.slug in RESERVED_SLUGS:
        problems.append(
            doc.problem(
                ("slug",), f"'{entry.slug}' is reserved for site pages; choose another"
            )
        )
    return problems, links


def _check_locales(
    doc: Document, path: KeyPath, text: dict[str, str]
) -> Iterator[Problem]:
    for locale in LOCALES:
        if not text[locale].strip():
            yield doc.problem((*path, locale), "is empty; write the text")
    zh = text["zh"].strip()
    if zh and zh == text["en"].strip():
        yield doc.problem(
            (*path, "zh"), "is a copy of the English; write it in Chinese"
        )
    elif zh and not _CJK.search(zh):
        yield doc.problem(
            (*path, "zh"), "has no Chinese text; write the Chinese version"
        )


def _check_symptoms(doc: Document) -> Iterator[Problem]:
    for i, symptom in enumerate(doc.data["symptoms"]):
        path = ("symptoms", i, "message")
        if "\n" in symptom["message"].rstrip("\n") or path in doc.multiline:
            yield doc.problem(
                path, "must be one line, written on one line; quote it if needed"
            )


def _check_ids(doc: Document) -> Iterator[Problem]:
    for key in ("symptoms", "solutions"):
        seen: set[str] = set()
        for i, item in enumerate(doc.data[key]):
            if item["id"] in seen:
                yield doc.problem(
                    (key, i, "id"), f"id '{item['id']}' is used twice in {key}"
                )
            seen.add(item["id"])


def check_catalog(
    entries: list[tuple[Document, Entry]],
    tags: dict[str, Any],
    links: list[tuple[Document, KeyPath, Link, Entry]],
) -> list[Problem]:
    """Return the problems that only show across entries."""
    problems = _check_unique(entries)
    problems.extend(check_signature_overlap(entries))
    by_slug = {entry.slug: entry for _, entry in entries}
    for doc, entry in entries:
        problems.extend(_check_tags(doc, entry, tags))
        problems.extend(_check_related(doc, entry, by_slug))
    for doc, path, link, entry in links:
        problem = _check_link(doc, path, link, entry, by_slug)
        if problem:
            problems.append(problem)
    return problems


def _check_unique(entries: list[tuple[Document, Entry]]) -> list[Problem]:
    problems: list[Problem] = []
    claimed: dict[str, tuple[Document, KeyPath]] = {}
    for doc, entry in entries:
        names: list[tuple[KeyPath, str]] = [
            (("id",), entry.id),
            (("slug",), entry.slug),
        ]
        names += [(("aliases", i), alias) for i, alias in enumerate(entry.aliases)]
        for path, name in names:
            if name in claimed:
                other, other_path = claimed[name]
                where = other.mark(other_path)
                problems.append(
                    doc.problem(
                        path,
                        f"'{name}' is already used by "
                        f"{other.file}:{where.line}:{where.col}; choose another",
                    )
                )
            else:
                claimed[name] = (doc, path)
    return problems


def _check_tags(doc: Document, entry: Entry, tags: dict[str, Any]) -> Iterator[Problem]:
    for i, tag in enumerate(entry.tags):
        if tag not in tags and not is_placeholder(tag):
            yield doc.problem(
                ("tags", i),
                f"unknown tag '{tag}'; declare it in kb/tags.yaml "
                f"or use one of: {', '.join(sorted(tags))}{_close(tag, tags)}",
            )


def _check_related(
    doc: Document, entry: Entry, by_slug: dict[str, Entry]
) -> Iterator[Problem]:
    refs: list[tuple[KeyPath, str]] = [
        (("related", i), s) for i, s in enumerate(entry.related)
    ]
    for n, solution in enumerate(entry.solutions):
        refs += [
            (("solutions", n, "related", i), s) for i, s in enumerate(solution.related)
        ]
    for path, slug in refs:
        if slug == entry.slug:
            yield doc.problem(path, "an entry cannot be related to itself")
        elif slug not in by_slug:
            yield doc.problem(
                path, f"no entry has slug '{slug}'{_close(slug, by_slug)}"
            )


def _check_link(
    doc: Document, path: KeyPath, link: Link, entry: Entry, by_slug: dict[str, Entry]
) -> Problem | None:
    target = entry if link.slug is None else by_slug.get(link.slug)
    if target is None:
        return doc.problem(
            path,
            f"link to entry '{link.slug}', which does not exist"
            f"{_close(str(link.slug), by_slug)}",
        )
    anchors = target.section_anchors()
    if link.anchor and link.anchor not in anchors:
        return doc.problem(
            path,
            f"link to '#{link.anchor}', which {target.slug} does not have; "
            f"expected one of: {', '.join(anchors)}",
        )
    return None


def _close(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""

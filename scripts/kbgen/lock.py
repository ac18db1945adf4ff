"""The lock of published URLs: every URL the site ever published, appended, never trimmed.

A link pasted into an issue must keep working. kb/published-urls.txt lists each URL the
site has published, relative to the site root; `kb urls --update` appends the new ones,
`kb urls --check` reports the ones the knowledge base no longer publishes, and a test
builds the site and follows every line to its page and anchor.
"""

from __future__ import annotations

from pathlib import Path

from .links import (
    FEED_FILE,
    FEED_SCHEMA_FILE,
    entry_path,
    index_path,
    locale_root,
    short_path,
)
from .model import LOCALES, Entry
from .problems import Problem
from .retired import Retired

LOCK_FILE = "published-urls.txt"
HEADER = """\
# Every URL this site has published, relative to its root (site_url in mkdocs.yml).
# Links pasted into issues and chats must keep working: a test builds the site and
# fails when a line here no longer leads to its page and anchor. `kb urls --update`
# appends new URLs; never edit or remove a line. To rename an entry, keep the old slug
# in its `aliases`; to remove one, record its id in kb/retired-ids.yaml.
"""


def published_urls(entries: list[Entry], retired: dict[str, Retired]) -> list[str]:
    """Return every URL the knowledge base publishes now, site pages first."""
    urls: list[str] = []
    for locale in LOCALES:
        urls += [
            locale_root(locale),
            index_path(locale),
            locale_root(locale) + FEED_FILE,
        ]
    urls.append(FEED_SCHEMA_FILE)
    for entry in entries:
        for locale in LOCALES:
            urls += _entry_urls(entry, locale)
    for record in retired.values():
        for locale in LOCALES:
            urls.append(short_path(record.id, locale))
            urls += [entry_path(slug, locale) for slug in record.slugs]
    return ["/" + url for url in urls]


def _entry_urls(entry: Entry, locale: str) -> list[str]:
    short = short_path(entry.id, locale)
    anchors = [s.anchor for s in entry.symptoms] + ["cause"]
    anchors += [s.anchor for s in entry.solutions]
    return [
        entry_path(entry.slug, locale),
        short,
        *(entry_path(alias, locale) for alias in entry.aliases),
        *(f"{short}#{anchor}" for anchor in anchors),
    ]


def read_lock(path: Path) -> list[tuple[int, str]]:
    """Return (line number, URL) for every URL line of the lock file."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        (number, line.strip())
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.startswith("#")
    ]


def update_lock(path: Path, current: list[str]) -> list[str]:
    """Append the URLs of `current` that the lock lacks; return them."""
    known = {url for _, url in read_lock(path)}
    new = [url for url in dict.fromkeys(current) if url not in known]
    if new:
        text = path.read_text(encoding="utf-8") if path.is_file() else HEADER
        if not text.endswith("\n"):
            text += "\n"
        path.write_text(text + "".join(f"{url}\n" for url in new), encoding="utf-8")
    return new


def check_lock(path: Path, display: str, current: list[str]) -> list[Problem]:
    """Return a problem per locked URL no longer published, and one for unlocked URLs."""
    lines = read_lock(path)
    now = set(current)
    problems = [
        Problem(
            display,
            number,
            1,
            "",
            f"{url} is no longer published; keep a renamed entry's old slug in its "
            "aliases, or record a removed entry in kb/retired-ids.yaml",
        )
        for number, url in lines
        if url not in now
    ]
    known = {url for _, url in lines}
    missing = [url for url in current if url not in known]
    if missing:
        last = lines[-1][0] + 1 if lines else 1
        problems.append(
            Problem(
                display,
                last,
                1,
                "",
                f"{len(missing)} published URL(s) are not in the lock, first "
                f"{missing[0]}; run `kb urls --update`",
            )
        )
    return problems

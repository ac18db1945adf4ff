"""`kb urls`: list the URLs the site publishes, and keep the lock of published URLs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .catalog import CatalogLoader
from .lock import LOCK_FILE, check_lock, published_urls, update_lock
from .report import FORMATS, render

EXIT_OK, EXIT_PROBLEMS = 0, 1


def add_parser(commands: Any) -> None:
    """Add the `urls` subcommand to the `kb` parser's subcommands."""
    urls = commands.add_parser(
        "urls",
        help="List published URLs; append new ones to the lock, or check it.",
        description="Print every URL the site publishes, relative to its root. "
        f"With --update, append the new ones to kb/{LOCK_FILE}; with --check, "
        "report locked URLs that are no longer published and published URLs "
        "missing from the lock.",
    )
    mode = urls.add_mutually_exclusive_group()
    mode.add_argument(
        "--update", action="store_true", help="append new URLs, then check"
    )
    mode.add_argument("--check", action="store_true", help="change nothing; check")
    urls.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text for people, json for tools, github for pull requests",
    )


def run(root: Path, args: argparse.Namespace) -> int:
    """Run `kb urls` on the knowledge base under `root`."""
    loader = CatalogLoader(root, root / "kb")
    catalog = loader.load()
    if catalog.errors:
        # Entries with problems are not published; their URLs would look removed.
        print(render(catalog.errors, len(loader.entry_files()), args.format))
        return EXIT_PROBLEMS
    current = published_urls(catalog.entries, catalog.retired)
    if not (args.update or args.check):
        print("\n".join(current))
        return EXIT_OK
    lock = root / "kb" / LOCK_FILE
    if args.update:
        added = update_lock(lock, current)
        print(f"kb/{LOCK_FILE}: {len(added)} URL(s) added", file=sys.stderr)
    problems = check_lock(lock, loader.display(lock), current)
    print(render(problems, len(catalog.entries), args.format))
    return EXIT_PROBLEMS if problems else EXIT_OK

"""`kb match`: read a CI log and name the entries it shows."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Any, TextIO

import yaml

from ..catalog import CatalogLoader
from ..model import LOCALES
from .normalize import read_lines
from .report import FORMATS, LIMIT, render_json, render_text
from .scan import Probe, probes_of, rank, scan

EXIT_MATCH, EXIT_NO_MATCH, EXIT_USAGE = 0, 1, 2


def add_parser(commands: Any) -> None:
    """Add the `match` subcommand to the `kb` parser's subcommands."""
    match = commands.add_parser(
        "match",
        help="Name the entries a CI log shows.",
        description="Read a CI log (standard input by default) and print the entries "
        "it matches, with the matching lines and the solutions.",
    )
    match.add_argument(
        "log", nargs="?", default="-", metavar="FILE", help="the log (default: stdin)"
    )
    match.add_argument("--format", choices=FORMATS, default="text")
    match.add_argument(
        "--lang",
        choices=LOCALES,
        default=LOCALES[0],
        help="language of titles and URLs",
    )
    match.add_argument(
        "--limit", type=_positive, default=LIMIT, help="show at most this many entries"
    )


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 1, got {text!r}"
        )
    return int(text)


def run(root: Path, args: argparse.Namespace) -> int:
    """Match the log named in `args` against the entries under `root`."""
    probes = _probes(root)
    site_url = site_url_of(root / "mkdocs.yml")
    try:
        with _open(args.log) as stream:
            found = scan(read_lines(stream), probes)
    except OSError as err:
        print(f"kb match: {args.log}: {err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE
    results = rank(probes, found.hits)[: args.limit]
    if args.format == "json":
        print(render_json(results, found.lines, args.lang, site_url))
    else:
        print(render_text(results, args.lang, site_url))
    return EXIT_MATCH if results else EXIT_NO_MATCH


def _probes(root: Path) -> list[Probe]:
    catalog = CatalogLoader(root, root / "kb").load()
    bad = {p.file for p in catalog.errors}
    if bad:
        print(
            f"kb match: {len(bad)} entry file(s) with problems left out; "
            "run kb validate",
            file=sys.stderr,
        )
    return probes_of(e for e in catalog.entries if e.file not in bad)


def _open(name: str) -> TextIO:
    # Undecodable bytes become U+FFFD instead of stopping the match half-way.
    if name == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
    return open(name, encoding="utf-8", errors="replace")


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` and `!!python/name` tags we do not need."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_url_of(config: Path) -> str:
    """Return `site_url` from mkdocs.yml, or "" when it is not set."""
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_LenientLoader)
    except (OSError, yaml.YAMLError):
        return ""
    url = data.get("site_url") if isinstance(data, dict) else None
    return url if isinstance(url, str) else ""

"""The `kb` command: validate entries, check their snippets, match logs, write entries."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import author_commands
from .catalog import CACHE_FOLDER, CatalogLoader
from .match import command as match_command
from .report import FORMATS, render
from .snippets import SnippetChecker, SnippetToolError
from .urls_command import add_parser as add_urls_parser
from .urls_command import run as run_urls

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def find_root(start: Path) -> Path | None:
    """Return the nearest folder at or above `start` holding mkdocs.yml and kb/."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "kb").is_dir():
            return folder
    return None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kb", description="Work with the knowledge base."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate",
        help="Validate entries and report every problem.",
        description="Validate entries (all of kb/ by default) and report every problem.",
    )
    _report_arguments(validate)
    check = commands.add_parser(
        "check",
        help="Validate entries and check every snippet with the linters of its kind.",
        description="Validate entries (all of kb/ by default), check their snippets "
        "with the linters of each kind (results cached in .kb-cache/), and report "
        "every problem.",
    )
    _report_arguments(check)
    match_command.add_parser(commands)
    author_commands.add_parsers(commands)
    add_urls_parser(commands)
    return parser


def _report_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="entry files or folders to report on (default: kb/)",
    )
    command.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text for people, json for tools, github for pull requests",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `kb` command and return its exit status."""
    args = _parser().parse_args(argv)
    root = find_root(Path.cwd())
    if root is None:
        print(
            "kb: no mkdocs.yml with a kb/ folder here or above; run inside the repository",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.command == "match":
        return match_command.run(root, args)
    if args.command in author_commands.COMMANDS:
        return author_commands.run(root, args)
    if args.command == "urls":
        return run_urls(root, args)
    return _validate(root, args.paths, args.format, args.command == "check")


def _validate(root: Path, paths: list[Path], fmt: str, snippets: bool) -> int:
    # The pre-commit hook: unchanged files are not parsed and validated again.
    loader = CatalogLoader(root, root / "kb", root / CACHE_FOLDER)
    try:
        requested = loader.named_files(paths)
    except FileNotFoundError as missing:
        print(f"kb: {missing.args[0]}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    every = loader.entry_files()
    extra = [p for p in requested if p.resolve() not in {e.resolve() for e in every}]
    # Without files from outside kb/ this is a load of every entry, after which the
    # cache forgets the results of files since edited or deleted.
    catalog = loader.load(every + extra if extra else None)
    shown = {loader.display(p) for p in requested} if paths else None
    problems = [p for p in catalog.problems if shown is None or p.file in shown]
    if snippets:
        entries = [e for e in catalog.entries if shown is None or e.file in shown]
        try:
            problems += SnippetChecker(root).check(entries)
        except SnippetToolError as err:
            print(f"kb: {err}", file=sys.stderr)
            return EXIT_USAGE
    checked = len(shown) if shown is not None else len(every)
    print(render(problems, checked, fmt))
    return EXIT_PROBLEMS if any(p.severity == "error" for p in problems) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

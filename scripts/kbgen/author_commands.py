"""The author's commands: `kb new`, `kb review` and `kb serve`, and their exit statuses."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import MkDocsException

from . import serve
from .catalog import CatalogLoader
from .names import scan
from .review import ReviewError, review_file
from .scaffold import Request, ScaffoldError, create

COMMANDS = ("new", "review", "serve")
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def add_parsers(commands: Any) -> None:
    """Add `new`, `review` and `serve` to the `kb` parser's subcommands."""
    new = commands.add_parser(
        "new",
        help="Create an entry file with the next free id and placeholders to fill.",
        description="Create kb/FAMILY/SLUG.yaml with the next free permanent id, "
        "both locales of every text, and TODO placeholders that kb validate reports "
        "until they are replaced.",
    )
    new.add_argument("slug", metavar="SLUG", help="last part of the entry's URL")
    new.add_argument(
        "--tag",
        action="append",
        default=[],
        dest="tags",
        help="a tag from kb/tags.yaml",
    )
    new.add_argument("--title-en", help="the title in English")
    new.add_argument("--title-zh", help="the title in Chinese")
    new.add_argument("--family", default="buildx", help="folder under kb/")
    review = commands.add_parser(
        "review",
        help="Mark Chinese texts as reviewed against the current English.",
        description="Record, beside each Chinese text, the fingerprint of the English "
        "it now matches, so that a later change of the English shows as a stale "
        "translation. Only those values in the file change.",
    )
    review.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    review.add_argument(
        "--field",
        action="append",
        default=[],
        dest="fields",
        metavar="KEY",
        help="only this text field, or the fields under it (e.g. cause, solutions[0])",
    )
    review.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a mark is due"
    )
    preview = commands.add_parser(
        "serve",
        help="Preview some entries, rebuilt on every save.",
        description="Run mkdocs serve on the named entries, the entries they link "
        "to and the home page only, in one or both languages.",
    )
    preview.add_argument(
        "entries", nargs="+", metavar="ENTRY", help="slug, id (KB-0001) or file"
    )
    preview.add_argument("--lang", choices=sorted(serve.LOCALE_CHOICES), default="both")
    preview.add_argument(
        "-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT"
    )


def run(root: Path, args: argparse.Namespace) -> int:
    """Run one of the author's commands."""
    if args.command == "new":
        return _new(root, args)
    if args.command == "review":
        return _review(root, args.paths, args.fields, args.check)
    return _serve(root, args)


def _new(root: Path, args: argparse.Namespace) -> int:
    request = Request(
        args.slug, args.family, tuple(args.tags), args.title_en, args.title_zh
    )
    try:
        path, entry_id = create(root, request)
    except (ScaffoldError, FileExistsError) as err:
        print(f"kb new: {err}", file=sys.stderr)
        return EXIT_USAGE
    display = path.relative_to(root).as_posix()
    print(f"{display}: created {entry_id}")
    print(f"Replace every TODO, then run: kb validate {display}")
    return EXIT_OK


def _review(root: Path, paths: list[Path], fields: list[str], check: bool) -> int:
    loader = CatalogLoader(root, root / "kb")
    try:
        files = loader.named_files(paths)
    except FileNotFoundError as missing:
        print(f"kb: {missing.args[0]}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    due = 0
    for path in files:
        display = loader.display(path)
        try:
            outcome = review_file(path, display, fields, write=not check)
        except ReviewError as err:
            print(f"kb review: {err}", file=sys.stderr)
            return EXIT_USAGE
        for problem in outcome.problems:
            print(problem.text())
        if outcome.problems:
            return EXIT_PROBLEMS
        if outcome.fields:
            what = "not marked reviewed" if check else "marked reviewed"
            print(f"{display}: {what}: {', '.join(outcome.fields)}")
        due += len(outcome.fields)
    if not due:
        print("every translation is marked reviewed against its current English")
    return EXIT_PROBLEMS if check and due else EXIT_OK


def _serve(root: Path, args: argparse.Namespace) -> int:
    loader = CatalogLoader(root, root / "kb")
    known = scan(loader.entry_files())
    only: list[str] = []
    for name in args.entries:
        path = Path(name)
        if path.suffix == ".yaml" and path.is_file():
            only.append(loader.display(path))
        elif name in known or name.upper() in known:
            only.append(name)
        else:
            close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            print(
                f"kb serve: no entry has the slug, id or file '{name}'{hint}",
                file=sys.stderr,
            )
            return EXIT_USAGE
    try:
        serve.run(root, only, serve.LOCALE_CHOICES[args.lang], args.dev_addr)
    except OSError as err:
        print(
            f"kb serve: cannot serve on {args.dev_addr}: {err.strerror}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except MkDocsException as err:
        print(f"kb serve: {err.format_message()}", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK

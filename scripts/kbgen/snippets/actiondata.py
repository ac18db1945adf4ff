"""Derive the table of action inputs from each action's own `action.yml`.

The table (`data/actions.yaml`) records, per action and per major version, the input
names with two flags: `required` (declared required and given no default, so a step
that leaves it out fails) and `deprecated` (the action's deprecation message). The
newest major found is the action's current major. Run as a command to write the table
from a folder laid out `<owner>/<name>/<release>/action.yml`, or to check it:

    python -m kbgen.snippets.actiondata ../shared/actions          # write
    python -m kbgen.snippets.actiondata ../shared/actions --check  # exit 1 if stale
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "actions.yaml"
_RELEASE = re.compile(r"^v(\d+)(?:\.(\d+))?(?:\.(\d+))?$")
_HEADER = """\
# Inputs of the actions that snippets may use, per major version, with the flags the
# snippet checker needs. Generated from each action's action.yml; do not edit by hand:
#   python -m kbgen.snippets.actiondata <folder of owner/name/release/action.yml>
"""

Inputs = dict[str, dict[str, Any]]


def release_key(release: str) -> tuple[int, ...] | None:
    """Return (major, minor, patch) of a tag like v4.3.0, or None for other refs."""
    match = _RELEASE.match(release)
    return tuple(int(part or 0) for part in match.groups()) if match else None


def inputs_of(action_yml: str) -> Inputs:
    """Return {input: flags} from the text of one action.yml."""
    meta = yaml.safe_load(action_yml) or {}
    inputs: Inputs = {}
    for name, spec in sorted((meta.get("inputs") or {}).items()):
        spec = spec or {}
        flags: dict[str, Any] = {}
        # The runner fills in a default, so `required: true` with a default never fails.
        if spec.get("required") is True and spec.get("default") in (None, ""):
            flags["required"] = True
        if spec.get("deprecationMessage"):
            flags["deprecated"] = str(spec["deprecationMessage"]).strip()
        inputs[str(name)] = flags
    return inputs


def derive(folder: Path) -> dict[str, Any]:
    """Return the table for every `<owner>/<name>/<release>/action.yml` under `folder`."""
    table: dict[str, Any] = {}
    for action_dir in sorted(p for p in folder.glob("*/*") if p.is_dir()):
        releases = sorted(
            (key, p)
            for p in action_dir.iterdir()
            if (p / "action.yml").is_file() and (key := release_key(p.name))
        )
        majors: dict[str, Any] = {}
        for key, path in releases:  # ascending, so the newest release of a major wins
            text = (path / "action.yml").read_text(encoding="utf-8")
            majors[f"v{key[0]}"] = {"release": path.name, "inputs": inputs_of(text)}
        if majors:
            newest = max(majors, key=lambda m: int(m[1:]))
            name = action_dir.relative_to(folder).as_posix()
            table[name] = {"current": newest, "majors": _newest_first(majors)}
    return table


def _newest_first(majors: dict[str, Any]) -> dict[str, Any]:
    return dict(sorted(majors.items(), key=lambda item: -int(item[0][1:])))


def dump(table: dict[str, Any]) -> str:
    """Return the table as the text of data/actions.yaml, one input per line."""
    lines = [_HEADER.rstrip("\n")]
    for name, action in table.items():
        lines += [f"{name}:", f"  current: {action['current']}", "  majors:"]
        for major, spec in action["majors"].items():
            lines += [f"    {major}:", f"      release: {spec['release']}"]
            lines.append("      inputs:" + ("" if spec["inputs"] else " {}"))
            lines += [
                f"        {_scalar(i)}: {_flags(flags)}"
                for i, flags in spec["inputs"].items()
            ]
    return "\n".join(lines) + "\n"


def _flags(flags: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in flags.items()) + "}"


def _scalar(value: Any) -> str:
    if value is True:
        return "true"
    text = str(value)
    # JSON strings are valid YAML double-quoted scalars; quote anything not a plain word.
    return (
        text if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", text) else json.dumps(text)
    )


def load(path: Path = DATA_FILE) -> dict[str, Any]:
    """Return the committed table."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data


def main(argv: Sequence[str] | None = None) -> int:
    """Write data/actions.yaml from a folder of action.yml files, or check it."""
    parser = argparse.ArgumentParser(
        prog="python -m kbgen.snippets.actiondata", description=main.__doc__
    )
    parser.add_argument("folder", type=Path, help="<owner>/<name>/<release>/action.yml")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the file is not up to date"
    )
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder}: no such folder", file=sys.stderr)
        return 2
    text = dump(derive(args.folder))
    current = DATA_FILE.read_text(encoding="utf-8") if DATA_FILE.is_file() else ""
    if args.check:
        if text != current:
            print(f"{DATA_FILE.name} is out of date; run without --check to rewrite it")
            return 1
        return 0
    if text != current:
        DATA_FILE.write_text(text, encoding="utf-8")
    print(f"{DATA_FILE.name}: {text.count(chr(10) + '  current:')} actions")
    return 0


if __name__ == "__main__":
    sys.exit(main())

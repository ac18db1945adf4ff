"""`kb serve`: `mkdocs serve` of the project, narrowed to the entries being written.

The project's mkdocs.yml is loaded as it is, with a few options overridden for this
run only: the kb plugin's `only` and `locales` (see focus.py), the i18n plugin's
`build` flag of a locale not previewed, no search plugin (indexing was half of a
rebuild), and "link target not found" logged at INFO, since links from the linked
entries lead on to entries this preview does not build. Nothing is written besides
what `mkdocs serve` writes: the pages under docs/entries/ then hold only the previewed
entries, and the next full build or serve writes them all again.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Any

from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.utils.yaml import yaml_load

LOCALE_CHOICES = {"en": ("en",), "zh": ("zh",), "both": ("en", "zh")}


def overrides(
    config_file: Path, only: list[str], locales: tuple[str, ...]
) -> dict[str, Any]:
    """Return the mkdocs.yml options that turn `mkdocs serve` into a focused preview."""
    with config_file.open("rb") as raw:
        config: dict[str, Any] = yaml_load(raw)
    # As a mapping: MkDocs empties the items of a plugin list while reading it, and
    # `serve` reads these options again for every rebuild.
    listed = config.get("plugins") or []
    items = [{k: v} for k, v in listed.items()] if isinstance(listed, dict) else listed
    plugins = dict(_narrow(item, only, locales) for item in items)
    # Indexing pages for search is half of a focused rebuild; the preview has no search.
    plugins.pop("search", None)
    plugins.pop("material/search", None)
    validation = copy.deepcopy(config.get("validation") or {})
    validation.setdefault("links", {})["not_found"] = "info"
    return {"plugins": plugins, "validation": validation, "strict": False}


def _narrow(
    item: Any, only: list[str], locales: tuple[str, ...]
) -> tuple[str, dict[str, Any]]:
    name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
    options = copy.deepcopy(options or {})
    if name == "kb":
        options.update(only=only, locales=list(locales))
    elif name == "i18n":
        for language in options.get("languages", []):
            # The default locale is the main build and always runs.
            if not language.get("default") and language["locale"] not in locales:
                language["build"] = False
    return name, options


def run(root: Path, only: list[str], locales: tuple[str, ...], address: str) -> None:
    """Serve the focused preview until interrupted (Ctrl+C)."""
    config_file = root / "mkdocs.yml"
    _log_to_terminal()
    mkdocs_serve(
        config_file=str(config_file),
        livereload=True,
        dev_addr=address,
        **overrides(config_file, only, locales),
    )


def _log_to_terminal() -> None:
    """Print MkDocs' messages as the `mkdocs` command does (it sets this up itself)."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False

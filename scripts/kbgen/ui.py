"""Words that appear on every generated page, per locale, from data/ui.yaml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

UI_FILE = Path(__file__).parent / "data" / "ui.yaml"


@cache
def _strings() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = yaml.safe_load(
        UI_FILE.read_text(encoding="utf-8")
    )
    return data


def ui(key: str, locale: str) -> str:
    """Return the UI string `key` in `locale`."""
    return _strings()[key][locale]

"""What a page tells the places its link is pasted into: locale and language alternates.

overrides/main.html prints these (escaped) as OpenGraph and hreflang tags. Language
alternates come from the language selector that mkdocs-static-i18n fills per page;
they are made absolute here, because crawlers read hreflang as absolute URLs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urljoin

from .model import LOCALES
from .ui import ui


def page_preview(
    locale: str, site_url: str, alternates: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    """Return the template data of one page: its OpenGraph locales and alternates."""
    return {
        "og_locale": ui("og_locale", locale),
        "og_locale_alternates": [ui("og_locale", o) for o in LOCALES if o != locale],
        "alternates": [
            {"lang": str(alt["lang"]), "url": urljoin(site_url, str(alt["link"]))}
            for alt in alternates
            if site_url and alt.get("lang") in LOCALES
        ],
    }

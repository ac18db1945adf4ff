"""Render entries into Markdown pages, one per entry per locale, plus index pages.

Rendering knows nothing of YAML or MkDocs: it takes Entry records and returns a mapping
of relative file name to Markdown text. Text from authors is either escaped (plain
fields) or passed through after validation (Markdown fields), with `entry:` links
turned into links MkDocs resolves and checks.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import jinja2

from .diskcache import digest
from .links import markdown_reference
from .model import LOCALES, Entry, any_stale
from .plaintext import markdown_to_text
from .ui import ui

TEMPLATES = Path(__file__).parent / "templates"
# Entry pages made by an earlier call: (entry id, locale, settings, linked titles) ->
# (the entry, its page).
PageMemo = dict[tuple[int, str, str, str], tuple[Entry, str]]
FENCE_LANG = {
    "workflow": "yaml",
    "job": "yaml",
    "steps": "yaml",
    "step": "yaml",
    "services": "yaml",
    "yaml": "yaml",
    "dockerfile": "dockerfile",
    "shell": "bash",
    "toml": "toml",
    "json": "json",
    "text": "text",
    "console": "text",
}
# Python-Markdown's escapable characters, plus `|` which its tables extension adds.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_ENTRY_LINK = re.compile(r"\]\(entry:([a-z0-9-]+)(#[a-z0-9-]+)?\)")
_ENTRY_REF = re.compile(
    r"^(\s*\[[^\]]+\]:\s*)entry:([a-z0-9-]+)(#[a-z0-9-]+)?", re.MULTILINE
)


def page_name(slug: str, locale: str) -> str:
    """Return the file name of an entry page in the suffix layout of the i18n plugin."""
    return f"{slug}.md" if locale == "en" else f"{slug}.{locale}.md"


def plain(text: str) -> str:
    """Escape plain text so Markdown and HTML show it literally."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def markdown(text: str) -> str:
    """Pass validated Markdown through, turning entry: links into page links."""
    text = _ENTRY_LINK.sub(
        lambda m: f"]({m.group(1)}.md{m.group(2) or ''})", text.strip()
    )
    return _ENTRY_REF.sub(
        lambda m: f"{m.group(1)}{m.group(2)}.md{m.group(3) or ''}", text
    )


def fence(code: str, kind: str, copy: bool = True) -> str:
    """Return a fenced code block that shows `code` byte for byte."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    attrs = f"{{ .{FENCE_LANG[kind]}{'' if copy else ' .no-copy'} }}"
    return f"{ticks} {attrs}\n{code.rstrip(chr(10))}\n{ticks}"


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # the output is Markdown; author text is escaped by `plain`
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        # `{#id}` is Markdown attribute syntax here, not a Jinja comment.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters.update(plain=plain, md=markdown, fence=fence, text=markdown_to_text)
    env.globals["stale"] = any_stale
    return env


def render_pages(
    entries: list[Entry],
    tags: dict[str, dict[str, str]],
    site_url: str = "",
    titled: list[Entry] | None = None,
    memo: PageMemo | None = None,
) -> dict[str, str]:
    """Return every generated page: {relative file name: Markdown}.

    `site_url` (from mkdocs.yml) makes the Markdown links that pages offer to copy.
    `titled` are the entries whose titles links may show, when `entries` (the pages
    to make) are fewer: a focused preview, or serve while an entry has errors.
    With `memo` (kept by the caller between builds), an entry page made from the same
    inputs as before is reused, and `memo` is left holding this call's pages only.
    """
    others = {e.slug: e for e in (entries if titled is None else titled)}
    by_tag = [(tag, [e for e in entries if tag in e.tags]) for tag in tags]
    by_tag = [(tag, members) for tag, members in by_tag if members]
    shared = digest(repr(sorted(tags.items())), site_url)
    pages: dict[str, str] = {}
    made: PageMemo = {}
    for locale in LOCALES:
        common = {"L": locale, "t": lambda key, _l=locale: ui(key, _l), "tags": tags}
        common["ref"] = lambda entry, anchor=None, _l=locale: markdown_reference(
            entry, _l, site_url, anchor
        )
        template = _env().get_template("entry.md.j2")
        for entry in entries:
            key = (id(entry), locale, shared, _linked_titles(entry, others))
            known = (memo or {}).get(key)
            # The loader hands out the same Entry object while its file is unchanged;
            # holding the object keeps its id from being reused by another.
            if known is not None and known[0] is entry:
                page = known[1]
            else:
                page = template.render(entry=entry, others=others, **common)
            pages[page_name(entry.slug, locale)] = page
            made[key] = (entry, page)
        index = _env().get_template("index.md.j2")
        pages[page_name("index", locale)] = index.render(
            entries=entries, by_tag=by_tag, **common
        )
    if memo is not None:
        memo.clear()
        memo.update(made)
    return pages


def _linked_titles(entry: Entry, others: dict[str, Entry]) -> str:
    """Return what an entry page shows of the entries it links to: their titles."""
    slugs = [*entry.related, *(s for sol in entry.solutions for s in sol.related)]
    return repr([(s, others[s].title if s in others else None) for s in slugs])


def entry_list(entries: list[Entry], locale: str, folder: str) -> str:
    """Return a Markdown list of `entries` for a hand-written page at the docs root."""
    return "\n".join(
        f"- **{e.id}** [{plain(e.title.get(locale))}]({folder}/{e.slug}.md)"
        for e in entries
    )

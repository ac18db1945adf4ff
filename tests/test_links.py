"""Links that keep working: short ids, former slugs, retired ids, the lock of published URLs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kbgen.lock import read_lock

from .conftest import ROOT, Build, minimal_entry, run_build
from .linked_site import (
    SITE_URL,
    TITLE,
    anchors,
    broken_urls,
    follow,
    kb,
    linked,
    make_project,
    soup_of,
)
from .test_site import ENTRIES, IDS

__all__ = ["linked"]  # the fixture, imported for pytest
LOCALES = (("en", ""), ("zh", "zh/"))


@pytest.mark.parametrize("entry_index", range(len(ENTRIES)), ids=IDS)
def test_short_url_leads_to_the_entry_in_each_locale(
    built: Build, entry_index: int
) -> None:
    entry = ENTRIES[entry_index]
    for locale, prefix in LOCALES:
        landing = follow(built.site, f"/{prefix}{entry.id}/#cause")

        assert landing.path == f"{prefix}entries/{entry.slug}/"
        assert landing.fragment == "cause"
        page = soup_of(built.site / landing.path / "index.html")
        assert page.html is not None and page.html["lang"] == locale


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("/KB-0900/", "entries/sample-entry/"),
        ("/zh/KB-0900/", "zh/entries/sample-entry/"),
        ("/KB-0901/", "entries/hostile-title/"),
        ("/zh/KB-0901/", "zh/entries/hostile-title/"),
        ("/entries/sample-old-name/", "entries/sample-entry/"),
        ("/zh/entries/sample-old-name/", "zh/entries/sample-entry/"),
        ("/KB-0042/", "entries/sample-entry/"),
        ("/zh/KB-0042/", "zh/entries/sample-entry/"),
        ("/entries/gone-entry/", "entries/sample-entry/"),
        ("/zh/entries/gone-entry/", "zh/entries/sample-entry/"),
        ("/KB-0043/", "entries/"),
        ("/zh/KB-0043/", "zh/entries/"),
        ("/entries/gone-for-good/", "entries/"),
        ("/zh/entries/gone-for-good/", "zh/entries/"),
    ],
)
def test_short_urls_former_slugs_and_retired_ids_lead_to_their_page(
    linked: Build, source: str, target: str
) -> None:
    assert follow(linked.site, source).path == target


def test_redirect_page_has_relative_refresh_canonical_link_and_visible_link(
    linked: Build,
) -> None:
    page = soup_of(linked.site / "zh/entries/sample-old-name/index.html")

    canonical = page.find("link", rel="canonical")
    assert canonical is not None
    assert canonical["href"] == f"{SITE_URL}zh/entries/sample-entry/"
    refresh = page.select_one("noscript meta[http-equiv=refresh]")
    assert refresh is not None and refresh["content"] == "0; url=../sample-entry/"
    link = page.select_one("body a")
    assert link is not None and link["href"] == "../sample-entry/"
    assert link.get_text() == "KB-0900 · 示例条目"
    script = page.select_one("head script")
    assert script is not None
    assert script.get_text() == 'location.replace("../sample-entry/" + location.hash)'


def test_redirect_page_escapes_the_title(linked: Build) -> None:
    html = (linked.site / "KB-0901/index.html").read_text(encoding="utf-8")

    escaped = (
        "KB-0901 · &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;"
    )
    assert f"<title>{escaped}</title>" in html
    assert f'<meta property="og:title" content="{escaped}">' in html
    assert "<script>alert" not in html
    assert soup_of(linked.site / "KB-0901/index.html").select_one(
        "body a"
    ).get_text() == (f"KB-0901 · {TITLE}")


def test_every_locked_url_leads_to_its_page_and_anchor(linked: Build) -> None:
    urls = [url for _, url in read_lock(linked.project / "kb/published-urls.txt")]

    # Site pages and feeds, then per locale: the renamed entry (page, short link,
    # former slug, three anchors), the other entry (five), two retired ids (two each).
    assert len(urls) == 7 + 2 * (6 + 5 + 2 * 2)
    assert broken_urls(linked.site, urls) == []


def test_shipped_lock_is_current_and_every_url_in_it_works(built: Build) -> None:
    check = kb(ROOT, "urls", "--check")
    assert check.returncode == 0, check.stdout + check.stderr

    urls = [url for _, url in read_lock(ROOT / "kb/published-urls.txt")]
    assert "/KB-0001/#solution-docker-driver" in urls
    assert broken_urls(built.site, urls) == []


def test_a_slug_renamed_without_alias_breaks_its_locked_url(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    entry = project / "kb/buildx/sample-entry.yaml"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace(
            "slug: sample-entry\naliases: [sample-old-name]\n", "slug: sample-new\n"
        ),
        encoding="utf-8",
    )

    check = kb(project, "urls", "--check")
    result = run_build(project)

    lines = (project / "kb/published-urls.txt").read_text().splitlines()
    number = lines.index("/entries/sample-entry/") + 1
    assert check.returncode == 1
    assert check.stdout.splitlines()[0] == (
        f"kb/published-urls.txt:{number}:1: /entries/sample-entry/ is no longer "
        "published; keep a renamed entry's old slug in its aliases, or record a "
        "removed entry in kb/retired-ids.yaml"
    )
    assert result.returncode == 0, result.output
    assert broken_urls(result.site, ["/entries/sample-old-name/"]) == [
        "/entries/sample-old-name/: nothing at /entries/sample-old-name/"
    ]


def test_update_appends_new_urls_and_never_removes_one(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    lock = project / "kb/published-urls.txt"
    before = lock.read_text(encoding="utf-8")
    (project / "kb/buildx/other.yaml").write_text(
        minimal_entry()
        .replace("id: KB-0900", "id: KB-0902")
        .replace("slug: sample-entry", "slug: other-entry")
        .replace("docker-driver", "docker-only"),
        encoding="utf-8",
    )
    (project / "kb/buildx/hostile-title.yaml").unlink()

    stale = kb(project, "urls", "--check")
    update = kb(project, "urls", "--update")

    after = lock.read_text(encoding="utf-8")
    assert stale.returncode == 1
    assert stale.stdout.splitlines()[-2].endswith(
        "10 published URL(s) are not in the lock, first /entries/other-entry/; "
        "run `kb urls --update`"
    )
    assert after.startswith(before)
    assert after[len(before) :].splitlines()[:3] == [
        "/entries/other-entry/",
        "/KB-0902/",
        "/KB-0902/#symptom-denied",
    ]
    # The removed entry's URLs stay in the lock, so the check keeps failing on them.
    assert update.returncode == 1
    assert update.stderr == "kb/published-urls.txt: 10 URL(s) added\n"
    assert "/KB-0901/ is no longer published" in update.stdout


def test_check_reports_in_the_github_format(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "kb/buildx/hostile-title.yaml").unlink()

    check = kb(project, "urls", "--check", "--format", "github")

    lines = (project / "kb/published-urls.txt").read_text().splitlines()
    number = lines.index("/entries/hostile-title/") + 1
    first = check.stdout.splitlines()[0]
    assert first.startswith(
        f"::error file=kb/published-urls.txt,line={number},col=1,title=entry::"
    )
    assert first.endswith(
        "/entries/hostile-title/ is no longer published; keep a "
        "renamed entry's old slug in its aliases, or record a "
        "removed entry in kb/retired-ids.yaml"
    )


@pytest.mark.parametrize(
    ("change", "file", "message"),
    [
        (
            ("kb/buildx/sample-entry.yaml", "id: KB-0900", "id: KB-0042"),
            "kb/buildx/sample-entry.yaml:2:5: id",
            "'KB-0042' is retired (kb/retired-ids.yaml:1:1) and is never reused; "
            "use the next free id, KB-0902",
        ),
        (
            ("kb/buildx/sample-entry.yaml", "[sample-old-name]", "[gone-for-good]"),
            "kb/buildx/sample-entry.yaml:4:11: aliases[0]",
            "'gone-for-good' was a slug of retired KB-0043 (kb/retired-ids.yaml:6:11), "
            "whose links it keeps; choose another",
        ),
        (
            ("kb/retired-ids.yaml", "replaced_by: KB-0900", "replaced_by: KB-0999"),
            "kb/retired-ids.yaml:3:16: KB-0042.replaced_by",
            "no entry has id 'KB-0999'; name an entry that exists, "
            "or leave replaced_by out",
        ),
        (
            ("kb/retired-ids.yaml", "KB-0043:", "KB-43:"),
            "kb/retired-ids.yaml:5:1: KB-43",
            "is not an entry id; expected KB- and four digits, e.g. KB-0042",
        ),
        (
            ("kb/retired-ids.yaml", "  reason: Wrong from the start.\n", ""),
            "kb/retired-ids.yaml:6:3: KB-0043.reason",
            "is required but missing; add it",
        ),
        (
            ("kb/retired-ids.yaml", "[gone-for-good]", "[gone-entry]"),
            "kb/retired-ids.yaml:6:11: KB-0043.slugs[0]",
            "'gone-entry' is already listed at kb/retired-ids.yaml:2:11; "
            "keep it under one id",
        ),
    ],
    ids=[
        "retired-id",
        "retired-slug",
        "unknown-replacement",
        "bad-id",
        "no-reason",
        "slug-twice",
    ],
)
def test_validator_keeps_retired_ids_retired(
    tmp_path: Path, change: tuple[str, str, str], file: str, message: str
) -> None:
    project = make_project(tmp_path)
    name, old, new = change
    path = project / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1))

    result = kb(project, "validate")

    assert result.returncode == 1
    assert f"{file}: {message}" in result.stdout.splitlines()


def test_each_entry_and_solution_offers_its_markdown_link(linked: Build) -> None:
    for locale, prefix in LOCALES:
        page = soup_of(linked.site / prefix / "entries/hostile-title/index.html")
        holders = page.select("article div.kb-ref")
        title = TITLE if locale == "en" else TITLE + " 标题"
        escaped = title.replace("&", "\\&").replace("<", "\\<").replace(">", "\\>")
        short = f"{SITE_URL}{prefix}KB-0901/"

        assert [h["data-kb-ref"] for h in holders] == [
            f"[KB-0901 · {escaped}]({short})",
            f"[KB-0901 · {escaped}]({short}#solution-docker-driver)",
        ]
        assert [h.get_text() for h in holders] == ["", ""]
        heading = holders[1].find_previous_sibling("h3")
        assert heading is not None and heading["id"] == "solution-docker-driver"


def test_markdown_link_holders_carry_escaped_attributes_only(linked: Build) -> None:
    html = (linked.site / "entries/hostile-title/index.html").read_text("utf-8")

    assert (
        'data-kb-ref="[KB-0901 · &#34;\\&gt;\\&lt;script\\&gt;alert(1)'
        "\\&lt;/script\\&gt; \\&amp; \\&lt;b\\&gt;]"
        f'({SITE_URL}KB-0901/)"'
    ) in html
    assert "<script>alert" not in html


def test_anchors_of_the_lock_are_the_same_in_both_locales(linked: Build) -> None:
    en = anchors(linked.site, "entries/sample-entry/")
    zh = anchors(linked.site, "zh/entries/sample-entry/")

    assert {"symptom-denied", "cause", "solution-docker-driver"} <= en
    assert en == zh


def test_a_page_in_the_way_of_a_redirect_is_kept_and_reported(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = project_with({"buildx/sample-entry.yaml": minimal_entry()})
    (project / "docs/KB-0900.md").write_text("# Not a redirect\n", encoding="utf-8")

    result = run_build(project)

    assert result.returncode == 1
    assert (
        "WARNING -  kb: /KB-0900/ is a page of the site, so its redirect was not "
        "written" in result.output
    )
    assert "Not a redirect" in (result.site / "KB-0900/index.html").read_text()


def test_feed_and_lock_agree_on_every_anchor(linked: Build) -> None:
    feed = json.loads((linked.site / "api/entries.json").read_text("utf-8"))
    locked = {url for _, url in read_lock(linked.project / "kb/published-urls.txt")}

    for entry in feed["entries"]:
        for item in entry["symptoms"] + entry["solutions"]:
            assert f"/{entry['id']}/#{item['anchor']}" in locked

"""Benchmark: what the generator costs on top of a plain MkDocs build, measured in one run.

Run `scripts/bench` (or `python -m kbgen.bench --sizes 100 1000`). Synthetic entries are
copies of the shipped ones with new ids and slugs, written into a temporary folder, never
into kb/. Every figure is reported with the baseline measured in the same run, because
these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .catalog import CACHE_FOLDER as ENTRY_CACHE
from .catalog import CatalogLoader
from .match.normalize import read_lines
from .match.scan import probes_of, scan
from .model import Entry
from .pagecache import CACHE_FOLDER as PAGE_CACHE
from .reload_bench import PLUGIN_TIME
from .reload_bench import measure as measure_reloads
from .render import render_pages
from .snippets import kinds
from .snippets.checker import LINTERS, SnippetChecker, batched
from .snippets.measure import synthetic_entries

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "scripts" / "bench-results.md"
# The generated part of the results file; the text around it is written by hand.
BEGIN = "<!-- bench: generated from here -->"
END = "<!-- bench: generated up to here -->"
_ID = re.compile(r"^id: KB-\d{4}$", re.MULTILINE)
_MESSAGE = re.compile(r"^\s*message: ")
_SIGNATURE = re.compile(r"""^(\s*signature: ["']?)(.*)$""")
# The kb plugin's entry in mkdocs.yml, with its options and comments, first in the list.
_KB_PLUGIN = re.compile(r"\nplugins:\n  - kb(?::\n(?:      .*\n)*|\n)")
# The copy group in a synthetic entry's location: `entries/<slug>-s<group>/...`.
_GROUP = re.compile(r"-s(\d+)/")
Row = tuple[str, str]


@dataclass
class Timing:
    """Wall-clock seconds of repeated runs of one measurement."""

    runs: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def cell(self) -> str:
        return f"{self.best:.2f} / {self.median:.2f}"


def timed(action: Callable[[], object], runs: int) -> Timing:
    """Run `action` `runs` times and return the wall-clock timings."""
    timing = Timing()
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timing.runs.append(time.perf_counter() - start)
    return timing


def synthesize(dest_kb: Path, count: int) -> None:
    """Write `count` entries into `dest_kb`, copied from the shipped entries.

    Copy number g of an entry gets a new id and the suffix `-sg` on its slug and on the
    slugs it links to (copies in an incomplete last group link to group 0), and its
    symptom messages and signatures get a marker, so that copies stay valid together.
    """
    sources = CatalogLoader(ROOT, ROOT / "kb").entry_files()
    slugs = [_slug(p) for p in sources]
    shutil.copy(ROOT / "kb" / "tags.yaml", dest_kb / "tags.yaml")
    shutil.copy(ROOT / "kb" / "search-words.txt", dest_kb / "search-words.txt")
    for number in range(1, count + 1):
        group, source = divmod(number - 1, len(sources))
        in_group = min(len(sources), count - group * len(sources))
        suffix = {s: f"s{group}" if i < in_group else "s0" for i, s in enumerate(slugs)}
        text = sources[source].read_text(encoding="utf-8")
        text = _ID.sub(f"id: KB-{number:04d}", text, count=1)
        text = _suffix_slugs(text, suffix)
        text = _mark_symptoms(text, f"Z{group}")
        folder = dest_kb / f"family{group // 50}"
        folder.mkdir(exist_ok=True)
        (folder / f"{slugs[source]}-s{group}.yaml").write_text(text, encoding="utf-8")


def _slug(path: Path) -> str:
    match = re.search(r"^slug: (\S+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1) if match else path.stem


def _suffix_slugs(text: str, suffix: dict[str, str]) -> str:
    names = sorted(suffix, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![a-z0-9-])(" + "|".join(map(re.escape, names)) + r")(?![a-z0-9-])"
    )
    return pattern.sub(lambda m: f"{m[1]}-{suffix[m[1]]}", text)


def _mark_symptoms(text: str, marker: str) -> str:
    """Insert `marker` into each signature and at the same place in its message."""
    lines = text.split("\n")
    message_at = -1
    for i, line in enumerate(lines):
        if _MESSAGE.match(line):
            message_at = i
        elif _SIGNATURE.match(line) and message_at >= 0:
            lines[message_at], lines[i] = _mark_pair(lines[message_at], line, marker)
            message_at = -1
    return "\n".join(lines)


def _mark_pair(message: str, signature: str, marker: str) -> tuple[str, str]:
    """Mark the first word of the signature's first literal part, in both lines."""
    for part in re.split(r"\{[a-z]+\}", signature.split("signature:", 1)[1]):
        part = part.strip().strip("\"'")
        word = re.search(r"[A-Za-z]{3,}", part)
        at = message.lower().find(part.lower()) if part else -1
        if word and at >= 0:
            cut = at + word.end()
            sig_at = signature.find(part) + word.end()
            return message[:cut] + marker + message[cut:], signature[
                :sig_at
            ] + marker + signature[sig_at:]
    return message, signature


def make_project(dest: Path, count: int, *, plugin: bool = True) -> Path:
    """Create a project copy with `count` synthetic entries (or none, for the baseline)."""
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(
        ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("entries")
    )
    (dest / "kb").mkdir()
    if plugin:
        synthesize(dest / "kb", count)
    return dest


def without_plugin(project: Path, baseline: Path) -> Path:
    """Copy the pages our plugin generated in `project` into a project built without it."""
    make_project(baseline, 0, plugin=False)
    shutil.copy(
        project / "kb" / "search-words.txt", baseline / "kb" / "search-words.txt"
    )
    shutil.copytree(project / "docs" / "entries", baseline / "docs" / "entries")
    config = (baseline / "mkdocs.yml").read_text(encoding="utf-8")
    plain = _KB_PLUGIN.sub("\nplugins:\n", config, count=1)
    if plain == config:
        raise SystemExit("mkdocs.yml: no `- kb` plugin entry found to leave out")
    (baseline / "mkdocs.yml").write_text(plain, encoding="utf-8")
    return baseline


@dataclass
class PluginShare:
    """What the plugin logged of one build: its seconds, and the hooks that took most."""

    seconds: float = 0.0
    hooks: str = ""


def mkdocs_build(project: Path, *, cache: bool = True) -> PluginShare:
    """Run a real `mkdocs build` in `project`; return the share our plugin reports.

    The build logs at INFO level (not `--quiet`) so that the plugin's own time shows;
    a build without the plugin reports 0. A failed build stops the benchmark.
    With `cache` false, the plugin stores nothing for later builds (KB_CACHE=false).
    """
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env if cache else {**env, "KB_CACHE": "false"},
    )
    if proc.returncode != 0:
        raise SystemExit(
            f"mkdocs build failed in {project}:\n{proc.stdout}{proc.stderr}"
        )
    found = PLUGIN_TIME.findall(proc.stderr)
    return PluginShare(float(found[-1][0]), found[-1][1]) if found else PluginShare()


def validation(project: Path, cache: Path | None = None) -> None:
    """Load and validate every entry of `project` with a fresh loader."""
    CatalogLoader(project, project / "kb", cache).load()


def generation(project: Path) -> None:
    """Write the Markdown of every entry page, as the plugin does before MkDocs runs."""
    catalog = CatalogLoader(project, project / "kb", project / ENTRY_CACHE).load()
    render_pages(catalog.entries, catalog.tags, "https://kb.example.org/")


def forget(project: Path, *, pages_only: bool = False) -> None:
    """Remove what earlier builds kept: rendered pages and (unless told) validation."""
    for folder in (PAGE_CACHE,) if pages_only else (ENTRY_CACHE, PAGE_CACHE):
        shutil.rmtree(project / folder, ignore_errors=True)


def edit_one_entry(project: Path, number: int) -> None:
    """Change the English cause of the first entry, differently each time."""
    path = min((project / "kb").glob("*/*.yaml"))
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r"^(cause:\n  en: [|>]-?\n)",
        rf"\1    Edit {number}.\n",
        text,
        count=1,
        flags=re.MULTILINE,
    )
    path.write_text(text, encoding="utf-8")


def snippet_rows(count: int, runs: int) -> list[tuple[str, str]]:
    """Check `count` distinct synthetic snippets with an empty cache, then warm.

    The baseline is one batched run of each linter over every job those snippets
    make, one linter after another: what the linters alone cost.
    """
    entries = synthetic_entries(count)
    with tempfile.TemporaryDirectory(prefix="kb-bench-cache-") as cache:
        cold = timed(lambda: SnippetChecker(ROOT, Path(cache)).check(entries), 1)
        warm = timed(lambda: SnippetChecker(ROOT, Path(cache)).check(entries), runs)
    linters = timed(lambda: _lint_once(entries), 1)
    return [
        (f"snippet checks, {count:,} snippets, cold (s)", f"{cold.best:.2f}"),
        (f"snippet checks, {count:,} snippets, warm (s, min / median)", warm.cell()),
        (
            "baseline: one batched run of each linter over them (s)",
            f"{linters.best:.2f}",
        ),
        ("snippet checks cold / baseline", f"{cold.best / linters.best:.2f}"),
    ]


def _lint_once(entries: list[Entry]) -> None:
    plans = [
        kinds.plan(snippet.kind, snippet.code, snippet.old_major)
        for entry in entries
        for solution in entry.solutions
        for snippet in solution.snippets
        if snippet.kind in kinds.CHECKED_KINDS
    ]
    for tool, batch in batched(plans).items():
        LINTERS[tool]([job for _, job in batch])


def match_rows(work: Path, megabytes: int, runs: int) -> list[tuple[str, str]]:
    """Stream a large log through `kb match`'s scanner against a plain line read."""
    log = work / "big.log"
    _write_log(log, megabytes)
    probes = probes_of(CatalogLoader(ROOT, ROOT / "kb").load().entries)

    def plain() -> None:
        with log.open(encoding="utf-8", errors="replace") as stream:
            for _ in stream:
                pass

    def matched() -> None:
        with log.open(encoding="utf-8", errors="replace") as stream:
            scan(read_lines(stream), probes)

    base, ours = timed(plain, runs), timed(matched, runs)
    size = log.stat().st_size / 1_000_000
    return [
        (
            f"kb match on a {size:.0f} MB log (MB/s, median)",
            f"{size / ours.median:.1f}",
        ),
        (
            "kb match time / plain line read (median)",
            f"{ours.median / base.median:.1f}",
        ),
    ]


def _write_log(path: Path, megabytes: int) -> None:
    block = "".join(
        f"2026-12-03T10:{i % 60:02d}:00.0000000Z #{i} [build 2/5] RUN make step-{i}\n"
        f"2026-12-03T10:{i % 60:02d}:01.0000000Z #{i} 0.{i % 10}12 compiling module {i}\n"
        for i in range(500)
    )
    with path.open("w", encoding="utf-8") as out:
        while out.tell() < megabytes * 1_000_000:
            out.write(block)
        out.write(
            "ERROR: failed to build: Cache export is not supported for the docker driver.\n"
        )


def sizes(site: Path, count: int) -> list[Row]:
    """Return the search index and page weights of a built site, in SIZE_ROWS order."""
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    worker_gzip = len(gzip.compress(worker.read_bytes()))
    figures: list[str] = []
    per_entry: list[int] = []
    firsts: list[str] = []
    for prefix in ("", "zh/"):
        raw = (site / prefix / "search" / "search_index.json").read_bytes()
        distinct = _distinct_gzip(raw)
        per_entry.append(len(raw) // max(count, 1))
        figures += [f"{len(raw):,}", f"{len(gzip.compress(raw)):,} / {distinct:,}"]
        figures.append(f"{per_entry[-1]:,}")
        firsts.append(f"{distinct + worker_gzip:,}")
    figures.append(f"{per_entry[1] / max(per_entry[0], 1):.2f}")
    figures += firsts
    figures.append(f"{_page_weight(site):,}")
    return list(zip(SIZE_ROWS, figures, strict=True))


def _distinct_gzip(raw: bytes) -> int:
    """Return the gzip size of an index if its copies of an entry were all different.

    Synthetic entries repeat the same text, which gzip removes across copies: the
    index of each group of copies (each shipped entry once) is compressed on its own,
    and the sizes added up, which is what a knowledge base of distinct entries gives.
    """
    index = json.loads(raw)
    groups: dict[str, list[object]] = {}
    for doc in index["docs"]:
        found = _GROUP.search(doc["location"])
        groups.setdefault(found.group(1) if found else "", []).append(doc)
    parts = [index["config"], *groups.values()]
    return sum(len(gzip.compress(json.dumps(part).encode("utf-8"))) for part in parts)


def _page_weight(site: Path) -> int:
    page = next((site / "entries").glob("*/index.html"))
    html = page.read_text(encoding="utf-8")
    total = len(gzip.compress(html.encode("utf-8")))
    for ref in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html):
        asset = (page.parent / ref).resolve()
        if asset.is_file():
            total += len(gzip.compress(asset.read_bytes()))
    return total


def bench_size(count: int, runs: int, work: Path, mode: str) -> list[Row]:
    """Measure one size; `mode` is "build" (everything), "weigh" (one build) or "stages"."""
    project = make_project(work / f"kb-{count}", count)
    if mode == "build":
        rows = build_rows(project, count, runs, work)
    elif mode == "weigh":
        rows = weigh_rows(project, count)
    else:
        rows = [(name, "not built") for name in BUILD_ROWS + SIZE_ROWS + RELOAD_ROWS]
    return rows + stage_rows(project, count, runs)


BUILD_ROWS = (
    "full build, ours, nothing reused (s, min / median)",
    "full build, of it in our plugin (s, median)",
    "full build, our plugin's largest hooks (s, median run)",
    "full build, baseline without plugin (s, min / median)",
    "overhead: ours / baseline (median of side-by-side runs, range)",
    "our plugin's hooks / baseline (median)",
    "full build, entries validated before, pages not (s, min / median)",
    "full build, entries validated before / baseline (median, range)",
    "full build, one-off: nothing stored for later (KB_CACHE=false) (s, min / median)",
    "full build, one-off / baseline (median, range)",
    "rebuild, one entry edited (s, min / median)",
    "rebuild, one entry edited, of it in our plugin (s, median)",
    "rebuild, one entry edited / full build (median)",
    "rebuild, nothing changed (s, min / median)",
    "rebuild, nothing changed, of it in our plugin (s, median)",
    "rebuild, nothing changed / full build (median)",
)
SIZE_ROWS = (
    "search index en (bytes)",
    "search index en, gzip: as built / copies distinct (bytes)",
    "search index en per entry (bytes)",
    "search index zh (bytes)",
    "search index zh, gzip: as built / copies distinct (bytes)",
    "search index zh per entry (bytes)",
    "search index per entry, zh / en",
    "first search download en, gzip, copies distinct (bytes)",
    "first search download zh, gzip, copies distinct (bytes)",
    "entry page weight: HTML, CSS, JS (bytes, gzip)",
)
RELOAD_ROWS = (
    "serve, focused `kb serve`: save to page (s, min / median)",
    "serve, whole site `mkdocs serve`: save to page (s, min / median)",
    "serve, whole site: of it in our plugin (s, median)",
    "serve, whole site: rebuilds per save (most)",
)


class Builds:
    """Timed real builds of one project, with the plugin's share of each."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.timing = Timing()
        self.shares: list[PluginShare] = []

    def run(self, *, cache: bool = True) -> None:
        start = time.perf_counter()
        self.shares.append(mkdocs_build(self.project, cache=cache))
        self.timing.runs.append(time.perf_counter() - start)

    @property
    def ours(self) -> float:
        return statistics.median(share.seconds for share in self.shares)

    def median_hooks(self) -> str:
        """Return the hook breakdown of the run whose time is the median."""
        order = sorted(range(len(self.shares)), key=lambda i: self.timing.runs[i])
        return self.shares[order[len(order) // 2]].hooks or "not logged"


def paired(ours: Builds, base: Builds) -> str:
    """Return the median of the ratios of runs made side by side, then their range.

    Run i of `ours` and run i of the baseline were made minutes apart; the load of a
    shared machine changes less within such a pair than across the whole benchmark.
    """
    ratios = [a / b for a, b in zip(ours.timing.runs, base.timing.runs, strict=True)]
    return f"{statistics.median(ratios):.3f} ({min(ratios):.3f} to {max(ratios):.3f})"


def build_rows(project: Path, count: int, runs: int, work: Path) -> list[Row]:
    """Time real `mkdocs build` runs of `project` and of its baseline, interleaved."""
    mkdocs_build(project)  # checks the snippets once: every later run finds them
    baseline = without_plugin(project, work / f"baseline-{count}")
    full, base, validated = Builds(project), Builds(baseline), Builds(project)
    one_off = Builds(project)
    edited, unchanged = Builds(project), Builds(project)
    for _ in range(runs):
        # Alternated, so that a change in the machine's load hits all alike: the
        # baseline runs right after the one-off build (from nothing, keeping nothing,
        # as in CI) and right before the cold build with the caches on.
        forget(project)
        one_off.run(cache=False)
        base.run()
        forget(project)
        full.run()
        # As after a change of mkdocs.yml: the entries' results stand, pages do not.
        forget(project, pages_only=True)
        validated.run()
    mkdocs_build(project)  # stores everything again, for the rebuilds below
    for number in range(runs):
        edit_one_entry(project, number)
        edited.run()
    for _ in range(runs):
        unchanged.run()
    median = full.timing.median
    figures = [
        full.timing.cell(),
        f"{full.ours:.2f}",
        full.median_hooks(),
        base.timing.cell(),
        paired(full, base),
        f"{full.ours / base.timing.median:.3f}",
        validated.timing.cell(),
        paired(validated, base),
        one_off.timing.cell(),
        paired(one_off, base),
        edited.timing.cell(),
        f"{edited.ours:.2f}",
        f"{edited.timing.median / median:.3f}",
        unchanged.timing.cell(),
        f"{unchanged.ours:.2f}",
        f"{unchanged.timing.median / median:.3f}",
    ]
    rows = list(zip(BUILD_ROWS, figures, strict=True))
    return rows + sizes(project / "site", count) + reload_rows(project, runs)


def weigh_rows(project: Path, count: int) -> list[Row]:
    """Build `project` once, for its size figures and the time of one whole build."""
    once = Builds(project)
    once.run()
    figures = {
        BUILD_ROWS[0]: once.timing.cell(),
        BUILD_ROWS[1]: f"{once.ours:.2f}",
        BUILD_ROWS[2]: once.median_hooks(),
    }
    rows = [(name, figures.get(name, "one build only")) for name in BUILD_ROWS]
    missing = [(name, "one build only") for name in RELOAD_ROWS]
    return rows + sizes(project / "site", count) + missing


def reload_rows(project: Path, edits: int) -> list[Row]:
    """Time saves of one entry under `kb serve` and under `mkdocs serve`."""
    focused = measure_reloads(project, "focused", edits)
    full = measure_reloads(project, "full", edits)
    figures = [
        focused.cell(),
        full.cell(),
        f"{statistics.median(full.ours):.2f}" if full.ours else "not logged",
        str(max(full.rebuilds)),
    ]
    return list(zip(RELOAD_ROWS, figures, strict=True))


def stage_rows(project: Path, count: int, runs: int) -> list[Row]:
    """Time our own stages without MkDocs: validation (cached or not) and generation."""
    with tempfile.TemporaryDirectory(prefix="kb-bench-cache-") as cache:
        validation(project, Path(cache))  # fills the cache
        cold = timed(lambda: validation(project), runs)
        warm = timed(lambda: validation(project, Path(cache)), runs)
    made = timed(lambda: generation(project), runs)
    return [
        ("validation alone, nothing cached (s, min / median)", cold.cell()),
        ("validation alone, nothing cached, per entry (ms, median)", _per(cold, count)),
        ("validation alone, unchanged files cached (s, min / median)", warm.cell()),
        ("page generation, validation cached (s, min / median)", made.cell()),
        (
            "page generation, validation cached, per entry (ms, median)",
            _per(made, count),
        ),
    ]


def _per(timing: Timing, count: int) -> str:
    return f"{1000 * timing.median / max(count, 1):.1f}"


def render_table(results: dict[int, list[tuple[str, str]]]) -> str:
    counts = sorted(results)
    header = "| measurement | " + " | ".join(f"N = {n:,}" for n in counts) + " |"
    lines = [header, "|---|" + "---|" * len(counts)]
    for i, (name, _) in enumerate(results[counts[0]]):
        lines.append(
            f"| {name} | " + " | ".join(results[n][i][1] for n in counts) + " |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and write it to scripts/bench-results.md."""
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument(
        "--build-sizes",
        type=int,
        nargs="*",
        default=[100, 1000],
        help="sizes timed in real builds and servers (default: 100 1000)",
    )
    parser.add_argument(
        "--weigh-sizes",
        type=int,
        nargs="*",
        default=[5000],
        help="sizes built once, for the index and page sizes (default: 5000)",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--snippets", type=int, default=1000)
    parser.add_argument("--log-mb", type=int, default=30)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    started = _machine()
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        results = {
            n: bench_size(n, args.runs, Path(tmp), _mode(n, args)) for n in args.sizes
        }
        extra = snippet_rows(args.snippets, args.runs) + match_rows(
            Path(tmp), args.log_mb, args.runs
        )
    table = (
        render_table(results)
        + "\n\n"
        + render_table({0: extra}).replace("N = 0", "value")
    )
    print(table)
    if args.output:
        report = _report(table, args, started, _machine())
        args.output.write_text(_merged(args.output, report), encoding="utf-8")
    return 0


def _mode(count: int, args: argparse.Namespace) -> str:
    if count in args.build_sizes:
        return "build"
    return "weigh" if count in args.weigh_sizes else "stages"


def _machine() -> str:
    """Return the time, the load average and the core count, for the report."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return f"{when}, load average {load}, {os.cpu_count()} cores"


def _report(table: str, args: argparse.Namespace, started: str, ended: str) -> str:
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n")
    )
    command = " ".join(
        [
            "scripts/bench --sizes",
            *map(str, args.sizes),
            "--build-sizes",
            *map(str, args.build_sizes),
            "--weigh-sizes",
            *map(str, args.weigh_sizes),
            f"--runs {args.runs} --snippets {args.snippets} --log-mb {args.log_mb}",
        ]
    )
    return (
        f"{BEGIN}\n"
        f"Written by `{command}`: started {started}; ended {ended}. Python "
        f"{sys.version.split()[0]}, {versions}. Times are wall-clock seconds; compare "
        "the ratios, which set runs made minutes apart side by side.\n\n"
        f"{table}\n{END}\n"
    )


def _merged(path: Path, report: str) -> str:
    """Return the results file with `report` in place of its generated part.

    What is written around the markers (how to read the figures) is kept.
    """
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        return head + report + ("\n" + after if after else "")
    return "# Benchmark results\n\n" + report


if __name__ == "__main__":
    sys.exit(main())

"""Property: skipping the parser for plain text never changes what the checks find."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.mdcheck import Finding, Link, check_markdown, parsed_check

# Markdown's special characters are over-represented, so most texts mix plain words
# with markup, blank lines, indentation and list markers.
PIECES = st.sampled_from(
    [
        "word",
        "两个字",
        " ",
        "  ",
        "    ",
        "\t",
        "\n",
        "\n\n",
        "-",
        "- ",
        "*",
        "+",
        "_",
        "=",
        "1.",
        "2)",
        "#",
        ">",
        "|",
        "`",
        "`x`",
        "`<b>`",
        "`{: .x}`",
        "`# a`",
        "` `",
        "``",
        "~",
        "[x](entry:a)",
        "[x](entry:a#b)",
        "[x](#a-b)",
        "[](https://example.org/a?b=1&c)",
        "[`y`](entry:b)",
        "[x *y*](https://example.org)",
        "[x](entry:A)",
        "[x](javascript:go)",
        "[x](http://example.org)",
        "[-](#a)",
        "](",
        "](https://example.org)",
        "[<b>](#a)",
        "(entry:a)",
        "[",
        "]",
        "(",
        ")",
        "<b>",
        "<",
        "&lt;",
        "&",
        "\\",
        "!",
        "!!!",
        "{: .x}",
        "{",
        "https://example.org",
        ":",
        "\u00a0",
        "\u200b",
        "\r",
        "\x0c",
    ]
)
TEXTS = st.lists(PIECES, max_size=12).map("".join)


@settings(
    max_examples=6000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(TEXTS)
def test_plain_text_shortcut_agrees_with_the_parser(text: str) -> None:
    assert check_markdown(text) == parsed_check(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_shortcut_agrees_on_any_text(text: str) -> None:
    assert check_markdown(text) == parsed_check(text)


def test_plain_prose_and_lists_take_the_shortcut_and_find_nothing() -> None:
    text = "The builder runs in a container.\n\n- It has its own store.\n- 它有自己的存储。\n"
    assert check_markdown(text) == ([], [])


def test_simple_links_take_the_shortcut_and_are_reported() -> None:
    text = "See [the guide](https://docs.docker.com/build/) and [`this`](entry:a-b#c)."
    assert check_markdown(text) == ([], [Link("a-b", "c")])


def test_a_refused_link_target_is_worded_by_the_parser() -> None:
    assert check_markdown("[go](javascript:run)") == parsed_check(
        "[go](javascript:run)"
    )
    assert check_markdown("[go](javascript:run)")[0] == [
        Finding(
            "link target 'javascript:run' is not allowed; expected an https:// URL, "
            "entry:<slug>, entry:<slug>#<anchor> or #<anchor>"
        )
    ]


def test_markup_inside_code_spans_is_allowed_and_beside_them_found() -> None:
    assert check_markdown("Run `docker buildx ls` to see `<name>`.") == ([], [])
    assert check_markdown("Run `docker buildx ls`\n# Then") == (
        [Finding("headings are not allowed here; the page sets its own headings")],
        [],
    )

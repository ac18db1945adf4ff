"""Dockerfiles through BuildKit's own parser (moby/buildkit's Go parser, via the
`dockerfile` package), plus the instruction names that BuildKit accepts.

The parser itself accepts any word as an instruction; BuildKit rejects unknown ones
one step later, when it turns the parse tree into instructions. We do the same check.
"""

from __future__ import annotations

# The package is a compiled module without type information.
import dockerfile  # type: ignore[import-not-found]

from .findings import Finding

INSTRUCTIONS = frozenset(
    {
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "MAINTAINER",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    }
)


def check(code: str) -> list[Finding]:
    """Return what BuildKit's parser refuses in a Dockerfile."""
    try:
        commands = dockerfile.parse_string(code)
    except dockerfile.GoParseError as err:
        # Known limitation: the Go parser's errors carry no line; goes away when the
        # `dockerfile` package passes BuildKit's positions through.
        return [Finding(1, 1, f"BuildKit cannot parse the Dockerfile: {err}")]
    found = [
        Finding(c.start_line, 1, f'unknown instruction "{c.cmd}" (BuildKit)')
        for c in commands
        if c.cmd.upper() not in INSTRUCTIONS
    ]
    if not any(c.cmd.upper() == "FROM" for c in commands):
        found.append(Finding(1, 1, "a Dockerfile needs a FROM instruction (BuildKit)"))
    return found

"""Check every snippet of the knowledge base with the real linters of its language.

`SnippetChecker(root).check(entries)` returns problems located in the entry files;
see `kinds.py` for what each kind is checked with.
"""

from .checker import SnippetChecker
from .linters import SnippetToolError

__all__ = ["SnippetChecker", "SnippetToolError"]

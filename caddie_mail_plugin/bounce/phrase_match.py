"""Which of an ordered list of phrase rules is the first to occur in a text - in one pass.

Searching the rules one after the other costs one regex scan per rule (two
dozen for a typical "user unknown").  Here all phrases form one trie-shaped
regex inside a lookahead, so one ``finditer`` reports, at every position, the
longest phrase that starts there.  Every phrase that starts at that position
is a prefix of that longest one, so a table of "best rule among the prefixes
of this phrase" gives the exact answer: the lowest-numbered rule that has a
phrase anywhere in the text, as the rule-by-rule search would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

Trie = dict[str, Any]
_END = ""  # key of the "a phrase ends here" mark in a trie node


def _render(node: Trie) -> str:
    """The regex of a trie node: children first (greedy), so the longest phrase wins."""
    branches = [re.escape(char) + _render(child) for char, child in sorted(node.items()) if char != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body


class FirstRuleMatcher:
    """``first(text)``: the index of the first rule with a phrase in ``text``, else None."""

    def __init__(self, rules: Sequence[Iterable[str]]) -> None:
        rule_of: dict[str, int] = {}
        for index, phrases in enumerate(rules):
            for phrase in phrases:
                if phrase:
                    rule_of.setdefault(phrase, index)
        trie: Trie = {}
        for phrase in rule_of:
            node = trie
            for char in phrase:
                node = node.setdefault(char, {})
            node[_END] = True
        self._best = {
            phrase: min(rule for other, rule in rule_of.items() if phrase.startswith(other))
            for phrase in rule_of
        }
        self._pattern = re.compile(f"(?=({_render(trie)}))") if trie else None

    def first(self, text: str) -> int | None:
        """Phrases are matched as given (lower-case them and ``text`` alike for case-insensitivity)."""
        if self._pattern is None:
            return None
        best = self._best
        return min((best[m.group(1)] for m in self._pattern.finditer(text) if m.group(1)), default=None)

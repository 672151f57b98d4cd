"""What a mistyped word was probably meant to be: the one option it is one edit away from
(read as that option, and said so) or the closest option to suggest ("did you mean ...?")."""

from __future__ import annotations

import difflib
from collections.abc import Sequence


def closest(word: str, options: Sequence[str]) -> str | None:
    """The one option ``word`` means, typed in another case or one edit away; None when
    there is no such option or more than one."""
    if word in options:
        return word
    folded = [o for o in options if o.casefold() == word.casefold()]
    if len(folded) == 1:
        return folded[0]
    near = [o for o in options if _one_edit(word.casefold(), o.casefold())]
    return near[0] if len(near) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by changing, adding or removing one character."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def suggest(word: str, options: Sequence[str]) -> str:
    """`` (did you mean "x"?)`` when a close match exists, else ``""``."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""

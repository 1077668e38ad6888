"""Which command a mistyped word meant: `psn post lsit` → list, `psn analytics leaderbord` → leaderboard.

Two strengths. `near()` is strict (edit distance): it decides whether a lone word after `psn post` or
`psn engage` is a typo rather than an idea, so "listen" stays an idea while "lsit" is refused.
`suggest()` is loose (difflib): the word is already known not to be a command, we only pick a hint.
"""

from __future__ import annotations


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment): a swapped pair of letters is one edit, as typed."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            best = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, prev2[j - 2] + 1)
            row.append(best)
        prev2, prev = prev, row
    return prev[-1]


def _allowed_edits(name: str) -> int:
    return 1 if len(name) <= 4 else 2  # two edits turn "list" into "lion"; one is a slip of the finger


def near(word: str, names: list[str]) -> str | None:
    """The command `word` was meant to be, if it is one slip away from exactly one best name."""
    typed = word.lower()
    scored = sorted((edit_distance(typed, name), name) for name in names)
    close = [(d, name) for d, name in scored if d <= _allowed_edits(name)]
    return close[0][1] if close else None


def suggest(word: str, names: list[str]) -> str | None:
    """The likeliest command for a word that is not one (looser than `near`, for the hint only)."""
    import difflib

    return near(word, names) or next(iter(difflib.get_close_matches(word.lower(), names, n=1, cutoff=0.6)), None)


def is_lone_word(arg: str) -> bool:
    """One word as typed: no spaces and not an option. A sentence ("launch day") is always an idea."""
    return bool(arg) and not arg.startswith("-") and not any(c.isspace() for c in arg)

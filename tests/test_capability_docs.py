"""Docs say exactly what the CLI does: each docs/platforms page carries the section written from the
platform's declared capabilities (`make docs`), and the hand-written capability tables there and in
README's platform table never say yes where the platform declares no, or no where it declares yes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.capability_docs import BEGIN, END, ROOT, pages

NO = re.compile(r"^\W*(no|none|n/a|manual)\b", re.IGNORECASE)


def flags(name: str) -> dict[str, bool]:
    """A capability table's row name (lower case) → whether the platform declares it."""
    from psn.platforms.base import ReplyPolicy
    from psn.platforms.registry import get_spec

    caps = get_spec(name).capabilities
    return {"comments": caps.reply != ReplyPolicy.NONE, "replies through the api": caps.reply != ReplyPolicy.NONE,
            "search / discovery": caps.search, "discover (search)": caps.search, "search": caps.search,
            "metrics": caps.metrics, "webhooks": caps.webhooks}


def table_rows(text: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in text.splitlines() if line.lstrip().startswith("|") and not set(line) <= set("|-: ")]


def disagreements(name: str, cells: dict[str, str]) -> list[str]:
    declared = flags(name)
    return [f"{name} {row}: {said!r}" for row, said in cells.items()
            if row in declared and bool(NO.match(said)) == declared[row]]


def test_each_platform_page_has_the_current_generated_section() -> None:
    stale = [str(path.relative_to(ROOT)) for path, text in pages().items()
             if not path.exists() or path.read_text() != text]
    assert not stale, f"run `make docs`: these pages do not say what the capabilities say: {stale}"


@pytest.mark.parametrize("path", sorted((ROOT / "docs" / "platforms").glob("*.md")), ids=lambda p: p.stem)
def test_hand_written_capability_rows_agree_with_the_capabilities(path: Path) -> None:
    text = path.read_text()
    hand = text.split(BEGIN)[0] + (text.split(END, 1)[1] if END in text else "")
    cells = {row[0].lower(): row[1] for row in table_rows(hand) if len(row) >= 2}
    assert not disagreements(path.stem, cells)


def readme_cells() -> dict[str, dict[str, str]]:
    from psn.platforms.registry import all_specs

    text = (ROOT / "README.md").read_text().split("## Platforms", 1)[1].split("\n## ", 1)[0]
    header, *rows = table_rows(text)
    titles = {spec.title.split(" (")[0].lower(): name for name, spec in all_specs().items()}
    out = {}
    for row in rows:
        name = next((n for title, n in titles.items() if row[0].lower().startswith(title)), None)
        if name is not None:
            out[name] = {column.lower(): cell for column, cell in zip(header[1:], row[1:], strict=False)}
    return out


def test_readme_platform_table_agrees_with_the_capabilities() -> None:
    from psn.platforms.registry import all_specs

    cells = readme_cells()
    assert set(cells) == set(all_specs()), "README's platform table lists exactly the registered platforms"
    wrong = {(name, d.split(": ")[0].removeprefix(f"{name} ")) for name, row in cells.items()
             for d in disagreements(name, row)}
    assert not wrong, f"README says otherwise than the capabilities: {sorted(wrong)}"

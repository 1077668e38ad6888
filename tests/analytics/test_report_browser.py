"""The HTML report opened in a real browser: headless Chromium renders it, takes a screenshot
that must show a drawn page (not blank, the charts' colour present), and dumps the DOM it built,
which must hold the sections, axis titles and post links. Skipped, saying why, without Chromium
(Debian: `apt-get install chromium`); `make report-browser` runs only this check.

The screenshot is kept at $REPORT_SCREENSHOT when that is set, to look at by eye."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from tests.analytics.report_home import HOSTILE, build
from tests.analytics.report_page import SECTIONS, ReportPage

WIDTH, HEIGHT = 1280, 2000
SCALE = 0.5
"""The page is laid out at 1280×2000 CSS pixels and captured at half resolution: the pure-Python
PNG decoding below then reads 640×1000 pixels in about a second."""
BAR_BLUE = (0x2F, 0x6F, 0xDF)  # .bar in psn/analytics/report.html.j2


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found is None:
        pytest.skip("Chromium is not installed, so the report is not checked in a browser "
                    "(Debian/Ubuntu: apt-get install chromium)")
    return found


def headless(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
             f"--user-data-dir={profile}"]
    return subprocess.run([browser, *flags, *args], capture_output=True, text=True, timeout=90, check=False)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGBA bytes) of an 8-bit RGBA/RGB PNG, unfiltered with the stdlib only."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        header, idat = (body, idat) if kind == b"IHDR" else (header, idat + body if kind == b"IDAT" else idat)
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), f"unexpected PNG format {depth=} {colour=}"
    return width, height, _unfilter(zlib.decompress(idat), width, height, 4 if colour == 6 else 3)


def _unfilter(raw: bytes, width: int, height: int, bpp: int) -> list[bytes]:
    stride, rows, previous = width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind in (0, 2):  # most rows: add the row above byte by byte, on whole rows at once
            line = bytearray(line if kind == 0 else _add_bytes(bytes(line), bytes(previous)))
            rows.append(bytes(line))
            previous = line
            continue
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = previous[i], previous[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + _predict(kind, left, up, corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return rows


def _add_bytes(a: bytes, b: bytes) -> bytes:
    """a + b per byte, modulo 256, as one big-integer sum (SWAR): no Python loop over pixels."""
    x, y = int.from_bytes(a, "big"), int.from_bytes(b, "big")
    low, high = int.from_bytes(b"\x7f" * len(a), "big"), int.from_bytes(b"\x80" * len(a), "big")
    return (((x & low) + (y & low)) ^ ((x ^ y) & high)).to_bytes(len(a), "big")


def _predict(kind: int, left: int, up: int, corner: int) -> int:
    if kind == 0:
        return 0
    if kind == 1:
        return left
    if kind == 2:
        return up
    if kind == 3:
        return (left + up) // 2
    guess = left + up - corner  # Paeth
    distances = (abs(guess - left), abs(guess - up), abs(guess - corner))
    return (left, up, corner)[distances.index(min(distances))]


@pytest.fixture
def browser() -> str:
    """Asked for before `report`, so a machine without Chromium skips without building anything."""
    return chromium()


@pytest.fixture
def report(cli, tmp_path) -> Path:
    build(cli)
    path = tmp_path / "report.html"
    result = cli("--sandbox", "analytics", "report", "--html", str(path))
    assert result.exit_code == 0, result.stderr
    return path


def test_the_report_renders_in_chromium(browser, report, tmp_path):
    """One report, built once (a week of sandbox analytics takes a while), looked at twice."""
    shows_a_drawn_page(browser, report, tmp_path)
    builds_the_sections_axes_and_links(browser, report, tmp_path)


def shows_a_drawn_page(browser: str, report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    done = headless(browser, tmp_path / "profile", f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}",
                    f"--force-device-scale-factor={SCALE}", report.as_uri())
    assert shot.exists(), done.stderr[-2000:]
    if os.environ.get("REPORT_SCREENSHOT"):
        shutil.copy(shot, os.environ["REPORT_SCREENSHOT"])

    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (WIDTH * SCALE, HEIGHT * SCALE)
    step = 4 if len(rows[0]) == width * 4 else 3
    pixels = [row[x:x + 3] for row in rows[::4] for x in range(0, len(row), step * 4)]
    background = max(set(pixels), key=pixels.count)
    assert sum(p != background for p in pixels) > len(pixels) * 0.05, "the page is (nearly) blank"
    assert len(set(pixels)) > 50, "too few colours: text and charts did not render"
    assert bytes(BAR_BLUE) in set(pixels), "no chart bar was drawn"


def builds_the_sections_axes_and_links(browser: str, report: Path, tmp_path: Path) -> None:
    done = headless(browser, tmp_path / "profile", "--dump-dom", report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    page = ReportPage.parse(done.stdout)
    assert SECTIONS <= set(page.sections)
    assert {"day (UTC)", "score (points)", "followers"} <= set(page.axis_titles)
    assert [href for href, _ in page.links if href.startswith("https://x.com/")], "no post is linked"
    assert HOSTILE in page.text and page.scripts == 0  # the browser saw text, not a script

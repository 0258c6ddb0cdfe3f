"""A real browser reads the pages: headless Chromium (Debian package) against `kg serve`.

Chromium loads an entry page and a person page from the server on a loopback port;
the test reads the DOM Chromium built (``--dump-dom``) and the pixels of its
screenshot: the reading must be a ``<mark>`` at its anchor and must be painted in the
highlight colour.  Screenshots are kept in out/ for a person to look at.  Skipped,
with the reason, only where no Chromium can be found (``.ci/install-browser``
installs it).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from .serve_helpers import Server

ENTRY = "id/entry/e1043-9c7273a2"
HIGHLIGHT = (0xF6, 0xD6, 0x6B)  # --reading in kg/static/style.css


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


pytestmark = pytest.mark.skipif(_chromium() is None, reason=(
    "Chromium is not installed (run .ci/install-browser: Debian packages chromium and "
    "fonts-noto-cjk)"))


@pytest.fixture(scope="module")
def server(built):
    srv = Server(built[0])
    yield srv
    srv.stop()


def _run(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=120, check=False)


def dump_dom(url: str) -> str:
    proc = _run("--dump-dom", url)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def screenshot(url: str, target: Path, size: str = "1100,1400") -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    proc = _run(f"--window-size={size}", f"--screenshot={target}", url)
    assert proc.returncode == 0 and target.is_file(), proc.stderr[-2000:]
    return target


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) bytes of an 8-bit, non-interlaced PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and interlace == 0 and colour in (2, 6)
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r[i:i + 3]) for r in rows for i in range(0, stride, channels)]


def count_colour(path: Path, rgb: tuple[int, int, int], tolerance: int = 6) -> int:
    _, _, pixels = png_pixels(path)
    return sum(1 for p in pixels if all(abs(p[i] - rgb[i]) <= tolerance for i in range(3)))


def test_entry_page_shows_the_reading_highlighted(server, tmp_path):
    url = f"{server.base}/{ENTRY}.html"
    dom = dump_dom(url)
    assert ('<mark id="reading-1" class="reading standing-alternative" '
            'title="續資治通鑑長編: 鄂特結 (for 訛疥) — alternative" data-reading="1">') in dom
    assert '<span class="reading-of"' in dom
    shot = screenshot(url, tmp_path / "entry-e1043-9c7273a2.png")
    # the two readings of the entry text (and their copies in the readings table) are
    # painted in the highlight colour: a few thousand pixels, not none
    assert count_colour(shot, HIGHLIGHT) > 2000


def test_person_page_shows_its_timeline(server, tmp_path):
    url = f"{server.base}/id/person/p0003.html"
    dom = dump_dom(url)
    assert '<ol class="timeline">' in dom
    assert '<a class="y" href="../../year/1043.html">1043</a>' in dom
    assert '<a class="y" href="../../year/1044.html">1044</a>' in dom
    shot = screenshot(url, tmp_path / "person-p0003.png")
    assert count_colour(shot, (0x8A, 0x2B, 0x1D)) > 200  # the accent: year dots and links


def test_simplified_page_renders_in_simplified_characters(server):
    dom = dump_dom(f"{server.base}/{ENTRY}.hans.html")
    assert '<html lang="zh-Hans">' in dom
    assert "团练使" in dom

"""PAGE-11: every implementation's /login looks like every other's.

The browser sessions (`nox -s browser`) leave a screenshot of /login per implementation in
build/screenshots; this compares one implementation's with all the others', once they all
exist (`nox -s looks` runs after every browser session). No server, no browser: only pixels.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from servers import ROOT, Manifest, manifests

SCREENSHOTS = ROOT / "build" / "screenshots"
MAX_DIFFERENT_PIXELS = 0.01  # the share of pixels in which two screenshots may differ


def screenshot(name: str) -> Path:
    path = SCREENSHOTS / f"login-{name}.png"
    if not path.exists():
        pytest.fail(f"no /login screenshot of {name}: run nox -s browser first")
    return path


def different_pixels(first: Path, second: Path) -> float:
    """The share of pixels that differ between two screenshots (1.0 if their sizes differ)."""
    with Image.open(first) as a, Image.open(second) as b:
        if a.size != b.size:
            return 1.0
        difference = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).convert("L")
        changed = sum(difference.point(lambda value: 255 if value else 0).histogram()[1:])
        return changed / (a.size[0] * a.size[1])


@pytest.mark.req("PAGE-11")
def test_login_looks_like_every_other(manifest: Manifest) -> None:
    """/login differs from every other implementation's in under 1% of its pixels."""
    mine = screenshot(manifest.name)
    others = {name: screenshot(name) for name in manifests() if name != manifest.name}
    taken_with = json.loads(mine.with_suffix(".json").read_text())
    for name, path in others.items():
        assert json.loads(path.with_suffix(".json").read_text()) == taken_with, (
            f"{name}'s screenshot was taken in another browser or viewport: run nox -s browser"
        )
    differences = {name: different_pixels(mine, path) for name, path in others.items()}
    assert {n: d for n, d in differences.items() if d >= MAX_DIFFERENT_PIXELS} == {}, differences


@pytest.mark.suite
def test_comparison_can_fail(tmp_path: Path) -> None:
    """Two different images count as different, and an image as the same as itself."""
    white, mixed = tmp_path / "white.png", tmp_path / "mixed.png"
    Image.new("RGB", (10, 10), "white").save(white)
    image = Image.new("RGB", (10, 10), "white")
    image.paste((0, 0, 0), (0, 0, 10, 5))
    image.save(mixed)
    assert different_pixels(white, white) == 0.0
    assert different_pixels(white, mixed) == 0.5

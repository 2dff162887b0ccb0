"""`nox -s site`: the built side-by-side site shows every feature of every implementation.

These checks read the built HTML (build/site, or SITE_DIR); the browser checks that open it in
Chromium are in test_site_browser.py.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tools.regions import spec_region_names

ROOT = Path(__file__).resolve().parents[2]

SITE = Path(os.environ.get("SITE_DIR", ROOT / "build" / "site"))
FEATURES = spec_region_names((ROOT / "shared_spec" / "SPEC.md").read_text(encoding="utf-8"))
IMPLEMENTATIONS = sorted(p.parent.name for p in (ROOT / "frameworks").glob("*/manifest.toml"))


def page(relative: str) -> BeautifulSoup:
    path = SITE / relative
    if not path.exists():
        pytest.fail(f"{path} is missing: build the site first (nox -s site)")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("feature", FEATURES)
def test_feature_page_shows_every_implementation(feature: str) -> None:
    """A feature's page has a column per implementation, each with code linked to its source."""
    html = page(f"features/{feature}.html")
    for name in IMPLEMENTATIONS:
        (column,) = html.select(f"section.impl-{name}")
        links = column.select("p.where a")
        assert links, f"{name} shows no {feature} code"
        assert len(column.select("div.highlight")) == len(links)
        for link in links:
            target, _, anchor = link["href"].partition("#")
            source = (SITE / "features" / target).resolve()
            assert anchor and source.is_file(), link["href"]
            assert f'id="{anchor}"' in source.read_text(encoding="utf-8"), link["href"]
    assert len(html.select("form.chooser input[type=checkbox]")) == len(IMPLEMENTATIONS)


def test_every_page_links_only_to_pages_that_exist() -> None:
    """No broken link inside the site (external links are allowed, none are needed)."""
    pages = sorted(SITE.rglob("*.html"))
    assert len(pages) > len(FEATURES) + len(IMPLEMENTATIONS)
    for path in pages:
        for tag in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(
            "[href], [src]"
        ):
            url = urlsplit(tag.get("href") or tag.get("src"))
            if url.scheme or not url.path:
                continue
            assert (path.parent / url.path).resolve().is_file(), f"{path}: {url.path}"


def test_no_script_and_no_inline_style() -> None:
    """Readable without JavaScript and under `default-src 'self'`: no scripts, no inline CSS."""
    for path in SITE.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script|<style|\sstyle=|\son[a-z]+=", text, re.I), path


def test_overview_has_matrix_and_metrics() -> None:
    """The overview lists every implementation with its metrics and its conformance column."""
    html = page("index.html")
    titles = [th.get_text(strip=True) for th in html.select("table.matrix thead th")[1:]]
    assert len(titles) == len(IMPLEMENTATIONS), "no conformance results: run nox first"
    outcomes = [td.get_text(strip=True) for td in html.select("table.matrix td.outcome")]
    assert outcomes and all("not run" not in o for o in outcomes), "an implementation did not run"
    assert len(html.select("#metrics-heading ~ div tbody tr")) == len(IMPLEMENTATIONS)

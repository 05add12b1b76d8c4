"""The animation and the report open in a real browser (Chromium driven by Playwright),
from disk, offline: the field and the players are on screen, play and the slider move them.
"""

from __future__ import annotations

import io
import os
import shutil

import numpy as np
import pytest

pytest.importorskip("plotly")

import gridtrack
from gridtrack.viz import animate, write_html, write_report
from gridtrack.viz.colors import hex_to_rgb
from gridtrack.viz.field import GRASS

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("GRIDTRACK_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
GAME, PLAY = 2021103108, 54  # LAC (powder blue) vs NE (navy), moving right


def _skip_or_fail(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("playwright is not installed (pip install gridtrack[browser])")
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _skip_or_fail(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900}, offline=True)
    pg = context.new_page()
    yield pg
    context.close()


def pixels(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def share_near(img: np.ndarray, color: str, tol: int = 14) -> float:
    """Fraction of pixels within ``tol`` (per channel) of ``color``."""
    return float((np.abs(img - np.array(hex_to_rgb(color))).max(axis=2) <= tol).mean())


def count_near(img: np.ndarray, color: str, tol: int = 14) -> int:
    return int((np.abs(img - np.array(hex_to_rgb(color))).max(axis=2) <= tol).sum())


def active_step(page, index: int = 0) -> int:
    return page.evaluate(
        "i => document.querySelectorAll('.js-plotly-plot')[i]._fullLayout.sliders[0].active",
        index,
    )


@pytest.fixture(scope="module")
def animation_file(real_data, tmp_path_factory):
    ds = gridtrack.read_tracking(real_data / "bdb2023_sample")
    fig = animate(ds, GAME, PLAY, overlays=["separation"])
    colors = {
        t.name: t.marker.color
        for t in fig.data
        if t.name and ":" in t.name and t.mode and "markers" in t.mode
    }
    out = write_html(fig, tmp_path_factory.mktemp("browser") / "play.html")
    return out, colors, len(fig.frames)


def test_animation_plays_in_chromium(page, animation_file, tmp_path):
    path, colors, n_frames = animation_file
    offense, defense = colors["offense: LAC"], colors["defense: NE"]
    page.goto(path.resolve().as_uri())
    plot = page.locator(".js-plotly-plot")
    plot.wait_for(state="visible", timeout=20_000)
    page.wait_for_timeout(300)
    before_png = plot.screenshot(path=str(tmp_path / "before.png"))
    before = pixels(before_png)
    assert share_near(before, GRASS) > 0.25  # the field
    assert count_near(before, offense) > 150  # offense markers (LAC blue)
    assert count_near(before, defense) > 150  # defense markers (NE navy)

    page.get_by_text("▶ Play").click()
    page.wait_for_timeout(1500)
    page.get_by_text("❚❚ Pause").click()
    after = pixels(plot.screenshot(path=str(tmp_path / "after_play.png")))
    played = active_step(page)
    assert played > 3
    assert (np.abs(after - before).sum(axis=2) > 30).mean() > 0.002  # the picture changed
    assert share_near(after, GRASS) > 0.25 and count_near(after, offense) > 150

    rail = page.locator(".slider-rail-rect").bounding_box()
    page.mouse.click(rail["x"] + rail["width"] * 0.95, rail["y"] + rail["height"] / 2)
    page.wait_for_timeout(500)
    moved = active_step(page)
    assert moved > played and moved >= int(n_frames * 0.85)
    slid = pixels(plot.screenshot(path=str(tmp_path / "after_slider.png")))
    assert (np.abs(slid - after).sum(axis=2) > 30).mean() > 0.002
    label = page.locator(".slider-container text.slider-label").first.text_content()
    assert label.strip() == f"frame {moved + 1}"  # this play's frames are numbered from 1


def test_report_opens_with_sections_and_a_playing_animation(real_data, page, tmp_path):
    lake = tmp_path / "lake"
    gridtrack.ingest(real_data / "bdb2023_sample", lake)
    report = write_report(lake, tmp_path / "report.html", n_plays=1)
    page.goto(report.resolve().as_uri())
    page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=20_000)
    headings = page.locator("h2").all_inner_texts()
    assert headings[:2] == ["What was ingested", "Data quality"]
    assert "Plays" in headings
    plot = page.locator("#plays .js-plotly-plot").first
    plot.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    before = pixels(plot.screenshot(path=str(tmp_path / "report_play.png")))
    assert share_near(before, GRASS) > 0.25
    assert count_near(before, "#241773") > 150  # BAL purple: LV's 31-yard TD comes first
    plot.get_by_text("▶ Play").click()
    page.wait_for_timeout(1200)
    after = pixels(plot.screenshot())
    assert (np.abs(after - before).sum(axis=2) > 30).mean() > 0.002

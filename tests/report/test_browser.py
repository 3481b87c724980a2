"""The report opens in headless Chromium without console errors, and a screenshot is saved.

Uses Debian's ``chromium``; skipped only when it is not installed (CI installs it). The
console check is itself checked on a page that breaks the rules, so it cannot pass vacuously.
Set ``UCJ_SCREENSHOT_DIR`` to keep the screenshots for a human look.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

from ucj_opt.report import write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]

CONSOLE = re.compile(r":CONSOLE|Uncaught|Refused to|violates the following Content Security")


def chromium(page: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE.search(line)]


def test_console_check_catches_a_broken_page(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><p>x</p>"
        "<script>console.error('boom'); notDefined();</script></body></html>",
        encoding="utf-8",
    )
    proc = chromium(page, tmp_path, "--dump-dom")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert console_errors(proc.stderr), "the console check must see a page's errors"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_report_renders_in_chromium_without_console_errors(
    tmp_path: Path, reports: dict[str, str], lang: str
) -> None:
    page = write_report(tmp_path / f"report_{lang}.html", reports[lang])
    shot = tmp_path / f"report_{lang}.png"
    proc = chromium(page, tmp_path, "--dump-dom", f"--screenshot={shot}", "--window-size=1280,2000")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert console_errors(proc.stderr) == []
    # The DOM after parsing: the last section is there and every chart was kept.
    heading = {"en": "Assumptions and sources", "id": "Asumsi dan sumber"}[lang]
    assert f"<h2>{heading}</h2>" in proc.stdout
    assert proc.stdout.count('<img src="data:image/png;base64,') == 10
    pixels = imread(shot)
    assert pixels.shape[:2] == (2000, 1280)
    gray = pixels[..., :3].mean(axis=2)
    # A rendered page: mostly white paper, with real ink (text, rules, the first charts).
    assert 0.5 < float(np.mean(gray > 0.95)) < 0.97
    assert float(np.mean(gray < 0.3)) > 0.01
    keep = os.environ.get("UCJ_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)

"""Headless Chromium for the tests: render an HTML file, return its DOM, a screenshot and the console.

The suite finds Chromium on the PATH (``chromium``, ``chromium-browser``,
``google-chrome``) or at ``$CHROMIUM``; ``.ci/run`` installs Debian's
``chromium`` package when it is missing. Where no browser can be found the
browser tests are skipped with the command that installs one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions", "--no-first-run",
         "--disable-background-networking", "--enable-logging=stderr", "--v=0"]


def chromium() -> str:
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if name and shutil.which(name):
            return str(shutil.which(name))
    pytest.skip("no Chromium found: apt-get install -y chromium (or set $CHROMIUM)")


@dataclass
class Rendered:
    dom: str
    screenshot: np.ndarray  # RGBA floats in [0, 1]
    console: list[str]  # console messages and page errors logged by the browser


def render(page: Path, tmp: Path, width: int = 1200, height: int = 2400) -> Rendered:
    exe = chromium()
    url = page.resolve().as_uri()
    prof = ["--user-data-dir=" + str(tmp / "chromium-profile")]
    dom = subprocess.run([exe, *FLAGS, *prof, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    png = tmp / (page.stem + ".png")
    shot = subprocess.run([exe, *FLAGS, *prof, f"--screenshot={png}", f"--window-size={width},{height}", url],
                          capture_output=True, text=True, timeout=120)
    import matplotlib.image

    logs = (dom.stderr + shot.stderr).splitlines()
    console = [ln for ln in logs if "CONSOLE" in ln or "Uncaught" in ln or "Failed to load resource" in ln]
    return Rendered(dom.stdout, matplotlib.image.imread(png), console)


def coloured_fraction(img: np.ndarray, rgb: tuple[int, int, int], tol: float = 0.12) -> float:
    """Fraction of pixels near the colour ``rgb`` (0-255), blended or not with white at 0.7 opacity."""
    target = np.array(rgb) / 255.0
    blended = 0.7 * target + 0.3
    px = img[..., :3]
    near = (np.abs(px - target).max(axis=-1) < tol) | (np.abs(px - blended).max(axis=-1) < tol)
    return float(near.mean())

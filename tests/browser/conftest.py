"""Browser tests: the real site, built once per session, served on 127.0.0.1 and read by Chromium.

Fixtures other test files reuse:
- `built_site`: Path of the site built from this repository (`mkdocs build --strict`, SCF_NOW fixed),
  once for the whole suite (`real_site` in tests/conftest.py);
- `site_url`: "http://127.0.0.1:PORT/" serving it (one server per pytest-xdist worker);
- `browser`: Debian's Chromium, launched once, driven by Playwright.
Without Chromium (or Java, or `npm ci` for axe-core and vnu-jar) the tests skip, saying why,
except when the CI environment variable is set: then they fail.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_audit import AXE, VNU, serve

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# As DEVELOPERS.md says: no sandbox (containers), and nothing that phones home. Belt and
# braces, tests never reach out: a request to any other origin goes to a proxy that is not
# there (port 9, discard), so it fails on the machine; Chromium never proxies 127.0.0.1. The
# browser does this itself: intercepting every request in the tests cost a third of a load.
# Without RenderDocument a page loaded after another of the same site reuses its renderer
# frame, as Chromium did until 2023: a new one for each load cost a quarter of a plain
# page's load, and the tests load several hundred pages.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--proxy-server=http://127.0.0.1:9", "--disable-features=RenderDocument"]
NOW = "2026-11-23"


def require(ok: bool, reason: str) -> None:
    """Skip when a tool is missing on a developer's machine; in CI a missing tool is a failure."""
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)")
    pytest.skip(reason)


def build_site(root: Path, site_dir: Path, now: str = NOW) -> Path:
    """Build the project at `root` into `site_dir`, as `./dev build` does, with the clock fixed."""
    env = {**os.environ, "SCF_NOW": now, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict",
                             "--site-dir", str(site_dir)], cwd=root, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, f"the site does not build:\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def built_site(real_site: Path) -> Path:
    """The suite's one build of the real site (tests/conftest.py), shared with the other tests."""
    return real_site


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    require(Path(CHROMIUM).exists(), f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_ready() -> None:
    require(AXE.exists(), "axe-core is not installed: run `npm ci --ignore-scripts` (./dev test does)")


@pytest.fixture(scope="session")
def vnu_ready() -> None:
    require(shutil.which("java") is not None, "java is not installed (apt-get install default-jre-headless)")
    require(VNU.exists(), "vnu-jar is not installed: run `npm ci --ignore-scripts` (./dev test does)")

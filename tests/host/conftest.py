"""The host tier: the built site as Cloudflare Pages serves it and as Netlify reads it.

Fixtures:
- `host_tools`: node, strace and the pinned npm packages (skip when missing, fail when CI is set);
- `wordpress_project`: a second site with WordPress's theme unit test data imported (its
  pages too), built once per session: its old addresses, with its pages, feeds and
  redirects, make some 250 promises.
Each module that needs Cloudflare's runtime starts one wrangler (cloudflare.served). The checks in
Chromium are in tests/browser/test_host_browser.py, on the browser tier's one Chromium (a second
Playwright in one process cannot start).
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from site_project import REPO, Project
from wrangler import missing

HERE = Path(__file__).parent
THEME_DATA = REPO / "tests" / "fixtures" / "wordpress" / "themeunittestdata.wordpress.xml"


def _browser_tier():
    """tests/browser/conftest.py, for its `require` (skip, or fail when CI is set)."""
    folder = REPO / "tests" / "browser"
    sys.path.insert(0, str(folder))  # it imports its neighbours
    spec = importlib.util.spec_from_file_location("browser_tier", folder / "conftest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BROWSER_TIER = _browser_tier()
require = BROWSER_TIER.require
PACKAGES = ("wrangler", "workerd", "@netlify/headers-parser", "@netlify/redirect-parser", "netlify-redirector")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "host: the built site served by a host's own runtime or rule engine")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.host)


@pytest.fixture(scope="session")
def host_tools() -> None:
    problems = missing()
    require(not problems, "; ".join(problems))
    for package in PACKAGES:
        require((REPO / "node_modules" / package / "package.json").is_file(),
                f"{package} is not installed: run `npm ci --ignore-scripts` (./dev test does)")


@pytest.fixture(scope="session")
def wordpress_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """WordPress's theme unit test data, posts and pages, imported into a project and built."""
    project = Project(tmp_path_factory.mktemp("wordpress-host") / "project")
    project.config["markdown_extensions"] = yaml.safe_load((REPO / "mkdocs.yml").read_text())["markdown_extensions"]
    project.write("data/wordpress-categories.yml", "categories: {}\nfallback: Campaigning\n")
    result = project.run("scf", "import-wordpress", str(THEME_DATA), "--pages")
    assert result.returncode == 0, result.stderr
    # The export links one page as `https://…//greek/…`, which the build refuses as an
    # address (a `//` means another host to a browser): corrected as its message says.
    for source in (project.root / "docs").rglob("*.md"):
        text = source.read_text(encoding="utf-8")
        if "original_url: https://wpthemetestdata.wordpress.com//" in text:
            source.write_text(text.replace("wordpress.com//", "wordpress.com/"), encoding="utf-8")
    project.build()
    return project

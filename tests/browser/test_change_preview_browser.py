"""The preview banner (SCF_PREVIEW=1) in Chromium: accessible in light and dark colours, and the
skip link still the first Tab stop."""
from __future__ import annotations

import pytest

from site_audit import DESKTOP, axe_findings, serve, skip_link_findings
from site_project import Project


@pytest.fixture(scope="module")
def preview_url(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("preview") / "project")
    project.post("2024-05-01-a", body="Some words about care.\n\n## A heading\n\nMore words.\n")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SCF_PREVIEW", "1")
        site = project.build()
    with serve(site) as url:
        yield url + "2024/05/01/a/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_banner_passes_axe_and_keeps_the_skip_link_first(browser, axe_ready, preview_url, scheme):
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    page.goto(preview_url)
    banner = page.locator(".scf-preview")
    assert banner.is_visible() and "Preview of a proposed change" in banner.inner_text()
    assert axe_findings(page) == []
    page.goto(preview_url)
    assert skip_link_findings(page) == []
    context.close()

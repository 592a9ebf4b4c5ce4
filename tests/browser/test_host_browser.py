"""The host tier's browser checks (tests/host/, MAINTAINING.md "The host tier"), here so that they
share the browser tier's one Chromium: the real site served by Cloudflare's runtime
(`wrangler pages dev`, offline), `/admin/` starts the web editor under its own policy and a
public page's policy refuses a script the theme did not write."""
from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "host"))  # the host tier's helpers
from cloudflare import editor_page  # noqa: E402
from wrangler import WRANGLER, Wrangler, node_version  # noqa: E402

# A script the theme does not write, added to a page after it loaded: the policy must refuse it.
INTRUDER = "const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.head.append(s);"
LISTEN = """window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.effectiveDirective));"""


@pytest.fixture(scope="module")
def wrangler(built_site, tmp_path_factory) -> Iterator[Wrangler]:
    missing = [what for what, ok in (("Node.js 20.3 or newer (npm ci installs one)", node_version() >= (20, 3)),
                                     ("strace", shutil.which("strace") is not None),
                                     ("wrangler (npm ci --ignore-scripts)", WRANGLER.is_file())) if not ok]
    if missing:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"missing for the host tier: {', '.join(missing)}")
    with Wrangler(built_site, tmp_path_factory.mktemp("wrangler")) as running:
        yield running
    assert running.attempts() == []  # nothing left the machine while Chromium used it


def test_the_editor_starts_under_its_own_policy(wrangler, browser):
    with editor_page(browser, wrangler.url) as (page, problems):
        page.get_by_role("button", name=re.compile("Login", re.I)).wait_for(timeout=30_000)  # Decap drew itself
        assert problems == []


def test_a_public_page_refuses_a_script_the_theme_did_not_write(wrangler, browser):
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    try:
        response = page.goto(wrangler.url + "/about/")
        assert response and "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert page.evaluate("window.__violations") == []  # the theme's own scripts run
        page.evaluate(INTRUDER)
        for _ in range(100):  # the report is an event, sent soon after (wait_for_function would need eval)
            if page.evaluate("window.__violations.length"):
                break
            page.wait_for_timeout(20)
        assert set(page.evaluate("window.__violations")) == {"script-src-elem"}
        assert page.evaluate("window.__ran") is None
    finally:
        context.close()

"""The host tier's browser checks (tests/host/, MAINTAINING.md "The host tier"), here so that they
share the browser tier's one Chromium: the real site served by Cloudflare's runtime
(`wrangler pages dev`, offline), `/admin/` starts the web editor under its own policy and each
kind of public page, the policy a header from `_headers`, runs the theme's scripts and refuses
one it did not write (test_csp.py's `check`; its `<meta>` pass is there)."""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_csp import SAMPLE, check, page_paths

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "host"))  # the host tier's helpers
from cloudflare import editor_page  # noqa: E402
from wrangler import Wrangler, missing  # noqa: E402


@pytest.fixture(scope="module")
def wrangler(built_site, tmp_path_factory) -> Iterator[Wrangler]:
    problems = missing()
    if problems:  # as the browser tier's `require`: skip, or fail when CI is set
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"missing for the host tier: {'; '.join(problems)}")
    with Wrangler(built_site, tmp_path_factory.mktemp("wrangler")) as running:
        yield running
    assert running.attempts() == []  # nothing left the machine while Chromium used it


def test_the_editor_starts_under_its_own_policy(wrangler, browser):
    with editor_page(browser, wrangler.url) as (page, problems):
        page.get_by_role("button", name=re.compile("Login", re.I)).wait_for(timeout=30_000)  # Decap drew itself
        assert problems == []


def test_no_violation_with_the_policy_sent_as_a_header(wrangler, browser, built_site):
    # Not 404.html: a host answers a missing address with it under that address's rules, so its
    # policy is its <meta> one (test_csp.py's meta pass; the host tier's "missing" promise).
    paths = [p for p in SAMPLE if p != "404.html" and (built_site / p).exists()]
    posts = [p for p in page_paths(built_site) if re.match(r"\d{4}/\d{2}/\d{2}/", p)]
    assert posts, "the built site has no post to check"
    # Wrangler runs under strace (tests/host/wrangler.py): in a full suite on 2 cores, the home
    # page and its files once took more than Playwright's 30 s to load.
    check(browser, wrangler.url, paths + posts[:1], header=True, timeout_ms=120_000)

"""This repository's site served by Cloudflare Pages' own runtime (`wrangler pages dev`, offline):
every address, redirect and header it promises. (In Chromium: tests/browser/test_host_browser.py.)"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from cloudflare import Served, rules_written, served
from promises import MISSING, OLD_FEEDS
from site_project import REPO
from wrangler import COMPATIBILITY_DATE, runtime_date


@pytest.fixture(scope="module")
def cloudflare(host_tools, real_site, tmp_path_factory) -> Iterator[Served]:
    with served(real_site, REPO, tmp_path_factory.mktemp("wrangler")) as answers:
        yield answers


def test_the_compatibility_date_is_no_newer_than_the_runtime():
    assert COMPATIBILITY_DATE <= runtime_date()


def test_the_table_holds_every_kind_of_promise(cloudflare):
    kinds = {p.kind for p in cloudflare.table.promises}
    assert {"page", "feed", "json", "calendar", "redirect", "admin", "missing", "asset"} <= kinds
    assert len(cloudflare.table.published) > 50 and set(OLD_FEEDS) <= set(cloudflare.answers)


def test_cloudflare_reads_every_rule_as_written(cloudflare, real_site):
    redirects, headers, warnings = cloudflare.wrangler.rules_read()
    assert (redirects, headers) == rules_written(real_site), cloudflare.wrangler.output()
    assert warnings == []


def test_every_promise_is_kept(cloudflare):
    assert cloudflare.problems() == []


def test_a_missing_page_is_the_sites_404(cloudflare, real_site):
    answer = cloudflare.answers[MISSING]
    assert answer.status == 404 and answer.body == (real_site / "404.html").read_bytes()


def test_nothing_left_the_machine(cloudflare):
    """Last in the module: wrangler and workerd tried to reach nothing but 127.0.0.1."""
    assert cloudflare.wrangler.attempts() == []

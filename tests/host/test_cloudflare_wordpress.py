"""A site with WordPress's theme unit test data imported, served by Cloudflare Pages' runtime:
each old address the import kept reaches its post or page, in one step."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from cloudflare import Served, rules_written, served


@pytest.fixture(scope="module")
def cloudflare(host_tools, wordpress_project, tmp_path_factory) -> Iterator[Served]:
    with served(wordpress_project.root / "site", wordpress_project.root, tmp_path_factory.mktemp("wrangler")) as answers:
        yield answers


def test_the_import_kept_old_addresses(cloudflare):
    old = [p for p in cloudflare.table.promises if p.kind == "old"]
    assert len(old) >= 60, len(old)
    assert any(cloudflare.answers[p.path].status == 301 for p in old)  # undated ones are redirected


def test_cloudflare_reads_every_rule_as_written(cloudflare, wordpress_project):
    redirects, headers, warnings = cloudflare.wrangler.rules_read()
    assert (redirects, headers) == rules_written(wordpress_project.root / "site"), cloudflare.wrangler.output()
    assert warnings == []


def test_every_promise_is_kept(cloudflare):
    assert cloudflare.problems() == []


def test_nothing_left_the_machine(cloudflare):
    assert cloudflare.wrangler.attempts() == []

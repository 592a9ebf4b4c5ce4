"""The same built sites as Netlify reads them: its own parsers (no error, no line skipped) and its
own redirects matcher, resolving the same table of promises the Cloudflare tier requests."""
from __future__ import annotations

from pathlib import Path

import pytest

import netlify
from checker import Checker
from cloudflare import rules_written
from promises import Table, table
from site_project import REPO

pytestmark = pytest.mark.build  # its fixture builds the sites by name (tests/tiers.py cannot see it)


def reading(site: Path, promises: Table) -> netlify.Reading:
    found = netlify.read(site, promises.paths)
    targets = sorted({a.location for a in found.answers.values() if a.location} - set(found.answers))
    if targets:
        found.answers.update(netlify.read(site, targets).answers)
    return found


@pytest.fixture(scope="module", params=["repository", "wordpress"])
def site(request, host_tools) -> tuple[Path, Table]:
    if request.param == "repository":
        site = request.getfixturevalue("real_site")
        return site, table(site, REPO)
    project = request.getfixturevalue("wordpress_project")
    return project.root / "site", table(project.root / "site", project.root)


def test_netlify_reads_every_line_without_an_error(site):
    site_dir, promises = site
    found = netlify.read(site_dir, [])
    assert found.errors == [] and found.ignored == []
    redirects, headers = rules_written(site_dir)
    assert len(found.redirects) == redirects and len(found.headers) <= headers  # a path twice is one rule
    assert all(not rule["force"] and rule["status"] == 301 for rule in found.redirects)


def test_every_promise_is_kept_as_netlify_answers(site):
    site_dir, promises = site
    assert Checker(promises, netlify.TRAITS).problems(reading(site_dir, promises).answers) == []

"""The tier fails when a promise is broken: one defect of each kind planted in a copy of the
built site, each found by the checker as Cloudflare's runtime serves the copy and as Netlify
reads it; and wrangler, let phone home once, is caught doing it."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import netlify
from checker import Checker
from cloudflare import Served, served
from promises import table
from site_project import REPO

MOVED, GONE = "/category/campaigning/", "/blog/category/no-such-category/"
STRIPPED = "/about/"  # loses Strict-Transport-Security


def plant(site: Path, copy: Path) -> Path:
    """A copy of `site` (its files hard-linked, the two rule files copied) with three defects."""
    shutil.copytree(site, copy, copy_function=os.link)
    for name in ("_headers", "_redirects"):
        text = (copy / name).read_text(encoding="utf-8")
        (copy / name).unlink()  # never write through the link into the suite's own build
        (copy / name).write_text(text, encoding="utf-8")
    rules = (copy / "_redirects").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith(MOVED + " ") for line in rules)
    (copy / "_redirects").write_text("\n".join(f"{MOVED} {GONE} 301" if line.startswith(MOVED + " ") else line
                                               for line in rules) + "\n", encoding="utf-8")
    lines = (copy / "_headers").read_text(encoding="utf-8").splitlines()
    public = next(line.strip() for line in lines if line.strip().startswith("Content-Security-Policy:")
                  and "wasm-unsafe-eval" in line)
    kept, block = [], ""
    for line in lines:  # the editor's own policy goes, and Cloudflare's removal of the public one
        block = line if line.startswith("/") else block
        if not (block == "/admin/*" and ("Content-Security-Policy" in line)):
            kept.append(line)
    kept += ["/admin/*", f"  {public}", f"{STRIPPED}*", "  ! Strict-Transport-Security"]
    (copy / "_headers").write_text("\n".join(kept) + "\n", encoding="utf-8")
    return copy


@pytest.fixture(scope="module")
def planted(host_tools, real_site, tmp_path_factory) -> Path:
    return plant(real_site, tmp_path_factory.mktemp("planted") / "site")


@pytest.fixture(scope="module")
def cloudflare(planted, tmp_path_factory) -> Iterator[Served]:
    with served(planted, REPO, tmp_path_factory.mktemp("wrangler"), env={"CLOUDFLARE_CF_FETCH_ENABLED": "true"}) as s:
        yield s


@pytest.fixture(scope="module")
def netlify_problems(planted) -> tuple[netlify.Reading, list[str]]:
    promises = table(planted, REPO)
    found = netlify.read(planted, promises.paths + [GONE])
    return found, Checker(promises, netlify.TRAITS).problems(found.answers)


def test_a_redirect_to_a_missing_page_fails(cloudflare, netlify_problems):
    expected = f"{MOVED} (a source in _redirects): redirects to {GONE}, which answers 404, not 200"
    assert expected in cloudflare.problems()
    assert expected in netlify_problems[1]


def test_a_header_missing_on_one_path_fails(cloudflare, netlify_problems):
    problems = cloudflare.problems()
    assert f"{STRIPPED} (listed in sitemap.xml): strict-transport-security is missing (promised on every path)" \
        in problems
    assert not any(p.startswith("/ (") and "strict-transport" in p for p in problems)  # only that path
    # Netlify cannot take a header away: the line is one it skips, and that fails too.
    assert [line["text"] for line in netlify_problems[0].ignored] == ["! Strict-Transport-Security"]


def test_the_editor_under_the_public_policy_fails(cloudflare, netlify_problems):
    for problems in (cloudflare.problems(), netlify_problems[1]):
        assert any(p.startswith("/admin/ (") and "not the editor's own alone" in p for p in problems), problems


def test_a_runtime_that_phones_home_is_caught(cloudflare):
    """Wrangler asks Cloudflare for its request metadata when it may: that is seen."""
    attempts = cloudflare.wrangler.attempts()
    assert any("workers.cloudflare.com" in a or "CONNECT" in a for a in attempts), cloudflare.wrangler.output()


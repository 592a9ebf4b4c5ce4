"""Search over an index made in parts (hooks/scf/outputs/search.py): with a tiny part size the
search page merges every bundle in the browser, from the site itself, under its policy."""
from __future__ import annotations

import re
import shutil

import pytest

from site_audit import DESKTOP, Recorder, foreign_requests, serve
from site_project import REPO, Project
from test_csp import LISTEN

WORD = "quillwort"  # in one post only, which is not in the first part


@pytest.fixture(scope="module")
def parted_url(tmp_path_factory):
    from scf.outputs.search import PART_SIZE_ENV

    project = Project(tmp_path_factory.mktemp("parts") / "project")
    shutil.copytree(REPO / "docs/assets", project.root / "docs/assets", dirs_exist_ok=True)  # search.js, content.css
    project.write("docs/search.md", "---\ntitle: Search\nsummary: Search the site.\ntemplate: search.html\n---\n")
    for day in range(1, 7):
        extra = f" The {WORD} grows here." if day == 2 else ""
        project.post(f"2024-05-0{day}-post-{day}", date=f"2024-05-0{day}", body=f"Garden notes {day}.{extra}\n")
    with pytest.MonkeyPatch.context() as env:
        env.setenv(PART_SIZE_ENV, "2")  # the home and search pages, then the posts (newest first), then easy read
        site = project.build()
    assert re.search(r'data-parts="(\.\./pagefind/part-\d/ ?){2,}"', project.html("search"))
    with serve(site) as url:
        yield url


def _search(browser, url: str, words: str) -> tuple[list[str], str, Recorder, list[str]]:
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(LISTEN)  # the policy's refusals (test_csp.py)
    recorder = Recorder(url)
    recorder.attach(context)
    page = context.new_page()
    recorder.watch(page)
    page.goto(url + "search/?q=" + words)
    page.wait_for_selector("#scf-search-results li a")
    links = [a.get_attribute("href") for a in page.locator("#scf-search-results li a").all()]
    status = page.text_content("#scf-search-status")
    violations = page.evaluate("window.__violations")
    context.close()
    return links, status, recorder, violations


def test_a_word_only_a_later_part_holds_is_found(browser, parted_url):
    links, status, recorder, violations = _search(browser, parted_url, WORD)
    assert links == [parted_url + "2024/05/02/post-2/"] and status.startswith("1 page matches")
    requests, errors = recorder.take()
    assert [r for r in requests if "/pagefind/part-" in r], "no other bundle was merged"
    assert foreign_requests(requests, parted_url) == [] and errors == [] and violations == []


def test_one_search_covers_every_part(browser, parted_url):
    links, status, _, _ = _search(browser, parted_url, "garden notes")
    assert sorted(links) == sorted(f"{parted_url}2024/05/0{day}/post-{day}/" for day in range(1, 7))
    assert status.startswith("6 pages match")

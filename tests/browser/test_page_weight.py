"""Page weight, measured from the browser's own responses, and search that loads only when used."""
from __future__ import annotations

import re

from site_audit import DESKTOP, Recorder, axe_findings, html_pages, page_weight, weight_findings

POST = re.compile(r"^\d{4}/\d\d/\d\d/[^/]+/$")
# Files whose size does not depend on the number of posts: the page itself and theme assets.
FIXED = re.compile(r"^(assets/|$|[^?#]*/$|[^/]*\.html$)")


def newest_post(built_site) -> str:
    posts = [p for p in html_pages(built_site) if POST.match(p)]
    assert posts, "the site has no posts"
    return max(posts)


def test_first_view_of_a_post_is_within_the_budget(browser, site_url, built_site):
    weight = page_weight(browser, site_url + newest_post(built_site))
    assert not weight_findings(weight)
    print(weight.report())


def test_first_view_loads_nothing_that_grows_with_the_number_of_posts(browser, site_url, built_site):
    """No search index, sitemap or feed: only the page and the theme's fixed assets."""
    for path in (newest_post(built_site), "", "blog/", "search/"):
        weight = page_weight(browser, site_url + path)
        growing = [url for url, _, _ in weight.resources if not FIXED.match(url.removeprefix(site_url))]
        assert not growing, f"/{path} loads files that grow with the site: {growing}"


def test_search_fetches_its_index_only_when_used_and_finds_pages(browser, site_url, axe_ready):
    context = browser.new_context(viewport=DESKTOP)
    recorder = Recorder(site_url)
    recorder.attach(context)
    page = context.new_page()
    recorder.watch(page)
    page.goto(site_url + "search/", wait_until="networkidle")
    before, _ = recorder.take()
    assert not [url for url in before if "/pagefind/" in url], "search loaded its index before use"

    page.get_by_label("Words to search for").fill("social care")
    page.keyboard.press("Enter")
    page.wait_for_selector("#scf-search-results li a")
    status = page.text_content("#scf-search-status")
    assert re.match(r"\d+ pages? match", status), status
    first = page.get_attribute("#scf-search-results li a", "href")
    assert first and first.startswith(site_url) and not first.startswith(site_url + "pagefind")
    assert axe_findings(page) == []  # the results, as shown
    after, errors = recorder.take()
    assert [url for url in after if "/pagefind/" in url], "no index chunk was fetched"
    assert not errors
    context.close()

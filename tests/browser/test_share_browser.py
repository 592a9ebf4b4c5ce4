"""Share links and the pledge's Copy button in Chromium (issue #19): nothing is requested from
a service until its link is clicked, and the pledge's words can be copied with or without
JavaScript."""
from __future__ import annotations

from site_audit import Recorder, foreign_requests

PAGES = ["pledge/", "events/manchester-2020/", "2021/02/01/whose-social-care-is-it-anyway/"]


def test_no_request_leaves_the_page_before_a_click(browser, site_url):
    recorder = Recorder(site_url)
    context = browser.new_context()
    recorder.attach(context)
    blocked: list[str] = []

    def stop_foreign(route):  # the test never reaches out: record the click's request, answer it here
        blocked.append(route.request.url)
        route.fulfill(status=204, body="")

    context.route(lambda url: not url.startswith(site_url), stop_foreign)
    page = context.new_page()
    for path in PAGES:
        page.goto(site_url + path, wait_until="load")
        links = page.locator("nav.scf-share a")
        assert links.count() == 6, path
        for index in range(links.count()):  # pointing at or focusing a link loads nothing
            links.nth(index).hover()
            links.nth(index).focus()
        page.wait_for_timeout(200)
        assert foreign_requests(recorder.take()[0], site_url) == [] and blocked == [], path
    page.locator("nav.scf-share a", has_text="Bluesky").click()
    page.wait_for_load_state()
    assert len(blocked) == 1 and blocked[0].startswith("https://bsky.app/intent/compose?text=")
    context.close()


def test_the_pledge_can_be_copied_with_the_button(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + "pledge/", wait_until="load")
    words = page.locator("#scf-pledge-text").input_value()
    assert "#OurSocialCare #socialcarefuture" in words
    page.get_by_role("button", name="Copy the text").click()
    page.locator(".scf-copy-status", has_text="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == words
    context.close()


def test_without_javascript_the_words_are_there_to_select(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "pledge/", wait_until="load")
    assert page.get_by_role("button", name="Copy the text").count() == 0  # no button that cannot work
    box = page.locator("#scf-pledge-text")
    assert box.get_attribute("readonly") is not None and "I pledge." in box.input_value()
    context.close()

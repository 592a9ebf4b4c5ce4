"""The `newsletter:` settings and the sign-up form they put on every page (issue #18).

The browser test (tests/browser/test_newsletter_browser.py) posts the form without
JavaScript; these check the settings' messages, the built HTML and the policy.
"""
from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest

from scf.content.symbols import Catalogue, public_name
from scf.integrations.newsletter import easy_rows
from site_project import Project

BUTTONDOWN = {"provider": "buttondown", "form_action": "https://buttondown.com/api/emails/embed-subscribe/scf"}
UUID = "2c1f4c2e-5d8a-4b7e-9f2a-0c1d2e3f4a5b"


def check(project: Project, newsletter) -> list[str]:
    project.settings["newsletter"] = newsletter
    result = project.run("scf", "check")
    return [line for line in result.stdout.splitlines() if line.startswith("scf.yml")]


def form_action(policy_text: str) -> list[str]:
    """The form-action directive of every policy in the text (a page's <meta> or _headers)."""
    return re.findall(r"form-action ([^;\"\n]*)", policy_text)


def site_with(project: Project, newsletter=None):
    if newsletter is not None:
        project.settings["newsletter"] = newsletter
    project.settings["page_types"] = ["home", "subscribe", "privacy"]
    project.write("docs/subscribe.md", "---\ntitle: Subscribe\nsummary: Follow us.\ntype: subscribe\n"
                  "template: subscribe.html\n---\n\nFeeds.\n")
    project.write("docs/privacy.md", "---\ntitle: Privacy\nsummary: No tracking.\ntype: privacy\n"
                  "template: privacy.html\n---\n\nWe do not track you.\n")
    project.post("2024-05-01-a-post")
    return project.build()


def test_a_good_block_for_each_provider_has_no_problems(project):
    assert check(project, BUTTONDOWN) == []
    assert check(project, {"provider": "mailchimp", "form_action": "https://x.us1.list-manage.com/subscribe/post",
                           "u": "abc123abc123", "id": "def456"}) == []
    assert check(project, {"provider": "listmonk", "form_action": "https://lists.example.org/subscription/form",
                           "processor": "Example Hosting Ltd", "list_uuids": [UUID], "list_ids": [3]}) == []


@pytest.mark.parametrize("block, expected", [
    ({"provider": "buttondwn", "form_action": "https://b.example/x"},
     "newsletter: unknown provider 'buttondwn'. Fix: did you mean 'buttondown'?"),
    ({"provider": "buttondown", "form_action": "http://buttondown.com/x"},
     "'form_action' must be a full https:// address, not 'http://buttondown.com/x'"),
    ({"provider": "buttondown"}, "no 'form_action' is given"),
    ({**BUTTONDOWN, "archve": True}, "unknown newsletter setting 'archve'. Fix: did you mean 'archive'?"),
    ({**BUTTONDOWN, "archive": "yes"}, "'archive' must be true or false, not 'yes'"),
    ({**BUTTONDOWN, "list_uuids": [UUID]}, "'list_uuids' is a listmonk setting, but the provider is buttondown"),
    ({"provider": "mailchimp", "form_action": "https://x.us1.list-manage.com/subscribe/post?u=1&id=2",
      "u": "abc123", "id": "def456"},
     "'form_action' must not have a '?' part"),
    ({"provider": "mailchimp", "form_action": "https://x.us1.list-manage.com/subscribe/post", "u": "abc123"},
     "Mailchimp needs 'id'"),
    ({"provider": "listmonk", "form_action": "https://l.example.org/subscription/form", "processor": "Host",
      "list_uuids": ["not-a-uuid"]}, "'list_uuids' must be a list of list UUIDs"),
    ({"provider": "listmonk", "form_action": "https://l.example.org/subscription/form", "list_uuids": [UUID]},
     "no 'processor' is given"),
    ("buttondown", "the 'newsletter' setting must be a set of 'name: value' lines"),
])
def test_each_mistake_names_scf_yml_its_line_and_the_fix(project, block, expected):
    found = check(project, block)
    assert len(found) == 1, found
    assert re.match(r"^scf\.yml:\d+: ", found[0]) and "Fix:" in found[0], found[0]
    assert expected in found[0], found[0]


def test_the_line_is_the_line_of_the_setting(project):
    project.settings["newsletter"] = {**BUTTONDOWN, "archive": "yes"}
    project.save_config()
    lines = (project.root / "scf.yml").read_text().splitlines()
    expected = next(i for i, line in enumerate(lines, 1) if line.strip().startswith("archive:"))
    assert check(project, {**BUTTONDOWN, "archive": "yes"})[0].startswith(f"scf.yml:{expected}:")


def test_without_a_provider_no_page_has_a_form_and_the_policy_posts_only_here(project):
    site = site_with(project)
    pages = list(site.rglob("*.html"))
    assert pages and not any("<form" in p.read_text() and "scf-signup" in p.read_text() for p in pages)
    assert "Our monthly email" not in (site / "privacy/index.html").read_text()
    headers = (site / "_headers").read_text()
    assert set(form_action(headers)) == {"'self'"}  # the one policy, given to each top-level rule
    assert form_action((site / "index.html").read_text()) == ["'self'"]


def test_with_a_provider_every_page_has_the_form_and_the_policy_allows_that_provider_only(project):
    site = site_with(project, BUTTONDOWN)
    pages = [p for p in site.rglob("*.html") if "<footer" in p.read_text()]
    assert len(pages) > 5
    for page in pages:
        html = page.read_text()
        form = re.search(r'<form class="scf-signup" method="post" action="([^"]+)"', html)
        assert form and form[1] == BUTTONDOWN["form_action"], page
        assert re.search(r'<input id="scf-signup-footer-email" type="email" name="email" required '
                         r'autocomplete="email"', html), page
        assert '<label for="scf-signup-footer-email">' in html
        assert form_action(html) == ["'self' https://buttondown.com"], page  # the <meta> policy
    assert set(form_action((site / "_headers").read_text())) == {"'self' https://buttondown.com"}
    subscribe = (site / "subscribe/index.html").read_text()
    assert 'id="scf-signup-page-email"' in subscribe and 'id="scf-signup-footer-email"' in subscribe


def test_the_words_say_what_how_often_how_to_stop_and_who_processes(project):
    site = site_with(project, BUTTONDOWN)
    html = (site / "index.html").read_text()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    for words in ("Once a month", "what is new", "stop them at any time", "Buttondown sends the emails",
                  "privacy page"):
        assert words in text
    assert 'href="./privacy/"' in html or 'href="/privacy/"' in html or 'href="privacy/"' in html
    privacy = re.sub(r"\s+", " ", (site / "privacy/index.html").read_text())
    assert "Buttondown keeps the list of addresses and sends the emails for us, as our processor" in privacy


def test_easy_read_pages_have_the_easy_read_words(project):
    site = site_with(project, BUTTONDOWN)
    easy = (site / "easy-read/index.html").read_text()
    assert "Get an email once a month" in easy and "Get our monthly email" not in easy
    # A symbol beside each idea, said in words for people who cannot see it, published with the site.
    form = easy[easy.index('<form class="scf-signup"'):easy.index("</form>")]
    pictures = re.findall(r'<div class="scf-row__picture"><img class="scf-row__symbol" src="\.\./([^"]+)" '
                          r'alt="([^"]+)" width="(\d+)" height="(\d+)" loading="lazy"', form)
    assert [(src, alt) for src, alt, _, _ in pictures] == [
        (f"assets/symbols/{public_name(row.symbol)}", escape(row.alt)) for row in easy_rows.ROWS]
    assert all(int(w) > 0 and int(h) > 0 for _, _, w, h in pictures)
    assert all((site / src).read_bytes().startswith(b"<svg") for src, _, _, _ in pictures)
    assert form.count('<div class="scf-row__text"><p>') == 5
    assert "Get our monthly email" in (site / "index.html").read_text()


def test_the_easy_read_rows_name_symbols_the_site_can_publish():
    catalogue = Catalogue.load(Path(__file__).resolve().parents[1])
    assert all(row.symbol in catalogue and catalogue.publishable(row.symbol) for row in easy_rows.ROWS)
    assert easy_rows.symbols() == [row.symbol for row in easy_rows.ROWS]


def test_no_symbols_for_the_form_without_a_newsletter(project):
    site = site_with(project)
    assert "scf-signup" not in (site / "easy-read/index.html").read_text()
    assert not (site / "assets/symbols").exists()


def test_mailchimp_and_listmonk_post_their_hidden_fields_and_hide_the_bot_trap(project):
    site = site_with(project, {"provider": "mailchimp", "form_action": "https://x.us1.list-manage.com/subscribe/post",
                               "u": "abc123abc123", "id": "def456"})
    html = (site / "index.html").read_text()
    assert 'name="EMAIL"' in html
    assert '<input type="hidden" name="u" value="abc123abc123">' in html
    assert '<input type="hidden" name="id" value="def456">' in html
    assert '<div hidden><input type="text" name="b_abc123abc123_def456" value="" tabindex="-1"' in html
    assert form_action(html) == ["'self' https://x.us1.list-manage.com"]


def test_the_archive_has_a_page_per_month_with_news_when_asked(project):
    project.post("2024-03-05-march", date="2024-03-05", title="March *news*", summary="Spring [words].")
    site = site_with(project, {**BUTTONDOWN, "archive": True})
    month = (site / "newsletter/2024-03/index.html").read_text()
    assert "Newsletter: March 2024" in month
    assert '<a href="../../2024/03/05/march/">March *news*</a>' in month  # Markdown in titles stays text
    assert "Spring [words]." in month and 'href="../../subscribe/"' in month
    assert (site / "newsletter/2024-05/index.html").exists()  # the post site_with adds
    assert not (site / "newsletter/2024-04").exists()  # nothing new in April: no page
    index = (site / "newsletter/index.html").read_text()
    assert index.index('href="2024-05/"') < index.index('href="2024-03/"')  # newest first


def test_no_archive_unless_asked(project):
    site = site_with(project, BUTTONDOWN)
    assert not (site / "newsletter").exists()

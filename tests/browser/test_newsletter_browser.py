"""The email sign-up form in Chromium with JavaScript off, posting to a stand-in of the
provider on 127.0.0.1; the pages that carry it checked by axe (light and dark), for reflow
and by the Nu Html Checker; and the monthly email's HTML checked by the Nu Html Checker
(issue #18)."""
from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

from conftest import build_site
from site_audit import COLOUR_RULES, NARROW, VNU_COMMAND, axe_findings, overflow_findings, serve, vnu_findings
from site_project import Project

PROVIDER = "https://provider.invalid"  # replaced in the built pages by the stand-in's address
PAGES = ["", "subscribe/", "privacy/", "easy-read/", "2021/01/04/news/"]
# What HTML email needs and the checker calls obsolete: table sizing attributes for old
# Outlook versions. Only these messages are allowed.
EMAIL_ATTRIBUTES = re.compile(r"The “(width|cellpadding|cellspacing|border|align)” attribute on the “(table|td)” "
                              r"element is obsolete")


class Provider(http.server.BaseHTTPRequestHandler):
    """Records each sign-up it gets, and answers as a provider's thank-you page would."""

    posts: list[dict[str, list[str]]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        type(self).posts.append(urllib.parse.parse_qs(body, keep_blank_values=True))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(b"<!doctype html><title>Thanks</title><p>Thank you for signing up.</p>")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def provider():
    Provider.posts = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", Provider.posts
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def project_root(tmp_path_factory) -> Path:
    project = Project(tmp_path_factory.mktemp("newsletter") / "project")
    project.settings["page_types"] = ["home", "subscribe", "privacy"]
    project.settings["newsletter"] = {"provider": "buttondown", "form_action": PROVIDER + "/subscribe/scf"}
    project.config["nav"] = [{"Home": "index.md"}, {"Subscribe": "subscribe.md"}, {"Privacy": "privacy.md"}]
    project.write("docs/subscribe.md", "---\ntitle: Subscribe\nsummary: Follow us.\ntype: subscribe\n"
                  "template: subscribe.html\n---\n\n# Subscribe\n\nFeeds and email.\n")
    project.write("docs/privacy.md", "---\ntitle: Privacy\nsummary: No tracking.\ntype: privacy\n"
                  "template: privacy.html\n---\n\n# Privacy\n\nWe do not track you.\n")
    project.post("2021-01-04-news", title="News", date="2021-01-04", summary="What we did.")
    project.save_config()
    return project.root


@pytest.fixture(scope="module")
def site(project_root, provider, tmp_path_factory):
    """The built test site, its form posting to the stand-in (the page and its policy both)."""
    built = build_site(project_root, tmp_path_factory.mktemp("built") / "site", now="2021-02-10")
    address, _ = provider
    for page in built.rglob("*.html"):
        page.write_text(page.read_text().replace(PROVIDER, address))
    with serve(built) as url:
        yield built, url


def test_the_form_posts_to_the_provider_without_javascript(browser, site, provider):
    _, url = site
    address, posts = provider
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "subscribe/")
    form = page.locator("form.scf-signup").first
    assert form.get_attribute("action") == address + "/subscribe/scf"
    page.get_by_label("Email address").first.fill("reader@example.net")
    with page.expect_navigation():
        page.locator("form.scf-signup button[type=submit]").first.click()
    assert "Thank you for signing up" in page.content()
    context.close()
    assert posts[-1] == {"email": ["reader@example.net"], "embed": ["1"]}


def test_the_email_address_is_required_before_anything_is_sent(browser, site, provider):
    _, url = site
    _, posts = provider
    before = len(posts)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    page.locator("footer form.scf-signup button[type=submit]").click(no_wait_after=True)
    page.wait_for_timeout(300)  # a post would have navigated by now
    assert page.url == url and len(posts) == before
    field = page.locator("footer input[type=email]")
    assert field.evaluate("e => e.validity.valueMissing") and field.get_attribute("autocomplete") == "email"
    context.close()


def test_the_policy_lets_the_form_post_only_to_the_provider(browser, site, provider):
    """Moved to another address (as an injected form would be), the post is blocked."""
    built, url = site
    address, posts = provider
    before = len(posts)
    html = (built / "index.html").read_text()
    other = address.rsplit(":", 1)[0] + ":9"  # another origin: a port nothing listens on
    (built / "elsewhere.html").write_text(html.replace(f'action="{address}/subscribe/scf"', f'action="{other}/x"'))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "form-action" in m.text else None)
    page.goto(url + "elsewhere.html")
    page.locator("footer input[type=email]").fill("reader@example.net")
    page.locator("footer form.scf-signup button[type=submit]").click(no_wait_after=True)
    page.wait_for_timeout(500)
    assert blocked, "the browser did not report a form-action violation"
    assert len(posts) == before
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_with_the_form_pass_axe_and_reflow(browser, site, axe_ready, scheme):
    _, url = site
    found = []
    context = browser.new_context(color_scheme=scheme, **NARROW)
    page = context.new_page()
    for path in PAGES:
        page.goto(url + path, wait_until="load")
        assert page.locator("form.scf-signup").count() >= 1, path
        findings = axe_findings(page) if scheme == "light" else axe_findings(page, rules=COLOUR_RULES)
        # The form makes the footer tall, over the side menu's box: nothing may show through.
        footer = page.evaluate("() => getComputedStyle(document.querySelector('.md-footer')).backgroundColor")
        if re.search(r"rgba|/ *0?\.\d|, *0?\.\d+\)", footer):
            findings.append(f"the footer is see-through: {footer}")
        found += [f"/{path}: {f}" for f in findings + overflow_findings(page)]
    context.close()
    assert not found, "\n".join(found)


def test_pages_with_the_form_are_valid_html(site, vnu_ready):
    built, _ = site
    files = [built / p / "index.html" for p in PAGES]
    found = vnu_findings(files)
    assert not found, found


def test_the_email_html_is_valid_but_for_the_table_attributes_email_needs(project_root, vnu_ready, tmp_path):
    env = {**os.environ, "SCF_NOW": "2021-02-10T12:00:00+00:00"}
    result = subprocess.run([str(Path(sys.executable).parent / "scf"), "newsletter", "--out", str(tmp_path)],
                            cwd=project_root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # Warnings too (not only errors, as for the site's pages): the email attributes are warnings.
    checked = subprocess.run([*VNU_COMMAND, "--format", "json", str(tmp_path / "2021-01.html")],
                             capture_output=True, text=True)
    messages = [m["message"] for m in json.loads(checked.stderr or checked.stdout)["messages"]]
    assert any(EMAIL_ATTRIBUTES.search(m) for m in messages)  # the filter below is needed, and works
    assert [m for m in messages if not EMAIL_ATTRIBUTES.search(m)] == []

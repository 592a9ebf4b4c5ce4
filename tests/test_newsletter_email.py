"""`scf newsletter`: the month's digest as HTML, text and .eml, sent by SMTP to a real server
on 127.0.0.1 (aiosmtpd) and to a stand-in of listmonk's API (issue #18)."""
from __future__ import annotations

import email
import email.policy
import http.server
import json
import re
import socket
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from site_project import Project

SITE = "https://example.org/"
UUID = "2c1f4c2e-5d8a-4b7e-9f2a-0c1d2e3f4a5b"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63"
                    "f8ffff3f0005fe02fea7d6a4f50000000049454e44ae426082")


def january(project: Project) -> None:
    """Two posts in January 2021 (one with a picture and an easy read version), one in
    February, a page and a case study changed in January, a page changed in March."""
    project.settings["page_types"] = ["home", "case-study"]
    project.write("posts/pic.png", PNG)
    project.post("2021-01-04-first-news", title="First news & views", authors=["ann-author", "bob-writer"],
                 summary="What the network did in the first week.", image="pic.png", date="2021-01-04",
                 image_alt="People around a table")
    project.post("2021-01-20-second", title="Second post", summary="A second summary.", date="2021-01-20",
                 updated="2021-03-02")
    project.post("2021-02-01-later", title="February post", summary="Not in January.", date="2021-02-01")
    project.write("easyread/posts/2021-01-04-first-news.md",
                  "---\ntitle: First news in easy read\nsummary: Easy words.\n---\n\n"
                  "![A group of people](:material-account-group:)\n\nWe met in January.\n")
    project.write("docs/about.md", "---\ntitle: About us\nsummary: Who we are.\nupdated: 2021-01-15\n---\n\nUs.\n")
    project.write("docs/story.md", "---\ntitle: A story\nsummary: A case study.\ntype: case-study\n"
                  "place: Leeds\norganisation: Someone\nthemes: [Homes]\nupdated: 2021-01-28\n---\n\nStory.\n")
    project.write("docs/later.md", "---\ntitle: Later page\nsummary: Changed in March.\nupdated: 2021-03-05\n"
                  "---\n\nLater.\n")


def newsletter(project: Project, *args: str, now: str = "2021-02-10T12:00:00+00:00", env: dict | None = None):
    project.config["site_url"] = SITE
    import os
    old = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        return project.run("scf", "newsletter", *args, now=now)
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs)


def links_of(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


@pytest.fixture
def out(project, tmp_path) -> Path:
    january(project)
    result = newsletter(project, "--month", "2021-01", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    return tmp_path / "out"


def test_the_month_holds_its_new_posts_pages_case_studies_and_easy_read_versions(out):
    text = (out / "2021-01.txt").read_text()
    assert text.index("First news & views") < text.index("Second post")  # in date order
    assert "4 January 2021 · by Ann Author and Bob Writer" in text
    assert "What the network did in the first week." in text
    assert "February post" not in text and "Later page" not in text
    assert "About us" in text and "A story" in text
    assert "EASY READ" in text and "First news in easy read" in text
    assert f"{SITE}easy-read/2021/01/04/first-news/" in text
    html = (out / "2021-01.html").read_text()
    assert f'href="{SITE}2021/01/04/first-news/"' in html and "First news &amp; views" in html


def test_every_link_and_picture_is_absolute_with_alt_text_and_nothing_tracks(out):
    html = (out / "2021-01.html").read_text()
    found = links_of(html)
    assert found.links and all(link.startswith(SITE) for link in found.links), found.links
    assert found.images and all(i["src"].startswith(SITE) and i.get("alt") for i in found.images)
    assert found.images[0]["alt"] == "People around a table"
    assert "utm_" not in html and "<script" not in html.lower()
    assert all(i.get("width") not in ("0", "1") for i in found.images)  # no tracking pixel


def test_styles_are_inlined_and_only_media_rules_stay_in_the_style_block(out):
    html = (out / "2021-01.html").read_text()
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert len(styles) == 1
    rest = styles[0]
    for block in re.findall(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", rest):
        rest = rest.replace(block, "")
    assert rest.strip() == "", rest
    assert "prefers-color-scheme: dark" in styles[0]  # readable in dark mode
    assert '<meta name="color-scheme" content="light dark">' in html
    assert re.search(r'<table class="main"[^>]*width="600"', html)
    assert re.search(r'<h1 style="[^"]*font-size: 28px', html)


def test_same_sources_same_bytes_and_the_default_month_is_the_last_complete_one(project, out, tmp_path):
    again = newsletter(project, "--out", str(tmp_path / "again"), now="2021-02-27T23:00:00+00:00")
    assert again.returncode == 0, again.stderr
    for suffix in (".html", ".txt", ".eml"):
        assert (tmp_path / "again" / f"2021-01{suffix}").read_bytes() == (out / f"2021-01{suffix}").read_bytes()


def test_the_eml_is_a_complete_multipart_alternative_message_under_102_kb(out):
    raw = (out / "2021-01.eml").read_bytes()
    assert len(raw) < 102 * 1024
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == "Test site newsletter: January 2021"
    assert message["Message-ID"] == "<newsletter-2021-01@example.org>"
    assert message["Date"] == "Mon, 01 Feb 2021 09:00:00 +0000"
    plain, html = message.get_payload()
    assert plain.get_content_type() == "text/plain" and "First news & views" in plain.get_content()
    assert html.get_content_type() == "text/html"
    assert html.get_content().replace("\r\n", "\n").strip() == (out / "2021-01.html").read_text().strip()


def test_a_month_that_is_not_a_month_is_refused_in_words(project, tmp_path):
    january(project)
    result = newsletter(project, "--month", "2021-13", "--out", str(tmp_path))
    assert result.returncode == 1 and "'2021-13' is not a month" in result.stderr
    assert "Traceback" not in result.stderr


# -- sending ---------------------------------------------------------------------------------

class Inbox:
    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def test_smtp_sends_the_message_to_a_real_server(project, tmp_path, smtp_server):
    controller, inbox = smtp_server
    january(project)
    result = newsletter(project, "--month", "2021-01", "--out", str(tmp_path),
                        "--send", f"smtp://127.0.0.1:{controller.port}", "--from", "news@example.org",
                        "--to", "reader@example.net")
    assert result.returncode == 0, result.stderr
    assert len(inbox.envelopes) == 1
    envelope = inbox.envelopes[0]
    assert envelope.mail_from == "news@example.org" and envelope.rcpt_tos == ["reader@example.net"]
    assert len(envelope.content) < 102 * 1024
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert "January 2021" in message["Subject"] and message["To"] == "reader@example.net"
    plain, html = message.get_payload()
    assert plain.get_content_type() == "text/plain" and "Second post" in plain.get_content()
    assert html.get_content_type() == "text/html"
    assert all(link.startswith(SITE) for link in links_of(html.get_content()).links)


def test_a_password_is_never_sent_to_a_server_without_starttls(project, tmp_path, smtp_server):
    controller, inbox = smtp_server
    january(project)
    result = newsletter(project, "--month", "2021-01", "--out", str(tmp_path),
                        "--send", f"smtp://editor@127.0.0.1:{controller.port}", "--to", "reader@example.net",
                        env={"SCF_SMTP_PASSWORD": "secret"})
    assert result.returncode == 1 and "offers no STARTTLS" in result.stderr, result.stderr
    assert inbox.envelopes == []


def test_an_empty_month_is_written_but_not_sent(project, tmp_path, smtp_server):
    controller, inbox = smtp_server
    january(project)
    result = newsletter(project, "--month", "2020-06", "--out", str(tmp_path),
                        "--send", f"smtp://127.0.0.1:{controller.port}", "--to", "reader@example.net")
    assert result.returncode == 0 and "nothing was sent" in result.stdout
    assert (tmp_path / "2020-06.eml").exists() and inbox.envelopes == []


class Listmonk(http.server.BaseHTTPRequestHandler):
    """A stand-in of listmonk's API: records each request, answers like listmonk."""

    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.path, dict(self.headers), json.loads(body)))
        answer = json.dumps({"data": {"id": 42, "status": "draft"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def test_listmonk_gets_a_draft_campaign_with_both_parts(project, tmp_path):
    january(project)
    project.settings["newsletter"] = {"provider": "listmonk", "processor": "Example Hosting",
                                      "form_action": "https://lists.example.org/subscription/form",
                                      "list_uuids": [UUID], "list_ids": [3]}
    Listmonk.received = []
    server = http.server.HTTPServer(("127.0.0.1", 0), Listmonk)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = newsletter(project, "--month", "2021-01", "--out", str(tmp_path), "--send", "listmonk",
                            env={"SCF_LISTMONK_URL": f"http://127.0.0.1:{server.server_address[1]}",
                                 "SCF_LISTMONK_USER": "scf-bot", "SCF_LISTMONK_TOKEN": "t0ken"})
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    assert "draft campaign 42" in result.stdout
    [(path, headers, body)] = Listmonk.received
    assert path == "/api/campaigns"
    assert headers["Authorization"] == "Basic c2NmLWJvdDp0MGtlbg=="  # scf-bot:t0ken
    assert body["lists"] == [3] and body["content_type"] == "html" and body["type"] == "regular"
    assert "send_at" not in body  # a draft: a person starts it
    assert body["subject"] == "Test site newsletter: January 2021"
    assert body["body"] == (tmp_path / "2021-01.html").read_text()
    assert body["altbody"] == (tmp_path / "2021-01.txt").read_text()


def test_listmonk_without_credentials_says_which_variables_to_set(project, tmp_path):
    january(project)
    project.settings["newsletter"] = {"provider": "listmonk", "processor": "Example Hosting",
                                      "form_action": "https://lists.example.org/subscription/form",
                                      "list_uuids": [UUID], "list_ids": [3]}
    result = newsletter(project, "--month", "2021-01", "--out", str(tmp_path), "--send", "listmonk",
                        env={"SCF_LISTMONK_USER": "", "SCF_LISTMONK_TOKEN": ""})
    assert result.returncode == 1 and "SCF_LISTMONK_USER" in result.stderr and "Traceback" not in result.stderr

"""Share links, the pledge and publications (issue #19): plain links with no script, image
or frame from any service and no tracking parameters; reports listed with their easy read
summary and download."""
from __future__ import annotations

import re
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

from scf.pages import share
from site_project import REPO, Project

PLEDGE = "I pledge to ask for equal voices & more. #OurSocialCare #socialcarefuture"
SERVICES = {"mailto:": "Email", "https://wa.me/": "WhatsApp", "https://www.linkedin.com/": "LinkedIn",
            "https://www.facebook.com/": "Facebook", "https://bsky.app/": "Bluesky", "https://x.com/": "X"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    project = Project(tmp_path_factory.mktemp("share") / "project")
    shutil.copytree(REPO / "docs/assets", project.root / "docs/assets", dirs_exist_ok=True)
    project.settings["page_types"] = ["event", "publication", "publications", "pledge"]
    project.post("2024-05-01-our-report", title="Our report is out")
    project.write("easyread/posts/2024-05-01-our-report.md", "---\ntitle: Our report\nsummary: Easy.\n---\n\n"
                  "![A book](:material-book-open-variant:)\nWe wrote a report.\n")
    project.write("docs/pledge.md", f'---\ntitle: The pledge\nsummary: Take it.\ntype: pledge\npledge: "{PLEDGE}"\n---\n\nShare it.\n')
    project.write("docs/events/meeting.md", "---\ntitle: A meeting\nsummary: We meet.\ntype: event\nuid: meeting\n"
                  "start: 2024-06-01\nlocation: Leeds\n---\n\nCome.\n")
    project.write("docs/publications/index.md", "---\ntitle: Publications\nsummary: Reports.\ntype: publications\n---\n\n# Publications\n")
    project.write("docs/publications/report.md", "---\ntitle: The report\nsummary: What we found.\ntype: publication\n"
                  "published: 2024-05-01\npost: posts/2024-05-01-our-report.md\nfile: report.pdf\n---\n\n# The report\n")
    project.write("docs/publications/report.pdf", b"%PDF-1.4\n")
    project.build()
    return project


def share_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="scf-share".*?</nav>', html, re.S)
    assert nav, "no share links"
    assert "<script" not in nav[0] and "<img" not in nav[0] and "<iframe" not in nav[0]
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', nav[0])]


@pytest.mark.parametrize("url", ["2024/05/01/our-report", "events/meeting", "pledge"])
def test_posts_events_and_the_pledge_have_plain_share_links(built, url):
    html = built.html(url)
    links = share_links(html)
    assert [SERVICES[next(s for s in SERVICES if link.startswith(s))] for link in links] == list(SERVICES.values())
    for link in links:
        query = parse_qs(urlsplit(link).query)
        assert not any(key.startswith(("utm_", "fbclid", "ref")) for key in query), link
        assert any(f"https://example.org/{url}/" in " ".join(values) for values in query.values()), link
    # Nothing from a service is loaded: every src and stylesheet is our own.
    for source in re.findall(r'(?:src|href)="([^"]+)"', re.sub(r'<nav class="scf-share".*?</nav>', "", html, flags=re.S)):
        assert not any(source.startswith(s) for s in SERVICES), source


def test_the_pledge_shares_its_words_and_can_be_copied_without_javascript(built):
    html = built.html("pledge")
    box = re.search(r'<textarea id="scf-pledge-text" readonly[^>]*>(.*?)</textarea>', html, re.S)
    assert box and box[1] == PLEDGE.replace("&", "&amp;")
    assert '<label for="scf-pledge-text">' in html
    whatsapp = next(link for link in share_links(html) if link.startswith("https://wa.me/"))
    assert parse_qs(urlsplit(whatsapp).query)["text"] == [f"{PLEDGE} https://example.org/pledge/"]
    assert re.search(r'<script src="[./]*assets/javascripts/copy.js" defer></script>', html)
    assert "<button" not in box[0]  # the Copy button is added by copy.js only where it works


def test_no_share_links_without_the_sites_address():
    assert share.for_document(None, "https://example.org/") == []
    assert share.links("https://example.org/a/", "A & B", "x y")[0][1] == (
        "mailto:?subject=A%20%26%20B&body=x%20y%0A%0Ahttps%3A%2F%2Fexample.org%2Fa%2F")


def test_publications_list_the_report_its_easy_read_summary_and_its_download(built):
    listing = built.html("publications")
    assert "The report" in listing and 'datetime="2024-05-01"' in listing
    assert 'href="../easy-read/2024/05/01/our-report/">Easy read summary' in listing
    assert 'href="report.pdf" download' in listing
    assert (built.root / "site/publications/report.pdf").exists()
    page = built.html("publications/report")
    assert 'href="../report.pdf" download' in page and "Blog post: Our report is out" in page


def test_publication_and_pledge_mistakes_name_the_line(tmp_path):
    from test_validation import problems

    project = Project(tmp_path / "project")
    project.settings["page_types"] = ["publication", "pledge"]
    project.write("docs/report.md", "---\ntitle: R\nsummary: S.\ntype: publication\nfile: nope.pdf\npost: report.md\n---\n")
    project.write("docs/pledge.md", "---\ntitle: P\nsummary: S.\ntype: pledge\n---\n")
    found = problems(project)
    for start in ("docs/pledge.md:1: the required field 'pledge' is missing",
                  "docs/report.md:1: the required field 'published' is missing",
                  "docs/report.md:5: the file 'nope.pdf' is not in docs/", "docs/report.md:6: 'post' must name a post file"):
        assert any(f.startswith(start) and "Fix:" in f for f in found), (start, found)

"""The web editor at /admin/, used as an editor would: Decap CMS in Chromium, saving through
its real local backend (decap-server, in git mode for the editorial workflow) into a
temporary git copy of this project; then the model, `scf check` and a strict build read
what it wrote. Screenshots for CONTRIBUTING.md's "Edit in the browser" go to SCF_SCREENSHOTS
when it is set.
"""
from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Iterator

import pytest
import yaml
from playwright.sync_api import expect

from build_server import run_tool
from conftest import REPO, require
from site_audit import serve

SERVER = REPO / "node_modules/decap-server/dist/index.js"
BUNDLE = REPO / "node_modules/decap-cms/dist/decap-cms.js"
NOW = "2026-11-23"
WAIT = 90_000  # ms: generous, the machine is shared; every wait is on something visible
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """A command in `cwd`; `mkdocs` and `scf` through the tests' build server (tests/build_server.py)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SCF_NOW": NOW, **env}
    if args[0] in ("mkdocs", "scf"):
        return run_tool(args, cwd, env)
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Editor:
    """A git copy of the project, its local backend, and the site built from it, served."""

    def __init__(self, root: Path, port: int):
        self.root, self.backend = root, f"http://127.0.0.1:{port}/api/v1"
        self.site = root.parent / "site"

    def build(self) -> Path:
        """A strict build of the project as the editor left it (branch main)."""
        result = run(["mkdocs", "build", "--strict", "--site-dir", str(self.site)], self.root,
                     SCF_EDITOR_LOCAL_BACKEND=self.backend)
        assert result.returncode == 0, result.stderr
        return self.site

    def check(self) -> None:
        """`scf check` finds nothing wrong in what the editor wrote."""
        result = run(["scf", "check"], self.root)
        assert result.returncode == 0, result.stdout + result.stderr

    def file(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def committed(self) -> None:
        """Everything the editor published is committed on main, and nothing else changed."""
        status = run(["git", "status", "--porcelain"], self.root).stdout
        assert status == "", status
        assert run(["git", "branch", "--show-current"], self.root).stdout.strip() == "main"


def copy_project(target: Path) -> None:
    files = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO).stdout
    for rel in filter(None, files.split("\0")):
        if (REPO / rel).is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, target / rel)
    (target / "node_modules").symlink_to(REPO / "node_modules")  # the build copies the editor from it
    assert run(["git", "init", "-q", "-b", "main"], target).returncode == 0
    (target / ".git/info/exclude").write_text("/node_modules\n")
    for args in (["git", "add", "-A"], [*GIT, "commit", "-qm", "Start"]):
        assert run(args, target).returncode == 0


@pytest.fixture(scope="module")
def editor(tmp_path_factory) -> Iterator[Editor]:
    require(shutil.which("node") is not None, "node is not installed (apt-get install nodejs npm)")
    require(SERVER.exists() and BUNDLE.exists(),
            "decap-cms and decap-server are not installed: run `npm ci --ignore-scripts` (./dev test does)")
    root = tmp_path_factory.mktemp("editor") / "project"
    root.mkdir()
    copy_project(root)
    port = free_port()
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "git",
           "GIT_REPO_DIRECTORY": str(root), "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    server = subprocess.Popen(["node", str(SERVER)], cwd=root, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = server.stdout.readline()  # it says it is listening, or why it is not
        assert "listening on 127.0.0.1" in line, line + server.stdout.read()
        yield Editor(root, port)
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def admin(editor, browser) -> Iterator:
    """The editor's page, signed in to the local backend, in London time and English (UK)."""
    site = editor.build()
    with serve(site) as url:
        context = browser.new_context(timezone_id="Europe/London", locale="en-GB",
                                      viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(WAIT)
        page.on("dialog", lambda dialog: dialog.accept())  # "Are you sure you want to publish?"
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                else problems.append(f"request to another origin: {r.url}"))
        page.goto(url + "admin/")
        page.get_by_role("button", name="Login").click()
        page.get_by_test_id("posts").wait_for()
        page.url_base = url + "admin/"
        page.problems = problems
        yield page
        context.close()
    assert not problems, problems


def shot(page, name: str) -> None:
    folder = os.environ.get("SCF_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"editor-{name}.png"), animations="disabled")


def open_entry(page, route: str) -> None:
    """A fresh page for each entry (the sign-in is kept): the last entry's form never answers."""
    page.goto(page.url_base + "#/" + route)
    page.reload()
    page.get_by_role("button", name="Save").wait_for()


def create(page, collection: str, singular: str) -> None:
    """CONTRIBUTING.md's way to a new entry: the collection on the left, then its ＋ button."""
    page.goto(page.url_base + "#/")
    page.reload()
    page.get_by_role("link", name=collection, exact=True).click()
    page.get_by_role("link", name=f"Create entry of type {singular}").click()  # "＋ Blog post"
    page.get_by_role("button", name="Save").wait_for()


def save_and_publish(page, shots: bool = False) -> None:
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Changes saved").wait_for()
    page.get_by_role("button", name="Status: Draft").click()
    if shots:
        shot(page, "status")
    page.get_by_role("menuitem", name="Ready").click()
    page.get_by_text("Entry status updated").wait_for()
    page.get_by_role("button", name="Publish", exact=True).click()
    if shots:
        shot(page, "publish")
    page.get_by_role("menuitem", name="Publish now").click()
    page.get_by_text("Entry published").wait_for()


def choose(page, field: str, text: str) -> None:
    page.locator(f"[id^={field}-field]").fill(text)
    page.keyboard.press("Enter")


def write_markdown(page, text: str) -> None:
    """Type `text` into the Text box in its Markdown mode, to type it exactly (CONTRIBUTING.md:
    "switch the toolbar to Markdown"); the editor remembers the mode from one entry to the next."""
    switch = page.locator("[role=switch]").last
    if switch.get_attribute("aria-checked") != "true":
        switch.click()
    expect(switch).to_have_attribute("aria-checked", "true")
    page.locator("[data-slate-editor=true]").last.click()
    page.keyboard.type(text)


def new_post(page, title: str, date: str) -> None:
    """Open a new post and fill what every post needs but its summary and text."""
    open_entry(page, "collections/posts/new")
    page.locator("[id^=title-field]").fill(title)
    page.locator("[id^=date-field]").fill(date)
    choose(page, "authors", "Neil Crowther")
    choose(page, "categories", "Campaigning")


def test_a_new_post_is_published_as_the_model_reads_it(editor, admin):
    # The first day of summer time (clocks went forward on the 28th): its London midnight is
    # 23:00 UTC on the 28th, so a date saved in UTC or a file named by UTC getters says the 28th.
    new_post(admin, "Spring forward", "2021-03-29")
    admin.locator("[id^=summary-field]").fill("A post written in the web editor.")
    write_markdown(admin, "## What we did\n\nWe met and talked. Read [the vision](https://example.org/vision) too.\n")
    save_and_publish(admin)

    editor.committed()
    text = editor.file("posts/2021-03-29-spring-forward.md")
    front, body = text.split("\n---\n", 1)
    assert front.splitlines() == ["---", "title: Spring forward", "date: 2021-03-29", "authors:", "  - neil-crowther",
                                  "categories:", "  - Campaigning", "summary: A post written in the web editor.",
                                  "draft: false"]
    assert "## What we did" in body and "[the vision](https://example.org/vision)" in body
    assert "\r" not in text
    editor.check()
    page = (editor.build() / "2021/03/29/spring-forward/index.html").read_text(encoding="utf-8")
    assert "Spring forward" in page and 'href="https://example.org/vision"' in page


def test_a_new_title_keeps_the_address(editor, admin):
    name = "posts/2021-03-01-making-the-case-for-care-workers.md"
    before = editor.file(name)
    open_entry(admin, "collections/posts/entries/2021-03-01-making-the-case-for-care-workers")
    title = admin.locator("[id^=title-field]")
    expect(title).to_have_value("Making the case for care workers without stigma", timeout=WAIT)
    title.fill("Making the case for care workers, together")
    save_and_publish(admin)

    editor.committed()
    after = editor.file(name)
    assert "title: Making the case for care workers, together" in after
    assert "slug: making-the-case-for-care-workers" in after
    assert after.split("\n---\n", 1)[1] == before.split("\n---\n", 1)[1]  # the text untouched
    assert not [p for p in (editor.root / "posts").glob("*care-workers*") if p.name != Path(name).name]
    page = editor.build() / "2021/03/01/making-the-case-for-care-workers/index.html"
    assert "Making the case for care workers, together" in page.read_text(encoding="utf-8")


def test_a_post_without_a_summary_is_refused(editor, admin):
    new_post(admin, "No summary", "2021-10-31")
    admin.get_by_role("button", name="Save").click()
    admin.get_by_text("missed a required field").wait_for()
    admin.get_by_text("Summary is required").wait_for()  # beside the field, in red
    shot(admin, "refused")
    assert not list((editor.root / "posts").glob("*no-summary*"))
    assert "no-summary" not in run(["git", "branch", "--all"], editor.root).stdout


def test_the_preview_draws_easy_read_rows_with_the_sites_stylesheet(admin):
    open_entry(admin, "collections/easy-read-posts/entries/2020-01-06-join-us-in-manchester")
    # An existing file opens with the original it pairs with chosen (its `original:` line).
    expect(admin.locator("[class*=singleValue]")).to_have_text("2020-01-06-join-us-in-manchester")
    preview = admin.frame_locator("iframe").first
    row = preview.locator(".scf-row").first
    row.locator(".scf-row__picture").wait_for()
    assert row.locator(".scf-row__text").inner_text().strip()
    shot(admin, "easy-read")
    # The site's own stylesheet lays the row out as a grid, picture beside text.
    assert row.evaluate("element => getComputedStyle(element).display") == "grid"


def test_a_signatory_changed_in_the_editor_is_on_the_letter_page(editor, admin):
    before = editor.file("data/signatories.yml")
    open_entry(admin, "collections/data/entries/signatories")
    organisations = admin.locator("[id^=organisation-field]")
    expect(organisations.first).to_have_value("Social Care Future", timeout=WAIT)
    organisations.first.fill("Social Care Future, the movement")
    admin.get_by_role("button", name="Add signatory").click()
    admin.locator("[id^=name-field]").last.fill("Dee Newname")
    organisations.last.fill("A New Group")
    shot(admin, "signatories")
    save_and_publish(admin)

    editor.committed()
    text = editor.file("data/signatories.yml")
    assert "\r" not in text
    assert text.startswith("signatories:\n  - name: ")  # the list under its key, block style
    rows = yaml.safe_load(text)["signatories"]
    old = yaml.safe_load(before)["signatories"]
    assert [list(row) for row in rows] == [["name", "organisation"]] * (len(old) + 1)  # the model's key order
    assert rows == [{**old[0], "organisation": "Social Care Future, the movement"}, *old[1:],
                    {"name": "Dee Newname", "organisation": "A New Group"}]
    editor.check()
    letter = (editor.build() / "csr-letter/index.html").read_text(encoding="utf-8")
    assert '<span class="scf-signatory-name">Anna Severwright</span>, Social Care Future, the movement' in letter
    assert '<span class="scf-signatory-name">Dee Newname</span>, A New Group' in letter


NEW_AUTHOR = {"key": "dee-newauthor", "name": "Dee Newauthor", "role": "Campaigner, #socialcarefuture",
              "bio": "Dee Newauthor campaigns with the network."}


def test_an_author_added_in_the_editor_can_write_a_post_after_the_rebuild(editor, admin):
    """CONTRIBUTING.md, "Add an author": the author in the list, then a post by them."""
    before = yaml.safe_load(editor.file("data/authors.yml"))["authors"]
    open_entry(admin, "collections/data/entries/authors")
    expect(admin.locator("[id^=key-field]").first).to_have_value("neil-crowther", timeout=WAIT)
    admin.get_by_role("button", name="Add author").click()
    for field, value in NEW_AUTHOR.items():
        admin.locator(f"[id^={field}-field]").last.fill(value)
    shot(admin, "author")
    save_and_publish(admin)

    editor.committed()
    text = editor.file("data/authors.yml")
    assert "\r" not in text and text.startswith("authors:\n  - key: neil-crowther\n    name: Neil Crowther\n")
    assert yaml.safe_load(text)["authors"] == [*before, NEW_AUTHOR]  # the model's key order, key first
    editor.check()
    editor.build()

    # After the rebuild a new post offers the new author.
    new_post = "2021-05-10-first-words-from-dee"
    open_entry(admin, "collections/posts/new")
    admin.locator("[id^=title-field]").fill("First words from Dee")
    admin.locator("[id^=date-field]").fill("2021-05-10")
    admin.locator("[id^=authors-field]").fill("Dee New")
    admin.get_by_text("Dee Newauthor", exact=True).wait_for()  # in the list of choices
    admin.keyboard.press("Enter")
    choose(admin, "categories", "Campaigning")
    admin.locator("[id^=summary-field]").fill("Dee's first post.")
    write_markdown(admin, "Hello from Dee.\n")
    save_and_publish(admin)

    editor.committed()
    assert "\nauthors:\n  - dee-newauthor\n" in editor.file(f"posts/{new_post}.md")
    site = editor.build()
    page = (site / "blog/author/dee-newauthor/index.html").read_text(encoding="utf-8")
    assert "Dee Newauthor" in page and "Campaigner, #socialcarefuture" in page and NEW_AUTHOR["bio"] in page
    assert "First words from Dee" in page
    listing = (site / "blog/authors/index.html").read_text(encoding="utf-8")
    assert "author/dee-newauthor/" in listing and "Dee Newauthor" in listing


def png(width: int, height: int) -> bytes:
    """A small valid PNG: a blue band over a yellow one, like a banner."""
    rows = b"".join(b"\0" + (b"\x3f\x51\xb5" if y < height * 2 // 3 else b"\xff\xd5\x4f") * width
                    for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


PICTURE_POST = "2021-04-05-our-banner"


def test_a_post_with_a_picture_is_published_with_it(editor, admin, tmp_path):
    """CONTRIBUTING.md, "Publish a blog post with a picture", step by step."""
    picture = tmp_path / "Our Banner.PNG"  # the editor names the file in lower case with hyphens
    picture.write_bytes(png(320, 180))
    create(admin, "Blog posts", "Blog post")
    admin.locator("[id^=title-field]").fill("Our banner")
    admin.locator("[id^=date-field]").fill("2021-04-05")
    choose(admin, "authors", "Neil Crowther")
    choose(admin, "categories", "Campaigning")
    admin.locator("[id^=summary-field]").fill("We made a banner for our meetings.")
    admin.get_by_role("button", name="Choose an image").click()
    admin.locator("input[type=file]").set_input_files(picture)  # the library's Upload button
    admin.get_by_text("our-banner.png").wait_for()
    shot(admin, "upload")
    admin.get_by_role("button", name="Choose selected").click()
    admin.locator("[id^=image_alt-field]").fill("A blue and yellow banner")
    write_markdown(admin, "We made a banner. It goes with us to every meeting.\n")
    shot(admin, "picture")
    save_and_publish(admin, shots=True)

    editor.committed()
    text = editor.file(f"posts/{PICTURE_POST}.md")
    assert "\nimage: images/our-banner.png\nimage_alt: A blue and yellow banner\n" in text
    assert (editor.root / "posts/images/our-banner.png").read_bytes() == picture.read_bytes()  # beside the post
    editor.check()
    site = editor.build()
    page = (site / "2021/04/05/our-banner/index.html").read_text(encoding="utf-8")
    assert '<img src="../../../../posts/images/our-banner.png" alt="A blue and yellow banner">' in page
    assert (site / "posts/images/our-banner.png").read_bytes() == picture.read_bytes()


def test_its_easy_read_version_is_published_and_paired(editor, admin):
    """CONTRIBUTING.md, "Add the easy read version", for the post above."""
    create(admin, "Easy read posts", "Easy read post")  # the new post is an original after the build
    choose(admin, "original", PICTURE_POST)
    admin.locator("[id^=title-field]").fill("Our banner")
    admin.locator("[id^=summary-field]").fill("We made a banner for our meetings.")
    write_markdown(admin, "![A flag](:material-flag:)\nWe made a banner.\n\n"
                   "![People together](:material-account-group:)\nWe take it to our meetings.\n")
    shot(admin, "easy-read-new")
    save_and_publish(admin)

    editor.committed()
    text = editor.file(f"easyread/posts/{PICTURE_POST}.md")
    assert text.startswith(f"---\noriginal: {PICTURE_POST}\ntitle: Our banner\n")
    editor.check()
    site = editor.build()
    easy = (site / "easy-read/2021/04/05/our-banner/index.html").read_text(encoding="utf-8")
    assert "We take it to our meetings." in easy and "Standard version" in easy
    post = (site / "2021/04/05/our-banner/index.html").read_text(encoding="utf-8")
    assert 'href="../../../../easy-read/2021/04/05/our-banner/" data-scf-keep>Easy read version</a>' in post

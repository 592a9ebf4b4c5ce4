"""The web editor's session for the browser tests: a git copy of this project, its local
backend (decap-server in git mode, for the editorial workflow) on 127.0.0.1, the site built
from it and served, and Chromium signed in at /admin/; with the steps CONTRIBUTING.md tells
editors to take. The tests are in test_editor_browser.py.
"""
from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
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


def shot(page, name: str, height: int = 0) -> None:
    """A screenshot for CONTRIBUTING.md when SCF_SCREENSHOTS names a folder; `height`: only the
    top of the window, to keep the picture small."""
    folder = os.environ.get("SCF_SCREENSHOTS")
    if folder:
        clip = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": height} if height else None
        page.screenshot(path=str(Path(folder) / f"editor-{name}.png"), animations="disabled", clip=clip)


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


def rich_text(page) -> None:
    """The Text box in its Rich Text mode, where the toolbar's + offers "Easy read row"."""
    switch = page.locator("[role=switch]").last
    if switch.get_attribute("aria-checked") == "true":
        switch.click()
    expect(switch).not_to_have_attribute("aria-checked", "true")


def new_post(page, title: str, date: str) -> None:
    """Open a new post and fill what every post needs but its summary and text."""
    open_entry(page, "collections/posts/new")
    page.locator("[id^=title-field]").fill(title)
    page.locator("[id^=date-field]").fill(date)
    choose(page, "authors", "Neil Crowther")
    choose(page, "categories", "Campaigning")


def png(width: int, height: int) -> bytes:
    """A small valid PNG: a blue band over a yellow one, like a banner."""
    rows = b"".join(b"\0" + (b"\x3f\x51\xb5" if y < height * 2 // 3 else b"\xff\xd5\x4f") * width
                    for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")

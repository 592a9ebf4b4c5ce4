"""The web editor's data files, used as an editor would (CONTRIBUTING.md, "Change a list" and
"Add an author"): Decap CMS in Chromium saving through its local backend into a git copy of
this project, then the model, `scf check` and a strict build read what it wrote. The session
is editor_session.py's, as in test_editor_browser.py; these tests are a module of their own so
that CI's shards and pytest-xdist's workers can run them beside the posts' tests (each module
makes its session once).
"""
from __future__ import annotations

import yaml
from playwright.sync_api import expect

from editor_session import WAIT, admin, choose, editor, open_entry, save_and_publish, shot, write_markdown  # noqa: F401


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

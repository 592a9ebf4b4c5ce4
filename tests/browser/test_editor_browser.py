"""The web editor at /admin/, used as an editor would: Decap CMS in Chromium, saving through
its real local backend (decap-server, in git mode for the editorial workflow) into a
temporary git copy of this project; then the model, `scf check` and a strict build read
what it wrote. Screenshots for CONTRIBUTING.md's "Edit in the browser" go to SCF_SCREENSHOTS
when it is set.
"""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from editor_session import (  # noqa: F401
    WAIT,
    admin,
    choose,
    create,
    editor,
    new_post,
    open_entry,
    png,
    rich_text,
    run,
    save_and_publish,
    shot,
    write_markdown,
)


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
    # Every row's picture is drawn, never its description instead: a symbol or file as a
    # loaded picture, a theme icon as the theme's own drawing in the text's colour.
    pictures = preview.locator(".scf-row__picture")
    expect(preview.locator(".scf-row__picture img, .scf-row__picture .scf-row__icon")).to_have_count(pictures.count())
    assert pictures.count() >= 5
    assert pictures.evaluate_all(DRAWN) == []


def test_rows_opened_in_rich_text_are_kept_as_written(editor, admin):
    """Rich Text shows each row as an "Easy read row" (a picture found by word, then its
    sentences) and writes it back as it was: Decap's own Image would cut it in two."""
    name = "easyread/posts/2020-01-06-join-us-in-manchester.md"
    open_entry(admin, "collections/easy-read-posts/entries/2020-01-06-join-us-in-manchester")
    rich_text(admin)
    rows = re.findall(r"^!\[.*\)\n\S", editor.file(name), re.M)  # a picture line, then its sentences
    expect(admin.get_by_placeholder("Type a word to find a symbol")).to_have_count(len(rows))
    write_markdown(admin, "")  # to Markdown: the text Decap would save
    lines = admin.locator("[data-slate-editor=true]").last.inner_text().replace("\ufeff", "").splitlines()
    body = editor.file(name).split("\n---\n", 1)[1]
    assert [line for line in lines if line.strip()] == [line for line in body.splitlines() if line.strip()]


DRAWN = """async pictures => {
  const wrong = [];
  for (const picture of pictures) {
    const img = picture.querySelector("img"), icon = picture.querySelector(".scf-row__icon");
    if (img) {
      await img.decode().catch(() => null);
      if (!img.naturalWidth || !img.alt) wrong.push(img.outerHTML);
    } else {
      const url = getComputedStyle(icon).maskImage.match(/url\\("(.*)"\\)/);
      const answer = url && await fetch(url[1]);
      if (!answer || !answer.ok || !(await answer.text()).startsWith("<svg") || !icon.getAttribute("aria-label")) {
        wrong.push(icon.outerHTML);
      }
    }
  }
  return wrong;
}"""


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
    write_markdown(admin, "![Making something](symbol:make_,_to)\nWe made a banner.\n\n"
                   "![People meeting](symbol:meet_,_to)\nWe take it to our meetings.\n")
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


PICKER_POST = "2019-11-25-all-together-better"


def add_row(page, word: str, name: str, alt: str, text: str) -> None:
    """+ → Easy read row, then its picture found by a word, its description and its sentences."""
    page.get_by_role("button", name="Add Component").click()
    page.get_by_role("menuitem", name="Easy read row").click()
    search = page.get_by_placeholder("Type a word to find a symbol").last
    search.press_sequentially(word)
    page.get_by_text(f"pictures for “{word}”").wait_for()
    match = page.get_by_role("button", name=name, exact=True)
    match.locator("img").evaluate("img => img.decode()")  # the picture itself, loaded
    match.click()
    expect(match).to_have_attribute("aria-pressed", "true")
    page.get_by_label("Picture description").last.fill(alt)
    page.get_by_label("Sentences").last.fill(text)


def test_a_symbol_found_by_a_word_is_a_row_of_the_published_page(editor, admin):
    """CONTRIBUTING.md, "Find a symbol": + → Easy read row, a word, a picture, its sentences."""
    create(admin, "Easy read posts", "Easy read post")
    choose(admin, "original", PICKER_POST)
    admin.locator("[id^=title-field]").fill("All together better")
    admin.locator("[id^=summary-field]").fill("Care is better when we work together.")
    rich_text(admin)
    admin.locator("[data-slate-editor=true]").last.click()  # where the rows go
    add_row(admin, "family", "family", "My family", "We do better when we work together.")
    add_row(admin, "a house", "house", "A home", "Everyone needs a place to live.\nA home of their own.")
    # The first row's picker at the top, below the Text box's toolbar, which stays in view.
    admin.locator(".scf-picker").first.evaluate(
        "e => { e.style.scrollMarginTop = '14rem'; e.scrollIntoView({block: 'start'}); }")
    admin.mouse.move(0, 899)  # no picture under the pointer, so only the chosen one is framed
    shot(admin, "picker", height=720)

    # The preview draws each row with its symbol as a picture, as the page will.
    pictures = admin.frame_locator("iframe").first.locator(".scf-row .scf-row__picture img")
    expect(pictures).to_have_count(2)
    for picture, alt in zip(pictures.all(), ("My family", "A home")):
        expect(picture).to_have_attribute("alt", alt)
        picture.evaluate("img => img.decode()")
        assert picture.evaluate("img => img.naturalWidth") > 0
    save_and_publish(admin)

    editor.committed()
    text = editor.file(f"easyread/posts/{PICKER_POST}.md")
    assert text.split("\n---\n", 1)[1] == ("![My family](symbol:family)\nWe do better when we work together.\n\n"
                                           "![A home](symbol:house)\nEveryone needs a place to live.\n"
                                           "A home of their own.\n"), text
    editor.check()
    site = editor.build()
    page = (site / "easy-read/2019/11/25/all-together-better/index.html").read_text(encoding="utf-8")
    assert 'alt="My family"' in page and "We do better when we work together." in page

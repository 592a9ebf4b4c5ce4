"""`scf import-wordpress`: a realistic WordPress export becomes posts that check and build."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from scf.checks.unsafe_content import unsafe_content
from scf.content.frontmatter import parse
from scf.content.problems import ContentError
from scf.integrations.wordpress import NEW_AUTHOR_BIO, NEW_AUTHOR_ROLE
from wordpress_site import AUTHORS, BIG_NEWS, CAFE, CARE_STORY, EXPORT, PHOTOS, REPO, front, make_site, run


@pytest.fixture
def site(project):
    return make_site(project)


# -- what is written --------------------------------------------------------------------------


def test_one_file_per_published_post(site):
    report = run(site)
    assert sorted(p.relative_to(site.root).as_posix() for p in (site.root / "posts").iterdir()) == [
        CARE_STORY, CAFE, BIG_NEWS, PHOTOS]
    assert sorted(report.written) == sorted([CARE_STORY, CAFE, BIG_NEWS, PHOTOS])


def test_front_matter_fields_and_values(site):
    run(site)
    meta, _ = front(site, CARE_STORY)
    assert list(meta) == ["title", "date", "authors", "categories", "summary", "slug", "original_url", "guid"]
    assert meta["title"] == "Why social care needs a new story"
    assert meta["authors"] == ["ann-author"]  # matched to the existing author by name
    assert meta["categories"] == ["Campaigning", "Research and framing"]  # by name and by slug
    assert meta["summary"] == "We think social care should be described as what it is: support to live a good life."
    assert meta["slug"] == "why-social-care-needs-a-new-story"
    assert meta["original_url"] == "https://socialcarefuture.blog/2019/07/01/why-social-care-needs-a-new-story/"
    assert meta["guid"] == "https://socialcarefuture.blog/?p=101"


def test_dates_are_london_time_from_the_utc_date(site):
    run(site)
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time): the address keeps 1 July.
    assert front(site, CARE_STORY)[0]["date"] == dt.datetime(2019, 7, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    # Winter: London is UTC.
    assert front(site, CAFE)[0]["date"] == dt.datetime(2020, 1, 15, 9, 0, tzinfo=dt.UTC)
    # 01:30 UTC on the morning the clocks go forward is 02:30 BST.
    assert front(site, BIG_NEWS)[0]["date"].isoformat() == "2021-03-28T02:30:00+01:00"


def test_non_ascii_title_and_slug_in_our_form(site):
    report = run(site)
    meta, _ = front(site, CAFE)
    assert meta["title"] == "Zoë’s café conversations: “care” in the community"
    assert meta["slug"] == "zoes-cafe-conversations"
    assert front(site, BIG_NEWS)[0]["slug"] == "big-news-2021"
    assert front(site, BIG_NEWS)[0]["title"] == "Big news: the campaign & the plan"
    # Both addresses changed: the report says so, and original_url keeps the old one for redirects.
    assert report.moved == [
        ("https://socialcarefuture.blog/2020/01/15/zo%c3%abs-caf%c3%a9-conversations/", "/2020/01/15/zoes-cafe-conversations/"),
        ("https://socialcarefuture.blog/2021/03/28/Big_News_2021/", "/2021/03/28/big-news-2021/")]


def test_summary_from_first_sentences_when_there_is_no_excerpt(site):
    run(site)
    assert front(site, CAFE)[0]["summary"] == (
        "Every month we meet in a café to talk about care. People who draw on support lead the conversation.")
    assert front(site, BIG_NEWS)[0]["summary"] == "We have big news to share. Read this carefully."


def test_classic_body_becomes_clean_markdown(site):
    run(site)
    _, body = front(site, CARE_STORY)
    assert body.strip() == """\
For too long, social care has been described as a **burden**. We think it should be described as what it is: support to live a good life.

Social care is about people, not services.<br>
It is about *living*, not just surviving.

[Image: People talking in a circle at a gathering](https://socialcarefuture.blog/wp-content/uploads/2019/06/gathering.jpg)

*Our first gathering in Leeds*

<!-- more -->

## What we are asking for

- A new story about care
- Investment in [community support](https://example.org/community)

> Care is what makes it possible to live the life you want.

Read the [vision](https://socialcarefuture.blog/vision/) for more."""


def test_block_editor_body_loses_block_comments_and_empty_paragraphs(site):
    run(site)
    _, body = front(site, CAFE)
    assert "wp:" not in body and "<!--" not in body and "contact-form" not in body
    assert "\n\n\n" not in body
    assert "### How it works\n\n1. Come along\n2. Have a cup of tea\n3. Share your story" in body
    # Not downloaded (no --image-dir): a link to the picture, which our CSP would block as an image.
    assert "[Image: Tea and cake on a table](https://socialcarefuture.blog/wp-content/uploads/2020/01/cafe.jpg)\n\n*The café in Bradford*" in body
    assert "> I came for the cake and stayed for the conversation." in body
    assert body.rstrip().endswith("See you there.")


def test_shortcodes_known_expanded_unknown_reported(site):
    report = run(site)
    _, body = front(site, PHOTOS)
    # [gallery] shows the attachment with its alt text; [highlight] goes but its text stays.
    assert "[Image: People talking in a circle at a gathering](https://socialcarefuture.blog/wp-content/uploads/2019/06/gathering.jpg)" in body
    assert "Next year we will meet in Manchester." in body and "highlight" not in body
    # [[gallery]] is WordPress's way to write "[gallery]"; "[sic]" in a sentence is text.
    assert "you type \\[gallery\\], and \\[sic\\] stays as it is." in body
    # Links to other imported posts point at their files (which the build turns into the new
    # addresses); a link to something not imported (a page without --pages, a draft) is left.
    assert ("More: [why care needs a new story](2019-07-01-why-social-care-needs-a-new-story.md), "
            "[the café](2020-01-15-zoes-cafe-conversations.md), "
            "[who we are](https://socialcarefuture.blog/about-the-network/#who) and "
            "[a draft](https://socialcarefuture.blog/?p=104).") in body
    assert report.relinked == 2
    assert sorted(report.shortcodes) == sorted([
        (CAFE, "the 'latest-posts' block (WordPress made its content)"),
        (CAFE, "[contact-form-7]"), (PHOTOS, "[highlight]")])


def test_active_content_removed_and_reported(site):
    report = run(site)
    _, body = front(site, BIG_NEWS)
    assert body.strip() == "We have big news to share.\n\nRead this carefully.\n\nThe plan costs £1,000 & more."
    assert unsafe_content(BIG_NEWS, body) == []
    assert sorted(what for f, what in report.dropped if f == BIG_NEWS) == sorted([
        "<script>", "<iframe>", "<style>", "the onclick attribute of <p>", "a 'javascript:' link"])


def test_report_counts(site):
    report = run(site)
    assert dict(report.skipped) == {
        "draft posts": 1, "private posts": 1, "attachments (media files)": 1, "revisions": 1,
        "menu items": 1, "pages (use --pages to import them into docs/)": 1, "password-protected posts": 1}
    assert report.comments == {"approved (use --comments to keep them as an archive under each post)": 2,
                               "unapproved, spam or binned (not kept)": 1}
    assert report.unknown_categories == {"Local Stuff": 1}
    assert report.fallback == [f"{PHOTOS} -> Campaigning"]
    assert [(f, src) for f, src, _ in report.images] == [
        (CARE_STORY, "https://socialcarefuture.blog/wp-content/uploads/2019/06/gathering-600x400.jpg"),
        (CARE_STORY, "https://socialcarefuture.blog/wp-content/uploads/2019/06/gathering.jpg"),
        (CAFE, "https://socialcarefuture.blog/wp-content/uploads/2020/01/cafe.jpg"),
        (PHOTOS, "https://socialcarefuture.blog/wp-content/uploads/2019/06/gathering.jpg")]
    text = report.text()
    assert "draft posts: 1" in text and "Local Stuff (1 post)" in text and "Comments:\n  approved" in text
    assert "[contact-form-7]" in text and "<script>" in text and "gathering-600x400.jpg (still on the old site" in text


def test_missing_authors_are_appended_keeping_the_file(site):
    report = run(site)
    text = (site.root / "data/authors.yml").read_text(encoding="utf-8")
    assert text.startswith(AUTHORS)  # the comment and the existing entry are untouched
    assert text[len(AUTHORS):] == (  # the list's own indentation, as the web editor writes it
        "\n  # Added by 'scf import-wordpress': complete each role and bio.\n"
        f"  - key: zoe-martin\n    name: Zoë Martín\n    role: {NEW_AUTHOR_ROLE}\n    bio: '{NEW_AUTHOR_BIO}'\n"
        f"  - key: bob-writer\n    name: Bob Writer\n    role: {NEW_AUTHOR_ROLE}\n    bio: '{NEW_AUTHOR_BIO}'\n")
    authors = yaml.safe_load(text)["authors"]
    assert [a["key"] for a in authors] == ["ann-author", "zoe-martin", "bob-writer"]
    assert report.authors_created == ["zoe-martin (Zoë Martín)", "bob-writer (Bob Writer)"]
    assert front(site, CAFE)[0]["authors"] == ["zoe-martin"]


@pytest.mark.parametrize("existing", ["", "# Only a comment so far.\n", AUTHORS.replace("\n  ", "\n")])
def test_new_authors_join_the_list_however_it_is_indented(site, existing):
    site.write("data/authors.yml", existing)
    run(site)
    assert site.run("scf", "check").returncode == 0
    authors = yaml.safe_load((site.root / "data/authors.yml").read_text(encoding="utf-8"))["authors"]
    assert [a["key"] for a in authors][-2:] == ["zoe-martin", "bob-writer"]


def test_authors_in_the_shape_from_before_the_web_editor_are_not_appended_to(site):
    old = "ann-author:\n  name: Ann Author\n  role: Writer\n  bio: Ann writes about care.\n"
    site.write("data/authors.yml", old)
    with pytest.raises(ContentError, match="the authors file is not a list of authors under 'authors:'"):
        run(site)
    assert (site.root / "data/authors.yml").read_text(encoding="utf-8") == old


def mini_export(folder: Path, posts: list[dict]) -> Path:
    """A small WXR 1.1 export of published posts: name, date (site-local), date_gmt, content."""
    items = "".join(f"""<item><title>Café {n}</title><link>https://old.example/{p['date'][:10].replace('-', '/')}/{p['name']}/</link>
        <dc:creator>ann</dc:creator><guid isPermaLink="false">https://old.example/?p={n}</guid>
        <content:encoded><![CDATA[{p.get('content', f'<p>Text {n}.</p>')}]]></content:encoded><wp:post_id>{n}</wp:post_id>
        <wp:post_date>{p['date']}</wp:post_date><wp:post_date_gmt>{p['gmt']}</wp:post_date_gmt>
        <wp:post_name>{p['name']}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
        <category domain="category" nicename="news">News</category></item>"""
                    for n, p in enumerate(posts, start=1))
    export = folder / "mini.xml"
    export.write_text(f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
        xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
        xmlns:wp="http://wordpress.org/export/1.1/"><channel><wp:wxr_version>1.1</wp:wxr_version>
        {items}</channel></rss>""", encoding="utf-8")
    return export


def test_slugs_that_meet_on_the_same_day_are_made_unique(site, tmp_path):
    noon = {"date": "2020-05-01 12:00:00", "gmt": "2020-05-01 11:00:00"}
    export = mini_export(tmp_path, [{"name": "caf%c3%a9", **noon}, {"name": "cafe", **noon}])
    report = run(site, export)
    assert sorted(report.written) == ["posts/2020-05-01-cafe-2.md", "posts/2020-05-01-cafe.md"]
    assert front(site, "posts/2020-05-01-cafe-2.md")[0]["guid"] == "https://old.example/?p=2"
    assert run(site, export).written == []  # found again by guid
    assert site.run("scf", "check").returncode == 0


def test_the_permalink_keeps_its_day_when_the_old_site_was_not_on_london_time(site, tmp_path):
    export = mini_export(tmp_path, [
        # A blog set to UTC: 23:30 on 1 July there is 00:30 on 2 July in London, but the
        # old address says 1 July, so the post stays on that day (at the old site's time).
        {"name": "late", "date": "2019-07-01 23:30:00", "gmt": "2019-07-01 23:30:00"},
        # No UTC date (an old import into WordPress): the local date is taken as London time.
        {"name": "no-gmt", "date": "2019-12-01 10:00:00", "gmt": "0000-00-00 00:00:00"}])
    report = run(site, export)
    assert front(site, "posts/2019-07-01-late.md")[0]["date"].isoformat() == "2019-07-01T23:30:00+01:00"
    assert front(site, "posts/2019-12-01-no-gmt.md")[0]["date"].isoformat() == "2019-12-01T10:00:00+00:00"
    assert report.moved == []


def _import_one(site, tmp_path, name: str, content: str):
    export = mini_export(tmp_path, [{"name": name, "date": "2020-05-01 12:00:00",
                                     "gmt": "2020-05-01 11:00:00", "content": content}])
    report = run(site, export)
    return report, front(site, f"posts/2020-05-01-{name}.md")[1]


def test_code_in_a_list_item_stays_code(site, tmp_path):
    # The content check reads what Markdown renders, so a code sample in a list item is code
    # there too: kept as written, nothing dropped.
    report, body = _import_one(site, tmp_path, "listed-code",
                               "<ul><li><pre>&lt;script&gt;alert(1)&lt;/script&gt;</pre></li></ul>")
    assert "<script>alert(1)</script>" in body
    assert report.dropped == []
    assert site.run("scf", "check").returncode == 0


def test_code_inside_a_quote_stays_code(site, tmp_path):
    # A code sample inside a quote: Markdown shows it as code, and the content check knows it.
    report, body = _import_one(site, tmp_path, "quoted-code",
                               "<blockquote><pre>&lt;script&gt;alert(1)&lt;/script&gt;</pre></blockquote>")
    assert body.strip() == "> ```\n> <script>alert(1)</script>\n> ```"
    assert report.dropped == []
    assert site.run("scf", "check").returncode == 0


# -- options -------------------------------------------------------------------------------------


def test_pages_go_to_docs_with_the_flag(site):
    run(site, pages=True)
    source, problems = parse("docs/about-the-network.md",
                             (site.root / "docs/about-the-network.md").read_text(encoding="utf-8"))
    assert not problems
    assert source.meta == {"title": "About the network",
                           "summary": "#socialcarefuture is a network of people who want a brighter future "
                                      "for social care. We started in 2017.",
                           "original_url": "https://socialcarefuture.blog/about-the-network/"}
    assert source.body.strip().startswith("\\#socialcarefuture is a network")  # not a heading
    assert "## Who we are\n\nPeople who draw on support" in source.body
    photos = front(site, PHOTOS)[1]
    assert "[who we are](../docs/about-the-network.md#who)" in photos
    assert "docs/about-the-network.md" in run(site, pages=True).kept  # and not written twice


def test_image_dir_points_images_at_the_downloaded_files(site):
    site.write("posts/images/2019/06/gathering.jpg", b"\xff\xd8 not really a jpeg")
    site.write("posts/images/cafe.jpg", b"\xff\xd8 not really a jpeg")
    report = run(site, image_dir="posts/images")
    _, body = front(site, CARE_STORY)
    # The resized copy is not there, so the original is used; the link to the full size too.
    assert "[![People talking in a circle at a gathering](images/2019/06/gathering.jpg)](images/2019/06/gathering.jpg)" in body
    assert "![Tea and cake on a table](images/cafe.jpg)" in front(site, CAFE)[1]
    assert all(local for _, _, local in report.images)


def test_image_dir_outside_the_site_is_refused(site, tmp_path):
    (site.root / "downloads").mkdir()
    with pytest.raises(ContentError, match="outside posts/ and docs/"):
        run(site, image_dir="downloads")


def test_posts_dir_option(site):
    run(site, posts_dir="imported")
    assert (site.root / "imported" / Path(CAFE).name).is_file()
    assert list((site.root / "posts").iterdir()) == []


# -- the result builds -----------------------------------------------------------------------------


def test_imported_site_checks_and_builds_with_strict(site):
    site.write("posts/images/2019/06/gathering.jpg", (REPO / "docs/assets/stylesheets/site.css").read_bytes())
    result = site.run("scf", "import-wordpress", str(EXPORT), "--pages", "--image-dir", "posts/images",
                      "--report", "report.txt")
    assert result.returncode == 0, result.stderr
    assert "Not imported:" in result.stdout and "draft posts: 1" in result.stdout
    report = (site.root / "report.txt").read_text(encoding="utf-8")
    assert "gathering.jpg -> images/2019/06/gathering.jpg" in report
    assert "cafe.jpg (still on the old site" in report
    # Not downloaded yet: the post links to the picture instead of showing it from another
    # site, so the check passes; once downloaded, a new import shows it from our site.
    check = site.run("scf", "check")
    assert check.returncode == 0 and "on another site" not in check.stdout, check.stdout
    site.write("posts/images/2020/01/cafe.jpg", (REPO / "docs/assets/stylesheets/site.css").read_bytes())
    result = site.run("scf", "import-wordpress", str(EXPORT), "--pages", "--image-dir", "posts/images",
                      "--overwrite")
    assert result.returncode == 0, result.stderr
    check = site.run("scf", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    site.build()
    post = site.html("2019/07/01/why-social-care-needs-a-new-story")
    assert "Why social care needs a new story" in post
    assert "<h2" in post and "What we are asking for" in post
    assert 'alt="People talking in a circle at a gathering"' in post
    assert 'src="../../../../posts/images/2019/06/gathering.jpg"' in post  # the downloaded copy
    assert (site.root / "site/posts/images/2019/06/gathering.jpg").is_file()
    for url in ("2020/01/15/zoes-cafe-conversations", "2021/03/28/big-news-2021",
                "2022/08/20/photos-from-the-summer-gathering", "about-the-network"):
        assert (site.root / "site" / url / "index.html").is_file(), url
    assert "steal()" not in site.html("2021/03/28/big-news-2021")
    photos = site.html("2022/08/20/photos-from-the-summer-gathering")
    assert 'href="../../../../2019/07/01/why-social-care-needs-a-new-story/"' in photos
    assert 'href="../../../../about-the-network/#who"' in photos

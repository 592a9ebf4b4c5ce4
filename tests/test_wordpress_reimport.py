"""`scf import-wordpress` run again over its own posts, and on exports it cannot read: it keeps
what is there, and writes nothing rather than half an import."""
from __future__ import annotations

import pytest
import yaml

from scf.content.problems import ContentError
from wordpress_site import BIG_NEWS, CAFE, CARE_STORY, EXPORT, MAPPING, PHOTOS, REPO, TRUNCATED, front, make_site, run, snapshot


@pytest.fixture
def site(project):
    return make_site(project)


# -- running again --------------------------------------------------------------------------------


def test_running_twice_adds_and_changes_nothing(site):
    run(site)
    before = snapshot(site.root)
    report = run(site)
    assert snapshot(site.root) == before
    assert report.written == [] and report.authors_created == []
    assert sorted(report.kept) == sorted([CARE_STORY, CAFE, BIG_NEWS, PHOTOS])


def test_a_renamed_post_is_found_by_its_guid(site):
    run(site)
    (site.root / CAFE).rename(site.root / "posts/2020-01-15-cafe.md")
    report = run(site)
    assert not (site.root / CAFE).exists()
    assert "posts/2020-01-15-cafe.md" in report.kept and report.written == []


def test_an_existing_post_is_replaced_only_with_overwrite(site):
    run(site)
    edited = front(site, CAFE)[0]
    (site.root / CAFE).write_text("---\ntitle: Edited\n---\n\nEdited by hand.\n", encoding="utf-8")
    run(site)
    assert "Edited by hand." in (site.root / CAFE).read_text(encoding="utf-8")
    report = run(site, overwrite=True)
    assert front(site, CAFE)[0] == edited
    assert CAFE in report.overwritten


# -- exports that cannot be read -------------------------------------------------------------------


def test_a_truncated_export_writes_nothing(site):
    before = snapshot(site.root)
    with pytest.raises(ContentError) as caught:
        run(site, TRUNCATED)
    [problem] = caught.value.problems
    assert problem.file == str(TRUNCATED) and problem.line == 112
    assert "cut off" in problem.message and "export again" in problem.fix
    assert snapshot(site.root) == before


def test_a_damaged_export_names_the_line_and_writes_nothing(site, tmp_path):
    damaged = tmp_path / "damaged.xml"
    damaged.write_text(EXPORT.read_text(encoding="utf-8").replace(
        "<wp:post_id>103</wp:post_id>", "<wp:post_id>103</wp:postid>"), encoding="utf-8")
    line = next(n for n, text in enumerate(damaged.read_text().splitlines(), 1) if "</wp:postid>" in text)
    before = snapshot(site.root)
    result = site.run("scf", "import-wordpress", str(damaged))
    assert result.returncode == 1
    assert "Nothing was imported." in result.stderr
    assert f"damaged.xml:{line}: the export file is damaged at this line (mismatched tag)" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site.root) == before


def test_a_file_that_is_not_an_export(site, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>')
    with pytest.raises(ContentError, match="not a WordPress export file"):
        run(site, feed)
    with pytest.raises(ContentError, match="does not exist"):
        run(site, tmp_path / "missing.xml")


def test_a_wrong_category_mapping_names_file_and_line_and_writes_nothing(site):
    site.write("data/wordpress-categories.yml", MAPPING.replace("Events: Gatherings", "Events: Meetups"))
    with pytest.raises(ContentError) as caught:
        run(site)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("data/wordpress-categories.yml", 5)
    assert "'Meetups' is not one of this site's categories" in problem.message
    assert list((site.root / "posts").iterdir()) == []


def test_the_shipped_category_map_matches_scf_yml():
    ours = yaml.safe_load((REPO / "scf.yml").read_text())["categories"]
    mapping = yaml.safe_load((REPO / "data/wordpress-categories.yml").read_text())
    targets = [t for v in mapping["categories"].values() if v for t in (v if isinstance(v, list) else [v])]
    assert set(targets) <= set(ours) and mapping["fallback"] in ours

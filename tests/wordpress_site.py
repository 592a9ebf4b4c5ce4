"""What the WordPress importer's tests share: the test export, the posts it becomes, a test
site with a category mapping and an authors file, and small helpers."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from scf.content.frontmatter import parse
from scf.integrations.wordpress import Options, import_wordpress

FIXTURES = Path(__file__).parent / "fixtures" / "wordpress"
EXPORT = FIXTURES / "export.xml"
TRUNCATED = FIXTURES / "export-truncated.xml"
REPO = Path(__file__).resolve().parent.parent

CARE_STORY = "posts/2019-07-01-why-social-care-needs-a-new-story.md"
CAFE = "posts/2020-01-15-zoes-cafe-conversations.md"
BIG_NEWS = "posts/2021-03-28-big-news-2021.md"
PHOTOS = "posts/2022-08-20-photos-from-the-summer-gathering.md"
MAPPING = """\
# Our mapping for the tests: a comment the import must not need.
categories:
  News: Campaigning
  research: Research and framing   # by slug
  Events: Gatherings
  Uncategorized: ~
fallback: Campaigning
"""
AUTHORS = """\
# The people who write for the site. Keep this comment.
authors:
  - key: ann-author
    name: Ann Author
    role: Writer
    bio: Ann writes about care.
"""


def make_site(project):
    """A project with the test mapping, an authors file with a comment, and no posts yet."""
    project.write("data/wordpress-categories.yml", MAPPING)
    project.write("data/authors.yml", AUTHORS)
    project.save_config()
    return project


def run(site, export: Path = EXPORT, **options):
    return import_wordpress(site.root, export, Options(**options))


def front(site, rel: str) -> tuple[dict, str]:
    source, problems = parse(rel, (site.root / rel).read_text(encoding="utf-8"))
    assert not problems
    if "date" in source.meta:  # dates are text until the schema reads them
        source.meta["date"] = dt.datetime.fromisoformat(source.meta["date"])
    return source.meta, source.body


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}

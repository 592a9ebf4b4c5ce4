"""The synthetic sites scripts/bench.py builds: the same posts (about 600 words, categories
from scf.yml, several authors, an easy read version of one post in five) laid out as our site,
as the stock Material blog, and as plain pages (see bench.py's docstring for each mode)."""
from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
NOW = "2026-11-23T12:00:00+00:00"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SCF_NOW": NOW, "PYTHONHASHSEED": "0"}
# As ./dev runs a build: where PYTHONDONTWRITEBYTECODE is set (some containers set it), Python
# compiled every module of every build again, about a second of CPU for ours and half that for
# the stock builds, which no one running ./dev pays: it keeps them in .venv/pycache.
if ENV.get("PYTHONDONTWRITEBYTECODE"):
    del ENV["PYTHONDONTWRITEBYTECODE"]
    ENV.setdefault("PYTHONPYCACHEPREFIX", str(REPO / ".venv" / "pycache"))
MODES = ("ours", "blog", "floor", "floornav")  # the default; `blogh1` and `unsanitized` on request
AUTHORS = [("ama-mensah", "Ama Mensah"), ("ben-carter", "Ben Carter"), ("cara-lloyd", "Cara Lloyd"),
           ("dev-patel", "Dev Patel"), ("erin-walsh", "Erin Walsh"), ("finn-hughes", "Finn Hughes")]
# Easy read rows name symbols, as the site's easy read pages do (issue 31); until 4 December they
# named theme icons, which the lint warns about: 4,000 warnings at 2,000 posts, in no real site.
SYMBOLS = ["house", "group_work", "take_care_of_,_to", "talk_4_,_to", "meet_,_to", "calendar", "money",
           "hug_,_to"]
WORDS = """care support people family community home work carer council money time life choice
voice change story future network power local national policy funding reform system person
together hope good lives living independence rights access service staff pay value respect
friend neighbour place group meeting campaign letter report evidence research framing public
government health social adult older disabled young worker leader partner charity trust
listen learn share build plan act better fair dignity kindness connection belonging help""".split()
EASY = ["We want good care for everyone.", "Care helps people live at home.",
        "You can tell us what you think.", "We meet with people in our area.",
        "Care workers need fair pay.", "Everyone should have a say.", "Ring us if you need help.",
        "We write to the government."]


# -- synthetic content -------------------------------------------------------------------

@dataclass
class Post:
    index: int
    date: str  # YYYY-MM-DD
    slug: str
    title: str
    summary: str
    authors: list[str]
    categories: list[str]
    body: str
    easy_body: str | None  # one post in five has an easy read version

    @property
    def file(self) -> str:
        return f"{self.date}-{self.slug}.md"


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(4, 7)))


def make_posts(n: int, categories: list[str]) -> list[Post]:
    """N posts, newest first, one every one to four days back from 2026-11-01.

    Post i depends only on i, so a smaller site holds the newest posts of a bigger one.
    """
    day = dt.date(2026, 11, 1)
    posts, bodies = [], []
    for i in range(n):
        rng = random.Random(i)
        day -= dt.timedelta(days=rng.randint(1, 4)) if i else dt.timedelta(0)
        title_words = rng.sample(WORDS, 5)
        title = " ".join(title_words).capitalize()
        slug = "-".join(title_words[:4]) + f"-{i}"
        parts = [_paragraph(rng), "<!-- more -->"]
        words = len(parts[0].split())
        while words < 560:
            if rng.random() < 0.25:
                parts.append("## " + " ".join(rng.sample(WORDS, 4)).capitalize())
            if rng.random() < 0.2:
                items = [" ".join(rng.sample(WORDS, rng.randint(3, 7))) for _ in range(4)]
                parts.append("\n".join(f"- {item}" for item in items))
                words += sum(len(item.split()) for item in items)
            paragraph = _paragraph(rng)
            parts.append(paragraph)
            words += len(paragraph.split())
        bodies.append(parts)
        posts.append(Post(i, day.isoformat(), slug, title, _sentence(rng),
                          [a for a, _ in rng.sample(AUTHORS, rng.choice((1, 1, 2)))],
                          rng.sample(categories, rng.choice((1, 1, 2))), "", None))
    for i, (post, parts) in enumerate(zip(posts, bodies, strict=True)):
        if i + 1 < len(posts):  # a link to the older post, relative file to file as editors write it
            older = posts[i + 1]
            parts.insert(3, f"See also [{older.title}]({older.file}).")
        post.body = "\n\n".join(parts) + "\n"
        if i % 5 == 0:
            rng = random.Random(-i - 1)
            rows = [f"![{name.split('_,')[0].replace('_', ' ')}](symbol:{name}) {rng.choice(EASY)}"
                    for name in rng.choices(SYMBOLS, k=10)]
            post.easy_body = "\n\n".join(rows) + "\n"
    return posts


def _front(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---\n\n"


def _our_meta(post: Post) -> dict:
    return {"title": post.title, "date": dt.date.fromisoformat(post.date), "authors": post.authors,
            "categories": post.categories, "summary": post.summary}


def _easy_meta(post: Post) -> dict:
    return {"title": f"{post.title} (easy read)", "summary": "This page is in easy read."}


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _top_level_block(config: str, key: str) -> str:
    """The raw YAML of one top-level key of mkdocs.yml (kept as text: it may hold !!python tags)."""
    match = re.search(rf"^{key}:.*?(?=^\S|\Z)", config, re.M | re.S)
    return match.group(0) if match else ""


def _stock_config(name: str, extra: str) -> str:
    real = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    return (f"site_name: {name}\nsite_url: https://example.org/\nuse_directory_urls: true\n"
            "theme:\n  name: material\n  font: false\n  features: [navigation.sections]\n"
            "not_in_nav: |\n  /easyread/\n  /posts/\n"
            + _top_level_block(real, "markdown_extensions") + extra)


def make_ours(root: Path, posts: list[Post]) -> None:
    """The project as it is, with the synthetic posts instead of the real ones."""
    for name in ("mkdocs.yml", "scf.yml"):
        shutil.copy(REPO / name, root / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for folder in ("hooks", "overrides", "data"):
        shutil.copytree(REPO / folder, root / folder, ignore=ignore)
    # A minimal docs/ and easyread/: every page with its front matter but a one-line body, so
    # the nav and page types stay and no link points at the real posts.
    shutil.copytree(REPO / "docs", root / "docs", ignore=ignore)
    shutil.copytree(REPO / "easyread", root / "easyread", ignore=shutil.ignore_patterns("posts"))
    stubs = {"docs": "This page is a placeholder.", "easyread": "![A house](symbol:house) We will write this page soon."}
    for folder, stub in stubs.items():
        for page in (root / folder).rglob("*.md"):
            head = re.match(r"---\n.*?\n---\n", page.read_text(encoding="utf-8"), re.S)
            # Events and publications name real posts, which the synthetic ones replace.
            front = re.sub(r"(?m)^\w+:\s*['\"]?posts/\S*\n", "", head.group(0)) if head else ""
            page.write_text(front + f"\n{stub}\n", encoding="utf-8")
    settings = yaml.safe_load((REPO / "scf.yml").read_text(encoding="utf-8"))
    authors_file = root / settings.get("authors_file", "data/authors.yml")
    authors = yaml.safe_load(authors_file.read_text(encoding="utf-8")) or {"authors": []}
    authors["authors"] += [{"key": key, "name": name, "role": "Writer", "bio": f"{name} writes for the network."}
                           for key, name in AUTHORS]
    authors_file.write_text(yaml.safe_dump(authors, sort_keys=False), encoding="utf-8")
    for post in posts:
        write(root / "posts" / post.file, _front(_our_meta(post)) + post.body)
        if post.easy_body:
            write(root / "easyread/posts" / post.file, _front(_easy_meta(post)) + post.easy_body)


def make_blog(root: Path, posts: list[Post], title_in_front_matter: bool = True) -> None:
    """Stock Material blog plugin: nothing of ours."""
    docs = root / "docs"
    write(docs / "index.md", "# Home\n")
    write(docs / "blog/index.md", "# Blog\n")
    write(docs / "assets/avatar.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    write(docs / "blog/.authors.yml", yaml.safe_dump({"authors": {
        key: {"name": name, "description": "Writer", "avatar": "../assets/avatar.svg"}
        for key, name in AUTHORS}}, sort_keys=False))
    for post in posts:
        meta = {"title": post.title, "date": dt.date.fromisoformat(post.date), "authors": post.authors,
                "categories": post.categories, "description": post.summary, "slug": post.slug}
        body = post.body
        if not title_in_front_matter:  # titled by their first heading, as the blog plugin's docs show
            del meta["title"]
            body = f"# {post.title}\n\n{body}"
        write(docs / "blog/posts" / post.file, _front(meta) + body)
        if post.easy_body:
            write(docs / "easyread/posts" / post.file, _front(_easy_meta(post)) + post.easy_body)
    write(root / "mkdocs.yml", _stock_config("Blog plugin", (
        "nav:\n  - index.md\n  - Blog: blog/index.md\n"
        "plugins:\n  - blog:\n      authors_profiles: true\n      pagination_per_page: 10\n")))


def make_floor(root: Path, posts: list[Post]) -> None:
    """Stock Material, the same files as plain pages kept out of the nav."""
    docs = root / "docs"
    write(docs / "index.md", "# Home\n")
    for post in posts:
        write(docs / "posts" / post.file, _front(_our_meta(post)) + post.body)
        if post.easy_body:
            write(docs / "easyread/posts" / post.file, _front(_easy_meta(post)) + post.easy_body)
    write(root / "mkdocs.yml", _stock_config("Floor", "nav:\n  - index.md\nplugins: []\n"))


def make_floornav(root: Path, posts: list[Post]) -> None:
    """The floor with our site's nav (a one-line page for each of its entries): what Material's
    nav adds to every page, which ours pays too but the bare floor does not."""
    make_floor(root, posts)
    nav = _top_level_block((REPO / "mkdocs.yml").read_text(encoding="utf-8"), "nav")
    for target in re.findall(r"([\w./-]+\.md)\s*$", nav, re.M):
        write(root / "docs" / target, f"# {Path(target).parent.name or 'Home'}\n")
    write(root / "mkdocs.yml", _stock_config("Floor with nav", nav + "plugins: []\n"))


def make_blogh1(root: Path, posts: list[Post]) -> None:
    """The stock blog with each post's title as its first heading instead of in front matter:
    the plugin then reads titles again on every list look-up (the 103 s at 2,000 posts of
    shared/reference/platform.md). Ours requires `title:`, so `blog` is the fair comparison."""
    make_blog(root, posts, title_in_front_matter=False)


UNSANITIZED = """# Our build with the sanitizer and the content check switched off (bench.py, `unsanitized`).
import scf.build
scf.build.sanitize = lambda html: html
scf.build.removed_content = lambda *args, **kwargs: []
from mkdocs.__main__ import cli
cli()
"""


def make_unsanitized(root: Path, posts: list[Post]) -> None:
    """Ours without the allowlist sanitizer and the content check: what they cost (issue 13)."""
    make_ours(root, posts)
    write(root / "unsanitized.py", UNSANITIZED)


MAKERS = {"ours": make_ours, "blog": make_blog, "floor": make_floor, "floornav": make_floornav,
          "blogh1": make_blogh1, "unsanitized": make_unsanitized}

"""The blog's listings (index, categories, authors, archive) and each post's neighbours.

Everything here is computed once per build from the content model, in time that
grows linearly with the number of posts.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from itertools import islice

from scf.content.data import Author
from scf.content.kept_reading import FromLast, MadeFrom
from scf.content.model import Category, Post, Site, page_url

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(eq=False)
class Listing:
    """One generated page listing posts (or, for overviews, groups of posts)."""

    src_uri: str
    title: str
    kind: str  # blog, category, author, year, month, categories, authors, archive
    summary: str
    posts: list[Post] = field(default_factory=list)
    number: int = 1
    pages: int = 1
    previous: str | None = None  # src_uri of the newer page
    next: str | None = None  # src_uri of the older page
    subject: Category | Author | None = None
    groups: list[tuple[str, str, int]] = field(default_factory=list)  # overviews: (label, src_uri, count)

    @property
    def url(self) -> str:
        return page_url(self.src_uri)


@dataclass
class Neighbours:
    newer: Post | None
    older: Post | None
    related: list[Post]


def _paginate(base: str, title: str, kind: str, summary: str, posts: list[Post], per_page: int,
              subject: Category | Author | None = None) -> list[Listing]:
    chunks = [posts[i:i + per_page] for i in range(0, len(posts), per_page)] or [[]]
    uris = [f"{base}index.md" if n == 1 else f"{base}page/{n}/index.md" for n in range(1, len(chunks) + 1)]
    pages = []
    for n, chunk in enumerate(chunks, start=1):
        page_title = title if n == 1 else f"{title} (page {n} of {len(chunks)})"
        pages.append(Listing(uris[n - 1], page_title, kind, summary, chunk, n, len(chunks),
                             uris[n - 2] if n > 1 else None, uris[n] if n < len(chunks) else None, subject))
    return pages


def listings(site: Site) -> list[Listing]:
    """Every listing page of the blog, in a stable order."""
    per_page = site.settings.per_page
    posts = site.posts
    result = _paginate("blog/", "Blog", "blog", "Every post from #socialcarefuture, newest first.",
                       posts, per_page)

    by_category: dict[str, list[Post]] = defaultdict(list)
    by_author: dict[str, list[Post]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[Post]] = defaultdict(list)
    for post in posts:
        for category in post.categories:
            by_category[category.name].append(post)
        for author in post.authors:
            by_author[author.key].append(post)
        by_month[(post.date.year, post.date.month)].append(post)

    for category in site.categories:
        result += _paginate(f"{category.url}", category.name, "category",
                            f"Posts about {category.name.lower()}, newest first.",
                            by_category[category.name], per_page, category)
    authors = [a for a in site.authors.values() if by_author[a.key]]
    for author in authors:
        result += _paginate(author.url, author.name, "author", f"Posts by {author.name}, newest first.",
                            by_author[author.key], per_page, author)

    # A year's page lists its months: listing every post again would draw as many pages
    # as the months do, for nothing the month pages do not show.
    years: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for (year, month), month_posts in sorted(by_month.items(), reverse=True):
        label, uri = f"{MONTHS[month - 1]} {year}", f"{year}/{month:02d}/"
        years[year].append((label, f"{uri}index.md", len(month_posts)))
        result += _paginate(uri, label, "month", f"Posts from {label}.", month_posts, per_page)
    for year, months in years.items():
        result.append(Listing(f"{year}/index.md", str(year), "year", f"Posts from {year}, by month.",
                              groups=months))

    result.append(Listing("blog/categories/index.md", "Categories", "categories",
                          "The subjects the blog writes about.",
                          groups=[(c.name, f"{c.url}index.md", len(by_category[c.name]))
                                  for c in site.categories]))
    result.append(Listing("blog/authors/index.md", "Authors", "authors", "The people who write for the blog.",
                          groups=[(a.name, f"{a.url}index.md", len(by_author[a.key])) for a in authors]))
    result.append(Listing("blog/archive/index.md", "Archive", "archive", "Every post, by year and month.",
                          groups=[(f"{MONTHS[m - 1]} {y}", f"{y}/{m:02d}/index.md", len(p))
                                  for (y, m), p in sorted(by_month.items(), reverse=True)]))
    return result


def neighbours(site: Site, limit: int | None = None) -> dict[int, Neighbours]:
    """Newer, older and related posts for every post, keyed by id(post)."""
    limit = site.settings.related_posts if limit is None else limit
    posts = site.posts
    by_category: dict[str, list[Post]] = defaultdict(list)
    for post in posts:  # newest first, so each list is too
        for category in post.categories:
            by_category[category.name].append(post)
    rank = {id(p): i for i, p in enumerate(posts)}
    # The newest `limit` posts sharing a category are among the first `limit + 1` of each list;
    # a post not among those is related to the same posts as every other post of its categories.
    newest = {id(p) for c in by_category.values() for p in islice(c, limit + 1)}
    shared: dict[tuple[str, ...], list[Post]] = {}
    result = {}
    for i, post in enumerate(posts):
        names = tuple(c.name for c in post.categories)
        related = shared.get(names) if id(post) not in newest else None
        if related is None:
            candidates = {id(p): p for name in names for p in islice(by_category[name], limit + 1) if p is not post}
            related = sorted(candidates.values(), key=lambda p: rank[id(p)])[:limit]
            if id(post) not in newest:
                shared[names] = related
        result[id(post)] = Neighbours(posts[i - 1] if i > 0 else None,
                                      posts[i + 1] if i + 1 < len(posts) else None, related)
    return result


def showing(posts: list[Post], found: list[Listing], near: dict[int, Neighbours]
            ) -> tuple[dict[str, list[int]], dict[str, list[str]]]:
    """Which listings hold each post (by their place in `found`) and which posts name it (as
    newer, older or related), both by its src_uri: what a change to the post shows in."""
    holders: dict[str, list[int]] = defaultdict(list)
    namers: dict[str, list[str]] = defaultdict(list)
    for n, listing in enumerate(found):
        for post in listing.posts:
            holders[post.src_uri].append(n)
    for post in posts:
        named = near[id(post)]
        for other in {id(p): p for p in (named.newer, named.older, *named.related) if p}.values():
            namers[other.src_uri].append(post.src_uri)
    return holders, namers


@dataclass
class Views:
    """The listings and neighbours of one site, with the pages that hold each post: under the
    preview, a site made from it with some posts replaced in their places (the same structure:
    scf.content.kept_reading) takes them with those posts put in, not made again."""

    listings: list[Listing]
    neighbours: dict[int, Neighbours]
    post_of: dict[str, Post]  # src_uri -> the post
    holders: dict[str, list[int]]  # a post's src_uri -> the listings holding it, by place
    namers: dict[str, list[str]]  # a post's src_uri -> the posts naming it (newer, older, related)

    @classmethod
    def of(cls, site: Site) -> Views:
        found, near = listings(site), neighbours(site)
        return cls(found, near, {p.src_uri: p for p in site.posts}, *showing(site.posts, found, near))

    def replaced(self, posts: dict[int, Post]) -> Views:
        """These views with `posts` (id of the old -> the new) in the old ones' places."""
        new = {post.src_uri: post for post in posts.values()}
        post_of = {**self.post_of, **new}
        found = list(self.listings)
        for uri in new:
            for n in self.holders.get(uri, ()):
                listing = found[n]
                found[n] = replace(listing, posts=[posts.get(id(p), p) for p in listing.posts])
        near = dict(self.neighbours)
        for old, post in posts.items():
            near[id(post)] = near.pop(old)
        for namer in {namer for uri in new for namer in self.namers.get(uri, ())}:
            was = near[id(post_of[namer])]
            near[id(post_of[namer])] = Neighbours(posts.get(id(was.newer), was.newer),
                                                 posts.get(id(was.older), was.older),
                                                 [posts.get(id(p), p) for p in was.related])
        return Views(found, near, post_of, self.holders, self.namers)


_LAST: FromLast[Views] = FromLast()  # the preview's last views


def views(site: Site, made_from: MadeFrom | None = None, kept: bool = False) -> tuple[list[Listing], dict[int, Neighbours]]:
    """`listings(site)` and `neighbours(site)`; `made_from`: what a kept reading made `site`
    from, whose views are taken, with the replaced posts put in, if they were kept; `kept`:
    keep these for the next (under the preview)."""
    if made_from is not None and (last := _LAST.since(made_from)) is not None:
        found = last.replaced(made_from.replaced)
    else:
        found = Views.of(site) if kept else Views(listings(site), neighbours(site), {}, {}, {})
    if kept:
        _LAST.keep(site, found)
    return found.listings, found.neighbours

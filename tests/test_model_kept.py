"""Posts kept between readings (scf.content.model, `./dev serve`): a post whose file and whose
judges (the settings, the authors, the lists of choices) are unchanged is the same object as
last time, and a reading with kept posts gives exactly what a fresh reading gives: the same
posts, field for field, and the same problems, whatever was edited in between."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scf.content.file_reads import FileReads
from scf.content.kept_reading import read_kept
from scf.content.model import feed_id, read_site
from scf.content.settings import read_settings
from site_project import AUTHORS, Project

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
OLD = 1_600_000_000_000_000_000  # long before any reading: the file is trusted (file_reads.RACY_NS)
NAMES = [f"2026-11-{day:02d}-post-{day}" for day in range(20, 26)]  # 24 and 25: after NOW


def _site(tmp_path) -> Project:
    _saved[0] = None
    project = Project(tmp_path / "project")
    project.save_config()
    for name in NAMES:
        project.post(name)
    _age(project)
    return project


_stamp = [OLD]


def _age(project: Project) -> None:
    """Every file saved long ago, each save later than the last (so that its stamp changes)."""
    for path in sorted(project.root.rglob("*")):
        if path.is_file() and path.stat().st_mtime_ns > OLD + 10**15:
            _stamp[0] += 1_000_000_000
            os.utime(path, ns=(_stamp[0], _stamp[0]))


def _reading(project: Project, now: dt.datetime, reads: FileReads | None = None):
    """A reading as the preview makes it with `reads` (scf.content.kept_reading), else a fresh one."""
    found, problems = read_settings(project.root)
    if reads:
        site, more, made_from = read_kept(found, now, reads, _saved[0])
        if made_from is not None:  # what it says it put in the old site's places is all that differs there
            assert {(id(was), id(now)) for was, now in made_from.changed} == {
                (id(was), id(now)) for was, now in zip(made_from.site.documents, site.documents, strict=True)
                if was is not now}
    else:
        site, more = read_site(found, now, include_unpublished=True)
    _rest[0] = ([p.source for p in site.posts], [dataclasses.asdict(p) for p in site.pages], site.paths, site.bodies,
                site.assets, site.authors, site.categories, site.data)
    return {p.source: p for p in [*site.posts, *site.easy_read]}, sorted(map(str, problems + more))


_rest: list[object] = [None]  # the rest of the last reading's site: its order, pages, paths, bodies...
_saved: list[Written | None] = [None]  # what the kept readings are told was saved


def _fields(posts) -> dict[str, dict]:
    return {source: dataclasses.asdict(post) for source, post in posts.items()}


def test_an_unchanged_post_is_kept_and_a_saved_one_made_again(tmp_path):
    project = _site(tmp_path)
    reads: FileReads = FileReads()
    first, _ = _reading(project, NOW, reads)
    project.post(NAMES[0], title="A new title")
    _age(project)
    second, problems = _reading(project, NOW, reads)
    assert not problems
    assert second[f"posts/{NAMES[0]}.md"].title == "A new title"
    assert all(second[s] is first[s] for s in second if s != f"posts/{NAMES[0]}.md" and s.startswith("posts/"))
    assert _fields(second) == _fields(_reading(project, NOW)[0])


def test_a_kept_post_follows_its_authors_the_clock_and_its_feed_id(tmp_path):
    project = _site(tmp_path)
    reads: FileReads = FileReads()
    first, _ = _reading(project, NOW, reads)
    # An author renamed: every post is judged again (its author's name is in it).
    renamed = {k: {**a, "name": "Ann Renamed"} if k == "ann-author" else a for k, a in AUTHORS.items()}
    project.write("data/authors.yml", yaml.safe_dump({"authors": [{"key": k, **a} for k, a in renamed.items()]}))
    _age(project)
    second, _ = _reading(project, NOW, reads)
    assert all(second[s] is not first[s] for s in second)
    assert {a.name for s, p in second.items() if s.startswith("posts/") for a in p.authors} == {"Ann Renamed"}
    # The clock passes a scheduled post's date: the kept post is published.
    later = NOW + dt.timedelta(days=1)
    assert second[f"posts/{NAMES[4]}.md"].scheduled
    third, _ = _reading(project, later, reads)
    assert not third[f"posts/{NAMES[4]}.md"].scheduled and third[f"posts/{NAMES[5]}.md"].scheduled
    # Another post copies a kept post's feed id: reported as a fresh reading reports it.
    project.post(NAMES[1], guid=third[f"posts/{NAMES[2]}.md"].feed_id)
    _age(project)
    fourth, problems = _reading(project, later, reads)
    assert problems == _reading(project, later)[1] and any("same feed id" in p for p in problems)


def test_an_easy_read_page_is_kept_while_its_file_and_its_standard_version_are(tmp_path):
    project = _site(tmp_path)
    for name in NAMES[:2]:
        project.write(f"easyread/posts/{name}.md", "---\ntitle: Easy\nsummary: Easy words.\n---\n\nWe meet.\n")
    _age(project)
    reads: FileReads = FileReads()
    first, _ = _reading(project, NOW, reads)
    project.post(NAMES[0], title="A new title")
    _age(project)
    second, _ = _reading(project, NOW, reads)
    easy = [f"easyread/posts/{name}.md" for name in NAMES[:2]]
    assert second[easy[0]] is not first[easy[0]] and second[easy[0]].standard is second[f"posts/{NAMES[0]}.md"]
    assert second[easy[1]] is first[easy[1]]
    assert _fields(second) == _fields(_reading(project, NOW)[0])


EDITS = st.lists(st.tuples(st.sampled_from(["title", "body", "body", "slug", "guid", "author", "renamed", "summary", "categories",
                                            "clock", "easy", "standalone", "gone"]),
                           st.integers(0, len(NAMES) - 1), st.integers(0, len(NAMES) - 1)), max_size=6)


class Written:
    """What the preview server's observer would tell (scf_mkdocs.watch.Saved): the files written."""

    def __init__(self, project: Project) -> None:
        self.paths: set[str] = set()
        write = project.write
        project.write = lambda rel, text: self.paths.add(str(project.root / rel)) or write(rel, text)

    def take(self) -> set[str]:
        taken, self.paths = {p for p in self.paths if p.endswith(".md")}, set()
        return taken


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=EDITS, told=st.booleans())
def test_kept_readings_are_fresh_readings(tmp_path_factory, edits, told):
    """`told`: the files saved are known (the server's observer), else each file's stamp says."""
    project = _site(tmp_path_factory.mktemp("kept"))
    reads: FileReads = FileReads()
    now = NOW
    written = Written(project) if told else None
    _saved[0] = written
    _reading(project, now, reads)
    for what, n, other in edits:
        name = NAMES[n]
        if what == "title":
            project.post(name, title=f"Title {other}")
        elif what == "body":  # its text alone (and its title back to the first)
            project.post(name, body=f"Other words, {other} of them.\n")
        elif what == "slug":  # its address
            project.post(name, slug=f"moved-{other}")
        elif what == "guid":  # another post's feed id, which that post may keep
            project.post(name, guid=feed_id(read_settings(project.root)[0].id_authority, f"posts/{NAMES[other]}.md"))
        elif what == "author":
            project.post(name, authors=["bob-writer" if other % 2 else "no-such-author"])
        elif what == "renamed":
            authors = {k: {**a, "name": f"Name {other}"} if k == "ann-author" else a for k, a in AUTHORS.items()}
            project.write("data/authors.yml", yaml.safe_dump({"authors": [{"key": k, **a} for k, a in authors.items()]}))
        elif what == "summary":
            project.post(name, summary="")  # a problem: the post is left out
        elif what in ("easy", "standalone"):  # an easy read version, or a page that needs none
            rel = f"easyread/posts/{name}.md" if what == "easy" else f"easyread/alone-{other}.md"
            project.write(rel, f"---\ntitle: Easy {other}\nsummary: Easy words.\n"
                          + ("standalone: true\n" if other % 2 and what == "standalone" else "") + "---\n\nWe meet.\n")
        elif what == "gone":  # its easy read version, if any, has no standard version now
            (project.root / f"posts/{name}.md").unlink(missing_ok=True)
            if written:
                written.paths.add(str(project.root / f"posts/{name}.md"))
        elif what == "categories":
            project.settings["categories"] = ["Campaigning"] if other % 2 else ["Gatherings", "Campaigning"]
            project.save_config()
        else:
            now += dt.timedelta(days=other)
        _age(project)
        kept, kept_problems = _reading(project, now, reads)
        kept_rest = _rest[0]
        fresh, fresh_problems = _reading(project, now)
        assert _fields(kept) == _fields(fresh)
        assert kept_problems == fresh_problems
        assert kept_rest == _rest[0]


def test_a_save_of_a_posts_text_reads_that_file_alone_and_keeps_the_rest_of_the_reading(tmp_path, monkeypatch):
    """scf.content.kept_reading: no loop over every file when only posts' text changed; a
    change it cannot take (a file added) makes a full reading."""
    from scf.content import model

    project = _site(tmp_path)
    reads: FileReads = FileReads()
    first, _ = _reading(project, NOW, reads)
    _saved[0] = Written(project)
    monkeypatch.setattr(FileReads, "changed", lambda self, paths: pytest.fail("every file's stamp looked at"))
    full = []
    monkeypatch.setattr(model._Loader, "load", lambda self, *a, _load=model._Loader.load, **k: full.append(1) or _load(self, *a, **k))
    project.post(NAMES[0], title="A new title", body="A new body.")
    _age(project)
    second, problems = _reading(project, NOW, reads)
    assert not problems and not full and reads.reads == [str(project.root / f"posts/{NAMES[0]}.md")]
    assert second[f"posts/{NAMES[0]}.md"].title == "A new title"
    assert all(second[s] is first[s] for s in second if s != f"posts/{NAMES[0]}.md")
    assert _fields(second) == _fields(_reading(project, NOW)[0])
    project.post("2026-11-26-post-new")
    _age(project)
    third, _ = _reading(project, NOW, reads)
    assert full and "posts/2026-11-26-post-new.md" in third


def test_a_reading_told_what_was_saved_still_reads_what_it_could_not_keep(tmp_path, monkeypatch):
    """A file read too soon after its save (file_reads.RACY_NS) is read again though no save is
    told; a saved path the last reading does not know (written otherwise) makes every stamp count."""
    project = _site(tmp_path)
    reads: FileReads = FileReads()
    project.post(NAMES[1], title="Saved just now")  # not aged: its reading is not kept
    _reading(project, NOW, reads)
    written = _saved[0] = Written(project)
    looked: list[int] = []
    changed = FileReads.changed
    monkeypatch.setattr(FileReads, "changed", lambda self, paths: looked.append(1) or changed(self, paths))
    again, problems = _reading(project, NOW, reads)
    assert not problems and not looked and reads.reads == [str(project.root / f"posts/{NAMES[1]}.md")]
    assert again[f"posts/{NAMES[1]}.md"].title == "Saved just now"
    written.paths.add("/elsewhere/posts/" + NAMES[0] + ".md")
    _reading(project, NOW, reads)
    assert looked

"""Issue #26, items 1-3: content can never rewrite the site's addresses or the host's rules.

One test per attack of the issue (each failed before the registry of addresses), then
properties over generated file names and old addresses: no traceback, every problem named
with its fix, and `_headers` / `_redirects` that parse back, with a strict parser of the
host format (rule_files.py), into exactly the rules the site meant.
"""
from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rule_files import parse_headers, parse_redirects
from scf.build import SiteBuild
from scf.content.file_names import is_safe, suggested
from scf.outputs import host_files as publish
from scf.outputs import host_rules, old_addresses
from scf.outputs.addresses import Registry, Source
from scf.pages.url_filter import RefusedURL, link, site_path
from site_project import THEME, Project
from test_mistakes import NOW, same


def _built(project: Project) -> SiteBuild:
    project.save_config()
    return SiteBuild(project.root, site_url="https://example.org/", site_name="Test", now=NOW, theme=THEME)


# -- the attacks of the issue ------------------------------------------------------------------

@pytest.mark.parametrize("name", ["feed.xml", "events.ics", "sitemap.xml", "robots.txt", "atom.xml", "404.html"])
def test_a_page_named_like_a_file_the_build_makes_is_a_message(project, name):
    project.write(f"docs/{name}.md", "---\ntitle: Mine\nsummary: S.\n---\n")
    [message] = same(project)
    assert message.startswith(f"docs/{name}.md: this page has the address /{name}/, which ")
    assert "Fix: rename the file" in message


@pytest.mark.parametrize("name", ["_redirects", "_headers"])
def test_a_page_named_like_a_host_file_is_a_message(project, name):
    project.write(f"docs/{name}.md", "---\ntitle: Mine\nsummary: S.\n---\n")
    [message] = same(project)
    assert message.startswith(f"docs/{name}.md: the name '{name}.md'") and message.endswith(f"rename it to {name[1:]}.md")


def test_two_categories_with_one_address_are_one_message_naming_both(project):
    project.settings["categories"] = ["Campaigning", "Campaigning!"]
    project.post("2024-05-01-one")
    [message] = same(project)
    assert message.startswith("scf.yml: the listing of the category 'Campaigning!' has the address "
                              "/blog/category/campaigning/, which the listing of the category 'Campaigning' (scf.yml)")


def test_a_page_where_the_newsletter_archive_goes_is_a_message(project):
    project.settings["newsletter"] = {"provider": "buttondown", "form_action": "https://buttondown.com/api/emails/embed-subscribe/x",
                                      "archive": True}
    project.write("docs/newsletter/index.md", "---\ntitle: Mine\nsummary: S.\n---\n")
    messages = same(project)
    assert any(m.startswith("docs/newsletter/index.md: this page has the address /newsletter/, which the newsletter "
                            "archive ('archive: true') (scf.yml) has already") for m in messages), messages


def test_an_old_address_with_a_wildcard_is_refused(project):
    project.post("2024-05-01-one", original_url="https://old.example/*")
    [message] = same(project)
    assert message.startswith("posts/2024-05-01-one.md:") and "'/*' cannot be sent on" in message


def test_an_old_address_that_is_a_page_of_the_site_is_refused_naming_both(project):
    project.write("docs/about.md", "---\ntitle: About\nsummary: S.\n---\n")
    project.post("2024-05-01-one", original_url="https://old.example/about/")
    [message] = same(project)
    assert message.startswith("posts/2024-05-01-one.md:") and "has the address /about/, which this page " \
        "(docs/about.md) has already" in message


def test_two_posts_with_one_old_address_are_refused_naming_both(project):
    project.post("2024-05-01-one", original_url="https://old.example/2019/old/")
    project.post("2024-05-02-two", original_url="https://old.example/2019/old")
    [message] = same(project)
    assert message.startswith("posts/2024-05-0") and "(posts/2024-05-0" in message
    assert "posts/2024-05-01-one.md:7" in message and "posts/2024-05-02-two.md:7" in message


def test_an_old_address_that_differs_from_a_page_only_in_case_is_refused(project):
    project.write("docs/about.md", "---\ntitle: About\nsummary: S.\n---\n")
    project.post("2024-05-01-one", original_url="https://old.example/About/")
    [message] = same(project)
    assert "has the address /About/, which this page (docs/about.md) has already" in message


@pytest.mark.parametrize("name", ["a\nRefresh: 0;url=http:x.png", "x\n* 200!.png", "javascript:alert(1).pdf",
                                  "my report.pdf", "-rf.png", "50%.png", "a#b.png"])
def test_a_file_name_that_could_mean_more_is_refused_with_its_rename(project, name):
    project.write(f"docs/{name}", b"\x89PNG\r\n")
    [message] = same(project)
    assert f"Fix: rename it to {suggested(name)}" in message and is_safe(suggested(name))
    assert "\n" not in message


def test_a_folder_named_like_another_host_is_refused(project):
    project.write("docs/\\example.org/index.md", "---\ntitle: X\nsummary: S.\n---\n")
    [message] = same(project)
    assert message.startswith("docs/\\example.org: the name") and message.endswith("rename it to example.org")


def test_template_urls_pass_one_filter():
    assert site_path("../files/report.pdf") == "../files/report.pdf"
    for bad in ("javascript:alert(1).pdf", "//evil.example/x", "/\\evil.example", "data:text/html,x", " x"):
        with pytest.raises(RefusedURL):
            site_path(bad)
    assert link("https://meet.example/x", "https") == "https://meet.example/x"
    for bad, schemes in (("javascript:alert(1)", ("https",)), ("JAVASCRIPT:x", ("https", "mailto")),
                         ("webcal://x", ("https",)), ("https:///x", ("https",))):
        with pytest.raises(RefusedURL):
            link(bad, *schemes)


def test_the_registry_gives_out_each_address_once(project):
    project.post("2024-05-01-one", original_url="https://old.example/2019/05/one/")
    project.write("docs/about.md", "---\ntitle: About\nsummary: S.\n---\n")
    build = _built(project)
    registry = build.registry
    assert registry.problems == []
    assert {"index.html", "about/index.html", "feed.xml", "_headers", "2019/05/one/index.html"} <= set(registry.files)
    assert registry.owner("pagefind/pagefind.js") is not None and registry.owner("nowhere.html") is None


# -- the host's rule files, parsed back strictly (rule_files.py) ------------------------------

def test_the_real_sites_host_files_parse_back_into_the_rules_meant(tmp_path):
    from site_project import build_repo
    site = build_repo(tmp_path / "site")
    headers = parse_headers((site / "_headers").read_text(encoding="utf-8"))
    assert headers[0][0] == "/*" and headers[0][1][0][0] == "Strict-Transport-Security"
    assert headers[-1][0] == "/admin/*" and headers[-1][1][0][0] == "Content-Security-Policy"
    assert headers[-1][1][0][1].startswith("default-src 'self'")
    redirects = parse_redirects((site / "_redirects").read_text(encoding="utf-8"))
    assert ("/feed/", "/feed.xml", 301) in redirects and len({r[0] for r in redirects}) == len(redirects)


_segment = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.lists(_segment, min_size=1, max_size=3).map(lambda parts: "/" + "/".join(parts)))
def test_any_old_address_is_a_rule_of_the_site_or_one_message(project, path):
    shutil.rmtree(project.root / "posts")
    project.post("2024-05-01-one", original_url="https://old.example" + path.replace("\x00", ""))
    project.save_config()
    try:
        build = _built(project)
    except Exception as error:  # a ContentError: one problem, on the post, with a fix
        problems = getattr(error, "problems", None)
        assert problems is not None, f"not a message: {error!r}"
        assert [p.file for p in problems] == ["posts/2024-05-01-one.md"] and all(p.fix for p in problems)
        return
    moved, problems = old_addresses.moved(build.site, build.site_url)
    assert problems == []
    rules = old_addresses.host_rules(old_addresses.rules(build.site, build.feeds, build.site_url) + moved)
    parsed = parse_redirects(host_rules.redirects_file("test", rules))
    assert parsed == [(r.source, r.target, 301) for r in rules]
    headers = publish.header_rules(build.registry, [])
    assert [path for path, _ in parse_headers(host_rules.headers_file("test", headers))] == \
        [r.path + ("*" if r.splat else "") for r in headers]


_KINDS = {"page": ("docs/pages/{}.md", "---\ntitle: T\nsummary: S.\n---\n"),
          "post": ("posts/2024-05-01-{}.md", None), "picture": ("posts/{}.png", b"\x89PNG\r\n"),
          "report": ("docs/{}.pdf", b"%PDF-1.4\n"), "folder": ("easyread/{}/x.png", b"\x89PNG\r\n")}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="/\x00"),
                    min_size=1, max_size=20), kind=st.sampled_from(sorted(_KINDS)))
def test_any_file_name_is_published_or_refused_with_its_rename(project, name, kind):
    """Build and `scf check` say the same; a name that could mean more is one problem with its fix."""
    for folder in ("docs/pages", "posts", "easyread"):
        shutil.rmtree(project.root / folder, ignore_errors=True)
        (project.root / folder).mkdir()
    for stray in (project.root / "docs").glob("*.pdf"):
        stray.unlink()
    if name in (".", "..") or name.startswith("."):
        return  # never published, like .gitkeep
    pattern, content = _KINDS[kind]
    rel = pattern.format(name)
    if content is None:
        project.post(rel[len("posts/"):-3])
    else:
        project.write(rel, content)
    messages = same(project)  # no traceback: every problem is a message, the same from both
    refused_part = next((part for part in rel.split("/") if not is_safe(part)), None)
    if refused_part is None:
        assert not any("Fix: rename it to" in m for m in messages), messages
    else:
        assert [m for m in messages if "Fix: rename it to" in m] == \
            [m for m in messages if m.endswith(f"Fix: rename it to {suggested(refused_part)}")]
        assert len(messages) == 1 and is_safe(suggested(refused_part)), messages


def test_a_rule_path_that_is_not_a_plain_path_is_never_written():
    for path in ("/*", "/a b", "//evil", "/\\evil", "/a\n/*", "/:splat", "/a!", "/%2a", "/../x", "/a//b"):
        assert not host_rules.is_path(path), path
        with pytest.raises(ValueError):
            host_rules.Redirect(path, "/x/").line()
    registry = Registry()
    assert registry.claim("a/index.html", Source("docs/a.md", None, "this page"))
    assert not registry.claim("a", Source("docs/a.txt", None, "this file"))
    assert "docs/a.md" in str(registry.problems[0])


_URL_ATTRIBUTE = re.compile(r'\b(?:href|src|action)="([^"]*)"')
_ROOT_ONLY = {"root", "base_url.rstrip('/')", "(base_url ~ '/') | replace('//', '/')", "loop.index"}


def test_every_url_a_template_writes_passes_the_one_filter():
    """An href, src or action that prints a value prints it through url, link(...) or site_path."""
    from site_project import REPO
    for template in sorted((REPO / "overrides").rglob("*.html")):
        for value in _URL_ATTRIBUTE.findall(template.read_text(encoding="utf-8")):
            for printed in re.findall(r"{{\s*(.*?)\s*}}", value):
                assert printed in _ROOT_ONLY or re.search(r"\|\s*(url|link\(.*\)|site_path)\s*\)?$", printed), \
                    f"{template.name}: {printed}"


def test_every_output_is_made_once_at_a_claimed_address_without_writing(project, tmp_path):
    """`finish(None)` makes every whole-site file in memory (as `scf check` will): each at an
    address the registry gave out, none twice, and nothing is written."""
    project.post("2024-05-01-one", original_url="https://old.example/2019/05/one/")
    project.write("docs/events/meet.md", "---\ntitle: Meet\nsummary: S.\ntype: event\nstart: 2026-12-01T10:00\nlocation: Leeds\n"
                  "uid: meet-2026\n---\n")
    project.settings["page_types"] = ["home", "vision", "event"]
    build = _built(project)
    made = build.finish(None)
    assert len(made) == len(set(made)) and all(build.registry.owner(a) for a in made)
    assert {"events.ics", "events/meet.ics", "feed.xml", "_redirects", "_headers", "robots.txt",
            "2019/05/one/index.html", "pagefind"} <= set(made)
    assert not (project.root / "site").exists()


class _OneByOne(Registry):
    """The registry's clash rule as first written: every folder of an address looked at."""

    def _free(self, address: str, source: Source, end: str = "") -> bool:
        key = address.casefold()
        parts = key.split("/")
        parents = ["/".join(parts[:n]) for n in range(1, len(parts))]
        other = (self._files.get(key) or self._folders.get(key) or self._needed.get(key)
                 or next((self._files.get(p) or self._folders.get(p) for p in parents
                          if p in self._files or p in self._folders), None))
        if other is not None:
            return self._refuse(address + end, source, other)
        for parent in parents:
            self._needed.setdefault(parent, source)
        return True


_claims = st.lists(st.tuples(st.sampled_from(["file", "folder", "rule"]),
                             st.lists(st.sampled_from(["a", "A", "b", "index.html"]), min_size=1, max_size=4),
                             st.integers(0, 3)), max_size=25)


@given(claims=_claims)
def test_the_registry_finds_every_clash_as_when_it_looked_at_every_folder(claims):
    fast, slow = Registry(), _OneByOne()
    for kind, parts, who in claims:
        address, source = "/".join(parts), Source(f"posts/p{who}.md", None, f"post {who}")
        for registry in (fast, slow):
            if kind == "folder":
                registry.claim_folder(address, source)
            else:
                registry.claim(address, source, written=kind == "file")
    assert (fast.files, fast.folders, fast.dropped, fast.problems) == (slow.files, slow.folders, slow.dropped,
                                                                     slow.problems)
    assert fast._needed == slow._needed

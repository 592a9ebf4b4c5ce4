"""Publishing: `mkdocs gh-deploy`, host files, sitemap and social cards."""
from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from rule_files import parse_headers, parse_redirects
from site_project import BIN, NOW, REPO, THEME, Project

SITE_URL = "https://example.org/"
PNG = (REPO / "docs/assets/images/social-card.png").read_bytes()


# -- a built fixture site -------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Project:
    project = Project(tmp_path_factory.mktemp("publish") / "project")
    project.write("docs/assets/images/social-card.png", PNG)
    project.write("docs/about.md", "---\ntitle: About us\nsummary: Who we are.\n---\n\nAbout.\n")
    project.write("posts/images/rally.png", PNG)
    project.post("2024-05-01-pledge", title='The "pledge" & us', summary="Why we made a pledge.",
                 image="images/rally.png", image_alt="People holding a banner",
                 original_url="https://old.example.org/2024/05/pledge-for-care/")
    project.post("2024-04-01-same", title="Same address", date="2024-04-01",
                 original_url="https://old.example.org/2024/04/01/same/")
    project.post("2024-03-01-plain", title="Plain post", date="2024-03-01", categories=["Gatherings"],
                 authors=["bob-writer"])
    project.post("2024-06-01-secret", title="Secret draft", date="2024-06-01", draft=True,
                 original_url="https://old.example.org/secret/")
    project.post("2027-01-01-future", title="Future post", date="2027-01-01")
    project.build()
    return project


def read(project: Project, rel: str) -> str:
    return (project.root / "site" / rel).read_text(encoding="utf-8")


def html_files(project: Project) -> list[str]:
    """The site's pages; not the small pages that send an old address on (redirect_pages.py)."""
    site_dir = project.root / "site"
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                  if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))


def test_an_old_address_gets_a_static_page_that_sends_readers_on(site):
    moved = read(site, "2024/05/pledge-for-care/index.html")
    assert '<meta http-equiv="refresh" content="0; url=/2024/05/01/pledge/">' in moved
    assert '<link rel="canonical" href="https://example.org/2024/05/01/pledge/">' in moved
    assert "<script" not in moved and "script-src 'self'" in moved  # a policy, and nothing it must allow


def inline_script_hashes(html: str) -> set[str]:
    hashes = set()
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        if "src=" not in attrs and "application/json" not in attrs:
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    return hashes


def theme_sources(project: Project) -> set[str]:
    """What every template of the theme and our overrides writes as inline script, at any depth."""
    from scf_mkdocs.template_scripts import ThemeScripts

    material = Path(__import__("material").__file__).parent / "templates"
    scripts = ThemeScripts([REPO / "overrides", material])
    return {h for base in (".", "..", "../..", "../../..", "../../../..", "/") for h in scripts.for_base(base)}


def headers_for(rules, path: str) -> list[tuple[str, str]]:
    found = []
    for pattern, headers in rules:
        if re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), path):
            found += headers
    return found


def csp_directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}


def test_headers_carry_the_security_policy_with_every_inline_script_hash(site):
    rules = parse_headers(read(site, "_headers"))
    everywhere = dict(headers_for(rules, "/"))
    for path in ("/", "/about/", "/feed.xml", "/assets/images/social-card.png", "/no-such-folder/"):
        policies = [v for name, v in headers_for(rules, path) if name == "Content-Security-Policy"]
        assert policies == [] if path == "/no-such-folder/" else policies == [everywhere["Content-Security-Policy"]]
    policy = csp_directives(everywhere["Content-Security-Policy"])
    scripts: set[str] = set()
    for rel in html_files(site):
        scripts |= inline_script_hashes(read(site, rel))
    assert len(scripts) >= 3  # the theme writes a few, one per folder depth
    # WebAssembly for the search; no other exception to "our own origin" than the theme's scripts.
    assert scripts <= set(policy["script-src"])
    assert set(policy["script-src"]) - scripts <= {"'self'", "'wasm-unsafe-eval'"} | theme_sources(site)
    assert policy["default-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    sources = {s for values in policy.values() for s in values} - {"'wasm-unsafe-eval'"}
    assert not any("http" in s or s == "*" or "unsafe" in s for s in sources)
    assert everywhere["Strict-Transport-Security"].startswith("max-age=")
    assert everywhere["X-Content-Type-Options"] == "nosniff"
    assert everywhere["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in everywhere["Permissions-Policy"]


def test_fingerprinted_assets_are_cached_for_a_year_and_pages_briefly(site):
    rules = parse_headers(read(site, "_headers"))
    site_dir = site.root / "site"
    fingerprinted = 0
    for file in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = file.relative_to(site_dir).as_posix()
        paths = [f"/{rel}"] + ([f"/{rel[:-len('index.html')]}"] if rel.endswith("index.html") else [])
        for path in paths:
            caches = [v for name, v in headers_for(rules, path) if name == "Cache-Control"]
            assert len(caches) <= 1, f"{path} matches two Cache-Control rules: {caches}"
            if re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", rel):
                fingerprinted += 1
                assert caches == ["public, max-age=31536000, immutable"], path
            elif rel.endswith((".html", ".xml")):
                assert caches and "max-age=0" in caches[0], path
            else:
                assert not caches or "immutable" not in caches[0], path
    assert fingerprinted >= 2


def test_each_page_carries_the_policy_as_a_meta_tag_for_github_pages(site):
    for rel in html_files(site):
        html = read(site, rel)
        policies = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert len(policies) == 1, rel
        assert html.index(policies[0]) < html.index("<script"), "the policy must come before any script"
        policy = csp_directives(policies[0])
        assert "frame-ancestors" not in policy  # browsers ignore it in <meta> and complain
        assert inline_script_hashes(html) <= set(policy["script-src"]), rel


def test_redirects_send_the_old_blog_addresses_to_the_new_ones(site):
    rules = {source: [target, str(status)] for source, target, status in parse_redirects(read(site, "_redirects"))}
    assert rules["/feed/"] == ["/feed.xml", "301"]  # the list comes from scf.outputs.feeds
    assert rules["/category/gatherings/feed/"][1] == "301"
    assert rules["/category/research-and-framing/"] == ["/blog/category/research-and-framing/", "301"]
    assert rules["/category/gatherings/"] == ["/blog/category/gatherings/", "301"]
    assert rules["/author/bob-writer/"] == ["/blog/author/bob-writer/", "301"]
    assert rules["/2024/05/pledge-for-care/"] == ["/2024/05/01/pledge/", "301"]
    assert "/2024/04/01/same/" not in rules  # the address did not change
    assert "/secret/" not in rules  # drafts are not published
    assert all((site.root / "site" / new.lstrip("/") / "index.html").exists()
               for new, _ in rules.values() if new.endswith("/"))


def sitemap_urls(xml: str) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def test_sitemap_lists_exactly_the_published_pages(site):
    xml = read(site, "sitemap.xml")
    urls = sitemap_urls(xml)
    assert len(urls) == len(set(urls))
    built = {SITE_URL + rel[:-len("index.html")] for rel in html_files(site) if rel.endswith("index.html")}
    assert set(urls) == built
    assert SITE_URL + "2024/05/01/pledge/" in urls and SITE_URL + "about/" in urls
    assert not any("secret" in u or "future" in u or "2027" in u for u in urls)
    # Only posts have a date to give; no build date anywhere.
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", xml)) == {"2024-05-01", "2024-04-01", "2024-03-01"}
    assert gzip.decompress((site.root / "site/sitemap.xml.gz").read_bytes()).decode() == xml


def test_sitemap_skips_unpublished_posts_even_when_the_model_holds_them(site):
    from scf.build import SiteBuild
    from scf.outputs.host_files import published

    build = SiteBuild(site.root, site_url=SITE_URL, serving=True, now=dt.datetime.fromisoformat(NOW), theme=THEME)
    assert any(not p.published for p in build.site.posts)  # serve shows drafts and future posts
    urls = {url for url, _ in published(build.site, build.listings, SITE_URL)}
    assert "2024/05/01/pledge/" in urls
    assert "2024/06/01/secret/" not in urls and "2027/01/01/future/" not in urls


def test_robots_txt_points_at_the_sitemap(site):
    assert read(site, "robots.txt").splitlines() == [
        "User-agent: *", "Disallow:", "", f"Sitemap: {SITE_URL}sitemap.xml"]


def test_every_listed_page_has_its_canonical_address(site):
    for url in sitemap_urls(read(site, "sitemap.xml")):
        html = read(site, url[len(SITE_URL):] + "index.html")
        assert f'<link rel="canonical" href="{url}">' in html


def meta_tags(html: str) -> dict[str, str]:
    return {m[1]: m[2] for m in re.finditer(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html)}


def test_a_post_with_an_image_is_shared_with_that_image_and_its_alt_text(site):
    tags = meta_tags(site.html("2024/05/01/pledge"))
    assert tags["og:title"] == tags["twitter:title"] == "The &#34;pledge&#34; &amp; us"
    assert tags["og:description"] == tags["twitter:description"] == "Why we made a pledge."
    assert tags["og:url"] == SITE_URL + "2024/05/01/pledge/"
    assert tags["og:type"] == "article"
    assert tags["og:image"] == tags["twitter:image"] == SITE_URL + "posts/images/rally.png"
    assert tags["og:image:alt"] == tags["twitter:image:alt"] == "People holding a banner"
    assert tags["twitter:card"] == "summary_large_image"
    assert (site.root / "site/posts/images/rally.png").exists()
    # and shown above the text, as the editor's "Picture" hint promises
    assert ('<figure class="scf-post-picture"><img src="../../../../posts/images/rally.png" '
            'alt="People holding a banner"></figure>') in site.html("2024/05/01/pledge")
    assert "scf-post-picture" not in site.html("2024/03/01/plain")


def test_other_pages_are_shared_with_the_default_card(site):
    for url, kind in (("2024/03/01/plain", "article"), ("about", "website"), ("blog", "website")):
        tags = meta_tags(site.html(url))
        assert tags["og:image"] == SITE_URL + "assets/images/social-card.png"
        assert tags["og:image:alt"] and tags["og:type"] == kind
    assert meta_tags(site.html("about"))["og:description"] == "Who we are."
    assert meta_tags(site.html(""))["og:title"] == "Test site"  # the site's name, not "Home"
    assert (site.root / "site/assets/images/social-card.png").read_bytes() == PNG


def test_the_build_is_byte_identical_when_repeated(site, tmp_path):
    again = Project(tmp_path / "again")
    shutil.rmtree(again.root)
    shutil.copytree(site.root, again.root, ignore=shutil.ignore_patterns("site"))
    again.build()
    for name in ("_headers", "_redirects", "sitemap.xml", "sitemap.xml.gz", "robots.txt",
                 "2024/05/01/pledge/index.html"):
        assert (again.root / "site" / name).read_bytes() == (site.root / "site" / name).read_bytes(), name


def test_serve_leaves_out_the_meta_policy_because_it_injects_a_script(site):
    from scf.build import SiteBuild

    page = '<html><head><meta charset="utf-8"><script>reload()</script></head></html>'
    served = SiteBuild(site.root, site_url=SITE_URL, serving=True, now=dt.datetime.fromisoformat(NOW), theme=THEME)
    built = SiteBuild(site.root, site_url=SITE_URL, now=dt.datetime.fromisoformat(NOW), theme=THEME)
    assert served.page("index.md", page) == page
    assert 'http-equiv="Content-Security-Policy"' in built.page("index.md", page)


# A build in which content is neither checked nor sanitized: what reaches the CSP then?
UNGUARDED = """
import sys, scf.build
scf.build.removed_content = lambda *args, **kwargs: []
scf.build.sanitize = lambda html: html
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "--strict"]
cli()
"""


def test_a_script_in_content_changes_neither_the_policy_nor_the_headers(site, tmp_path):
    def policies(root: Path) -> tuple[str, dict[str, list[str]]]:
        pages = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.html"))
        metas = {rel: re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                                 (root / "site" / rel).read_text(encoding="utf-8")) for rel in pages}
        return (root / "site/_headers").read_text(encoding="utf-8"), metas

    hostile = Project(tmp_path / "hostile")
    shutil.rmtree(hostile.root)
    shutil.copytree(site.root, hostile.root, ignore=shutil.ignore_patterns("site"))
    post = hostile.root / "posts/2024-03-01-plain.md"
    post.write_text(post.read_text(encoding="utf-8") + "\n<script>window.smuggled = 1</script>\n", encoding="utf-8")
    env = {**os.environ, "SCF_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([str(BIN / "python"), "-c", UNGUARDED], cwd=hostile.root, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "<script>window.smuggled = 1</script>" in hostile.html("2024/03/01/plain")  # it got through
    assert policies(hostile.root) == policies(site.root)


# -- mkdocs gh-deploy ----------------------------------------------------------------------

def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_gh_deploy_publishes_exactly_the_built_site(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "site", "__pycache__", "*.egg-info", ".pytest_cache"))
    bare = tmp_path / "published.git"
    git("init", "-q", "--bare", str(bare), cwd=tmp_path)
    env = {**os.environ, "SCF_NOW": NOW, "NO_MKDOCS_2_WARNING": "1", "GIT_AUTHOR_NAME": "Test",
           "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "content"],
                 ["remote", "add", "pages", str(bare)]):
        subprocess.run(["git", *args], cwd=copy, env=env, check=True, capture_output=True)

    result = subprocess.run([str(BIN / "mkdocs"), "gh-deploy", "--remote-name", "pages", "--force"],
                            cwd=copy, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

    listing = git("ls-tree", "-r", "gh-pages", cwd=bare).splitlines()
    published = {line.split("\t")[1]: line.split()[2] for line in listing}
    site_dir = copy / "site"
    built = {p.relative_to(site_dir).as_posix(): p for p in site_dir.rglob("*") if p.is_file()}
    assert set(published) - {".nojekyll"} == set(built)
    for rel, path in built.items():  # the same bytes, not just the same names
        assert published[rel] == git("hash-object", str(path), cwd=copy).strip(), rel
    assert "index.html" in published and "_headers" in published and "sitemap.xml" in published
    assert not [p for p in published if p.endswith(".md") or p.startswith(("hooks/", "overrides/", "data/"))
                or p in ("mkdocs.yml", "scf.yml", "pyproject.toml")]


def test_the_theme_scripts_are_read_again_only_when_a_template_changes(tmp_path):
    """scf_mkdocs.template_scripts.kept: the policy's scripts are kept while no template file is
    added, changed or removed, and not while one was saved just now (it may be saved again
    within the same tick); a folder beginning with "." (Material's .icons/) is never read."""
    from scf_mkdocs.template_scripts import kept

    old = 1_600_000_000_000_000_000

    def age(*paths: Path) -> None:
        for path in paths:
            os.utime(path, ns=(old, old))

    page = tmp_path / "main.html"
    page.write_text("<script>one()</script>")
    (tmp_path / ".icons").mkdir()
    (tmp_path / ".icons" / "x.html").write_text("<script>hidden()</script>")
    age(page)
    first = kept([tmp_path])
    assert kept([tmp_path]) is first and len(first.for_base(".")) == 1
    page.write_text("<script>two(); three()</script>")

    changed = kept([tmp_path])

    assert changed is not first and changed.for_base(".") != first.for_base(".")
    assert kept([tmp_path]) is not changed  # saved just now: read again until it is older
    age(page)
    assert kept([tmp_path]) is kept([tmp_path])
    (tmp_path / "partial.html").write_text("<script>four()</script>")
    assert len(kept([tmp_path]).for_base(".")) == 2

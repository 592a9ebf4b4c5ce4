"""The web editor's configuration comes from the content model, and what it writes is what
the model reads. (The editor itself, in a browser: tests/browser/test_editor_browser.py.)"""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
import yaml

from scf.content import data, schema
from scf.content.model import load_site
from scf.content.settings import load_settings
from scf.integrations import editor
from scf.integrations.editor_config import dump, editor_config
from site_project import REPO

EDITOR = {"repo": "example/site", "branch": "main", "base_url": "https://auth.example.org"}
NOW = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


def config_of(root: Path) -> dict:
    settings = load_settings(root)
    return editor_config(load_site(settings, NOW), "example/site", "main", "")


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def fields(coll: dict) -> dict:
    return {f["name"]: f for f in coll["fields"]}


def test_the_posts_form_is_the_schema_with_the_sites_choices():
    config = config_of(REPO)
    posts = collection(config, "posts")
    settings = load_settings(REPO)
    form = fields(posts)
    assert list(form) == ["title", "date", "authors", "categories", "summary", "slug", "draft",
                          "image", "image_alt", "body"]
    assert form["categories"]["options"] == list(settings.categories)
    authors = yaml.safe_load((REPO / "data/authors.yml").read_text(encoding="utf-8"))["authors"]
    assert sorted(o["value"] for o in form["authors"]["options"]) == sorted(a["key"] for a in authors)
    for name in ("title", "date", "authors", "categories", "summary", "body"):  # schema.POST_REQUIRED
        assert form[name].get("required", True), name
    for name in ("slug", "draft", "image", "image_alt"):
        assert form[name]["required"] is False, name
    assert posts["folder"] == "posts" and posts["slug"] == "{{fields.date}}-{{slug}}"
    assert form["date"]["format"] == "YYYY-MM-DD" and form["date"]["picker_utc"] is False
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {"name": "github", "repo": "example/site", "branch": "main"}


def test_a_new_category_and_author_appear_with_no_other_change(project):
    project.settings["categories"].append("Brand new category")
    project.write("data/authors.yml", (project.root / "data/authors.yml").read_text()
                  + "- {key: new-person, name: New Person, role: Writer, bio: Writes.}\n")
    project.save_config()
    form = fields(collection(config_of(project.root), "posts"))
    assert "Brand new category" in form["categories"]["options"]
    assert {"label": "New Person", "value": "new-person"} in form["authors"]["options"]


def test_the_sites_easy_read_files_open_with_their_original_chosen():
    """The easy read collections' select shows the front matter's `original` (the model checks
    it agrees with the file name): without it an existing file opens with the field empty."""
    config = config_of(REPO)
    for name, folder in (("easy-read", REPO / "easyread"), ("easy-read-posts", REPO / "easyread/posts")):
        options = fields(collection(config, name))["original"]["options"]
        for path in sorted(folder.glob("*.md")):
            meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
            assert meta.get("original") == path.stem, f"{path}: add 'original: {path.stem}' to its front matter"
            assert path.stem in options


def test_the_configuration_is_the_same_bytes_every_time():
    assert dump(config_of(REPO)) == dump(config_of(REPO))


@pytest.mark.parametrize("setting, message", [
    ({"repo": "no-slash"}, "'editor: repo' must be a GitHub repository as owner/name"),
    ({"repo": "a/b", "base_url": "http://auth.example.org"}, "'editor: base_url' must be an https:// address"),
    ({"repo": "a/b", "brnach": "main"}, "brnach"),
    ("a/b", "editor"),
])
def test_a_wrong_editor_setting_is_reported(project, setting, message):
    project.settings["editor"] = setting
    result = project.run("scf", "check")
    assert result.returncode == 1 and "scf.yml" in result.stdout and message in result.stdout, result.stdout
    assert "Traceback" not in result.stderr
    # The editor's own rules are checked with the schema's, on the line of their key.
    assert re.search(r"^scf\.yml:\d+: ", result.stdout, re.M), result.stdout


# -- what the editor writes --------------------------------------------------------------

def decap_yaml(values: dict) -> str:
    """Front matter as Decap writes it: keys in the order of the form, lists as block lists."""
    return yaml.safe_dump(values, sort_keys=False, allow_unicode=True, default_flow_style=False, width=10**6)


def sample(field: dict):
    """A value the widget can produce; optional fields as Decap leaves them when untouched."""
    widget = field["widget"]
    if field.get("required") is False and widget != "boolean":
        return ""
    if widget == "datetime":
        return "2021-03-28"  # the text the date picker writes with format YYYY-MM-DD
    if widget == "select":
        first = field["options"][0]
        value = first["value"] if isinstance(first, dict) else first
        return [value] if field.get("multiple") else value
    if widget == "list":
        return ["First", "Second, with a comma"]
    if widget == "boolean":
        return False
    if widget == "hidden":
        return field["default"]
    return "Some plain words"


def entry(coll: dict) -> str:
    values = {name: sample(f) for name, f in fields(coll).items() if name != "body"}
    return "---\n" + decap_yaml(values) + "---\n" + "![A heart](:material-heart:)\nWe care.\n"


def test_every_file_the_editor_can_write_is_read_by_the_model(project):
    project.settings["page_types"] = ["home", "vision", "letter", "case-study", "case-studies"]
    project.save_config()
    project.write("docs/about.md", "---\ntitle: About\nsummary: About us.\n---\n\nWords.\n")
    project.post("2020-01-01-an-older-post")
    config = config_of(project.root)
    for coll in config["collections"]:
        if "folder" not in coll:
            continue
        slug = "new-entry"
        if coll["name"] == "posts":
            slug = "2021-03-28-new-entry"
        elif coll["name"].startswith("easy-read"):
            slug = fields(coll)["original"]["options"][0]
        project.write(f"{coll['folder']}/{slug}.md", entry(coll))
    [data_files] = [c for c in config["collections"] if "files" in c]
    theory = yaml.safe_load((REPO / data.THEORY_OF_CHANGE).read_text(encoding="utf-8"))
    theory["persuade"][0] = "Politicians, councils and the press"  # one box per line: commas stay
    form = next(f for f in data_files["files"] if f["file"] == data.THEORY_OF_CHANGE)
    assert [f["name"] for f in form["fields"]] == list(theory)  # the form is the file's shape
    project.write(data.THEORY_OF_CHANGE, decap_yaml(theory))
    # The signatories: a list of name and organisation.
    form = next(f for f in data_files["files"] if f["file"] == data.SIGNATORIES)
    [signatories] = form["fields"]
    assert signatories["widget"] == "list" and [f["name"] for f in signatories["fields"]] == ["name", "organisation"]
    signed = {"signatories": [{"name": "Dee Newname", "organisation": "A New Group, Ltd"}]}
    project.write(data.SIGNATORIES, decap_yaml(signed))
    # The authors: a list of key, name, role and bio ("Add author"), the key a slug.
    form = next(f for f in data_files["files"] if f["file"] == data.AUTHORS)
    [authors] = form["fields"]
    assert authors["widget"] == "list" and authors["label_singular"] == "Author"
    assert [f["name"] for f in authors["fields"]] == ["key", "name", "role", "bio"]
    assert authors["fields"][0]["pattern"][0] == schema.SLUG.pattern
    assert "never change it" in authors["fields"][0]["hint"]
    written = yaml.safe_load((project.root / data.AUTHORS).read_text(encoding="utf-8"))
    written["authors"].append({"key": "dee-newname", "name": "Dee Newname", "role": "Writer, #socialcarefuture",
                               "bio": "Dee writes.\nOn two lines."})
    project.write(data.AUTHORS, decap_yaml(written))
    site = load_site(load_settings(project.root), NOW)
    post = next(p for p in site.posts if p.source == "posts/2021-03-28-new-entry.md")
    assert post.date == dt.datetime(2021, 3, 28, tzinfo=load_settings(project.root).tz)
    assert post.url == "2021/03/28/new-entry/"
    assert any(e.source.startswith("easyread/posts/") for e in site.easy_read)
    assert any(p.source == "docs/case-studies/new-entry.md" and p.type == "case-study" for p in site.pages)
    assert site.data.theory_of_change["persuade"][0] == "Politicians, councils and the press"
    assert site.data.signatories == [data.Signatory("Dee Newname", "A New Group, Ltd")]
    assert site.authors["dee-newname"] == data.Author("dee-newname", "Dee Newname", "Writer, #socialcarefuture",
                                                      "Dee writes.\nOn two lines.")
    assert list(site.authors)[:2] == ["ann-author", "bob-writer"]
    assert {"label": "Dee Newname", "value": "dee-newname"} in fields(collection(config_of(project.root),
                                                                                 "posts"))["authors"]["options"]


# -- the built editor -------------------------------------------------------------------

@pytest.fixture
def built(project):
    if not (REPO / editor.DIST / editor.BUNDLE).is_file():
        pytest.skip("decap-cms is not installed: run `npm ci --ignore-scripts` (./dev does)")
    (project.root / "node_modules").symlink_to(REPO / "node_modules")
    project.settings["editor"] = EDITOR
    project.post("2024-05-01-a-post")
    return project.build()


def test_the_editor_is_built_from_our_own_origin_and_kept_out_of_public_lists(built):
    admin = built / "admin"
    assert (admin / "decap-cms.js").is_file() and (admin / "preview.js").is_file()
    assert not list(admin.glob("*.map"))
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert f'content="{editor.csp(header=False)}"' in page
    assert 'src="http' not in page and 'href="http' not in page  # nothing from another origin
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["base_url"] == "https://auth.example.org"
    for name in ("sitemap.xml", "feed.xml", "feed.json", "index.html"):
        if (built / name).exists():
            assert "admin" not in (built / name).read_text(encoding="utf-8"), name
    headers = (built / "_headers").read_text(encoding="utf-8")
    rules = [block.splitlines() for block in re.split(r"\n(?=/)", headers)]
    admin = [line.strip() for lines in rules if lines[0] == "/admin/*" for line in lines[1:]]
    assert [line for line in admin if "Content-Security-Policy" in line] == [
        f"Content-Security-Policy: {editor.csp()}"]  # the editor's alone: no rule for /* sends one
    public = "\n".join(line for lines in rules if lines[0] != "/admin/*" for line in lines)
    assert "'unsafe-eval'" not in public and "api.github.com" not in public  # the public policy unchanged


def test_without_node_the_site_builds_and_says_the_editor_was_left_out(project):
    project.settings["editor"] = EDITOR
    result = project.run("mkdocs", "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "The web editor /admin/ was left out" in result.stderr and "npm ci --ignore-scripts" in result.stderr
    assert not (project.root / "site/admin").exists()


def test_in_ci_a_missing_editor_stops_the_build(project):
    project.settings["editor"] = EDITOR
    os.environ[editor.REQUIRE_ENV] = "1"
    try:
        result = project.run("mkdocs", "build", "--strict")
    finally:
        del os.environ[editor.REQUIRE_ENV]
    assert result.returncode != 0 and "package.json: the web editor (Decap CMS) is not installed" in result.stdout + result.stderr

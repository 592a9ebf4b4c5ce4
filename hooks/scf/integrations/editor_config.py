"""The web editor's configuration (`admin/config.yml`), made from the content model.

Every collection, field, list of choices and hint comes from the schema, the settings and
the content read by this build, so a new category, author or page appears in the editor
after the next build, and a field's hint says the rule `scf check` applies to it.
Decap CMS and Sveltia CMS both read this format (decap-website content/docs/configuration-options.md).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

import yaml

from scf.content import data, schema
from scf.content.model import DOCS, EASY_READ, POSTS, Site

# Slug pattern as Decap's `pattern` option wants it: [regex, message].
_SLUG_PATTERN = [schema.SLUG.pattern, "Only lower-case letters, digits and single hyphens, like-this"]
# Dates are kept as the text the editor picked (YYYY-MM-DD), read as London time by the model.
# picker_utc: false and a format without a zone make the widget format the picked day as
# typed; a Date object would be saved in UTC, a day early in summer (decap #7319).
DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
        "time_format": False, "picker_utc": False}
# File names from the date field as typed: Decap's {{year}}/{{month}}/{{day}} read the date
# at local midnight with UTC getters, so in summer time they name the day before.
POST_FILE = "{{fields.date}}-{{slug}}"
# What the Text box's "+" offers (Decap's editor components). "easy-read-row" is ours
# (editor_picker.js: a picture found by word, then its sentences); it is for easy read only.
BODY = {"widget": "markdown", "editor_components": ["image", "code-block"]}
EASY_READ_BODY = {"widget": "markdown", "editor_components": ["easy-read-row", "image"]}

# The text's hints: the body is not a front matter field (every field's hint is in the schema).
BODY_HINT = ("The text of the post. Headings, links, lists and pictures from the toolbar. "
             "Put <!-- more --> where the listing excerpt should stop.")
EASY_READ_BODY_HINT = (
    "One idea per row. Add a row with + then Easy read row: find its symbol by a word, describe what it "
    "means, then write one or two short sentences. In Markdown a row is `![My family](symbol:family)` on "
    "its own line, then the sentences on the next lines. Headings (##) start a new part.")


def editor_config(site: Site, repo: str, branch: str, base_url: str,
                  local_backend: str = "") -> dict[str, Any]:
    """The whole configuration as plain data, in a fixed order."""
    backend: dict[str, Any] = {"name": "github", "repo": repo, "branch": branch}
    if base_url:
        backend["base_url"] = base_url
    config: dict[str, Any] = {"backend": backend}
    if local_backend:
        config["local_backend"] = {"url": local_backend}
    config.update({
        "publish_mode": "editorial_workflow",
        "media_folder": f"{DOCS}/assets/images",
        "public_folder": "/assets/images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [_posts(site), _pages(site), _case_studies(), *_easy_read(site), _data(site)],
    })
    return config


def dump(config: dict[str, Any]) -> str:
    """YAML with keys in the order given: the same content gives the same bytes."""
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)
    return "# Written by the build (hooks/scf/integrations/editor_config.py) from the content model; do not edit.\n" + text


# -- collections -------------------------------------------------------------------------

def _posts(site: Site) -> dict[str, Any]:
    authors = [{"label": a.name, "value": key} for key, a in sorted(site.authors.items())]
    return _folder("posts", "Blog posts", POSTS, {
        "label_singular": "Blog post",
        "slug": POST_FILE,
        "summary": "{{fields.date}}: {{title}}",
        "sortable_fields": ["date", "title"],
        "media_folder": "images", "public_folder": "images",
    }, [*_offered(schema.fields_for("post"), {"authors": authors, "categories": list(site.settings.categories)}),
        {**_field("body", "Text", hint=BODY_HINT), **BODY}])


def _pages(site: Site) -> dict[str, Any]:
    types = [t for t in site.settings.page_types if t != "case-study"]
    return _folder("pages", "Pages", DOCS, {
        "label_singular": "Page",
        "view_groups": [{"label": "Type", "field": "type"}],
    }, [*_offered(schema.fields_for("page"), {"type": types}), {**_field("body", "Text", hint=BODY_HINT), **BODY}])


def _case_studies() -> dict[str, Any]:
    return _folder("case-studies", "Case studies", f"{DOCS}/case-studies", {
        "label_singular": "Case study",
        "filter": {"field": "type", "value": "case-study"},
    }, [*_offered(schema.fields_for("case-study"), fixed={"type": "case-study"}),
        {**_field("body", "Text", hint=BODY_HINT), **BODY}])


def _easy_read(site: Site) -> list[dict[str, Any]]:
    """Two folders, as the model pairs them: easyread/NAME.md with docs/NAME.md and
    easyread/posts/NAME.md with posts/NAME.md. The chosen original names the file."""
    pages = [PurePosixPath(p.source).stem for p in site.pages if "/" not in p.source[len(DOCS) + 1:]]
    posts = [PurePosixPath(p.source).stem for p in site.posts]
    collections = []
    original = next(f for f in schema.fields_for("easy-read") if f.name == "original")
    # Pictures go to easyread/pictures/, written relative to the file (CONTRIBUTING.md, "Pictures").
    for name, label, folder, originals, pictures in (
            ("easy-read", "Easy read pages", EASY_READ, sorted(pages), "pictures"),
            ("easy-read-posts", "Easy read posts", f"{EASY_READ}/{POSTS}", sorted(posts, reverse=True),
             "../pictures")):
        if not originals:  # nothing to pair with yet (a select needs options)
            continue
        collections.append(_folder(name, label, folder, {
            "label_singular": label[:-1],
            "slug": "{{fields.original}}",
            "media_folder": pictures, "public_folder": pictures,
        }, [
            # The chosen original names the file, so the editor asks for it first, and always.
            _widget(original, originals, required=True),
            *_offered(f for f in schema.fields_for("easy-read") if f is not original),
            {**_field("body", "Text", hint=EASY_READ_BODY_HINT), **EASY_READ_BODY},
        ]))
    return collections


def _data(site: Site) -> dict[str, Any]:
    """File collections for data/, from the schema's description of each file.

    Decap writes a whole file when it saves one, without its comments (its `comment` option
    works in folder collections only: selectFieldsComments reads the collection's fields).
    """
    return {
        "name": "data", "label": "Lists and diagrams", "editor": {"preview": False},
        "files": [
            {"name": "authors", "label": "Authors", "file": site.settings.authors_file,
             "fields": [_schema_field(f) for f in schema.fields_for(data.AUTHORS)]},
            {"name": "signatories", "label": "Signatories of the CSR letter", "file": data.SIGNATORIES,
             "fields": [_schema_field(f) for f in schema.fields_for(data.SIGNATORIES)]},
            {"name": "theory-of-change", "label": "Theory of change", "file": data.THEORY_OF_CHANGE,
             "fields": [_schema_field(f) for f in schema.fields_for(data.THEORY_OF_CHANGE)]},
        ],
    }


def _schema_field(field: schema.Field) -> dict[str, Any]:
    """The widget for a field of the schema (strings, texts, lists and objects of them)."""
    label = field.name.replace("_", " ").capitalize()
    if field.type == "list" and field.item is not None and field.item.type == "object":
        first = field.item.fields[0].name  # items named by their first field (name, title) when folded
        singular = {"label_singular": field.item.name.capitalize()} if field.item.name != "item" else {}
        return {**_field(field.name, label, widget="list", min=field.minimum or 1, collapsed=False), **singular,
                "hint": _sentence(field.help), "summary": f"{{{{fields.{first}}}}}",
                "fields": [_schema_field(f) for f in field.item.fields]}
    if field.type == "list":
        return _lines(field.name, label)
    if field.type == "object":
        return {**_field(field.name, label, widget="object"), "fields": [_schema_field(f) for f in field.fields]}
    pattern: dict[str, Any] = {"pattern": _SLUG_PATTERN} if field.type == "slug" else {}
    return {**_field(field.name, label, widget="text" if field.type == "text" else "string",
                     required=field.required, **pattern), "hint": _sentence(field.help)}


# -- front matter fields -----------------------------------------------------------------

def _offered(fields: Iterable[schema.Field], options: Mapping[str, list[Any]] = {},
             fixed: Mapping[str, str] = {}) -> list[dict[str, Any]]:
    """The widgets of the fields the schema gives a label, in its order. `options`: a select's
    values, from the site; `fixed`: a value the collection sets itself (hidden)."""
    return [_widget(f, options.get(f.name), fixed.get(f.name)) for f in fields if f.label]


def _widget(field: schema.Field, options: list[Any] | None = None, fixed: str | None = None,
            required: bool | None = None) -> dict[str, Any]:
    """The editor's widget for a front matter field, as its type says."""
    name, label, hint = field.name, field.label, field.hint
    need = field.required if required is None else required
    if fixed is not None:
        return {**_field(name, label, widget="hidden"), "default": fixed}
    if field.type == "date":
        return {**_field(name, label, hint=hint, required=need), **DATE}
    if field.type == "list" and field.item is not None and field.item.type == "select":
        return _field(name, label, hint=hint, widget="select", options=options, multiple=True, min=field.minimum)
    if field.type == "list":
        return _lines(name, label, hint)
    if options is not None:  # a select, or text the editor picks from the site's names
        return _field(name, label, hint=hint, widget="select", required=need, options=options)
    extra: dict[str, Any] = {"slug": {"pattern": _SLUG_PATTERN},
                             "boolean": {"widget": "boolean", "default": field.default},
                             "image": {"widget": "image", "choose_url": False}}.get(field.type, {})
    return _field(name, label, hint=hint, required=need, **extra)


# -- helpers -----------------------------------------------------------------------------

def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _lines(name: str, label: str, hint: str = "") -> dict[str, Any]:
    """A list of lines of text, one box each: a bare list widget would split text at commas."""
    return {**_field(name, label, widget="list", min=1, hint=hint),
            "field": {"label": label.rstrip("s") or label, "name": "line", "widget": "string"}}


def _folder(name: str, label: str, folder: str, extra: dict[str, Any],
            fields: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": name, "label": label, "folder": folder, "create": True, "extension": "md",
            "format": "yaml-frontmatter", **extra, "fields": fields}


def _field(name: str, label: str, *, widget: str = "string", required: bool = True, hint: str = "",
           **options: Any) -> dict[str, Any]:
    field: dict[str, Any] = {"label": label, "name": name, "widget": widget}
    if not required:
        field["required"] = False
    field.update(options)
    if hint and widget not in ("object", "hidden"):
        field["hint"] = hint
    return field


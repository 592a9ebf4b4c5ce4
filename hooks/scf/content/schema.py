"""Every kind of file editors write, and every field in it, declared once.

The build and `scf check` validate with these (scf.content.validate), the editors' guide
describes them (CONTRIBUTING.md, "Front matter") and the web editor's configuration is
generated from them: read `SCHEMAS` or `fields_for(kind)`; nothing else lists fields.

A field has a `type` (see TYPES), `required`, a `help` text saying what it is for, a `rule`
saying what a good value looks like and a `fix` saying how to write one. `choices` is either
the allowed values or the name of a list the site defines (see CHOICES). A field the web editor
offers has its `label` there and the `hint` shown under it (editor_config.py makes its widget).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from scf.content import newsletter_settings as newsletter_settings

from . import editor_settings
from .problems import Block

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

TYPES = {
    "string": "one line of plain text (no HTML)",
    "text": "text, which may be long",
    "date": "a date (YYYY-MM-DD), optionally with a time (YYYY-MM-DD HH:MM)",
    "boolean": "true or false",
    "integer": "a whole number",
    "select": "one of a list of values",
    "list": "a list; each item is described by `item`",
    "object": "a set of 'name: value' fields, described by `fields`",
    "map": "'key: value' lines whose keys the editor chooses; each value is described by `item`",
    "image": "the path of an image file, relative to the file that names it",
    "url": "a full web address starting with https:// or http://",
    "slug": "lower-case letters, digits and hyphens, as in an address",
    "timezone": "a time zone name such as Europe/London",
    "path": "the path of a file in the repository, such as data/authors.yml",
}

# Lists of allowed values that the site itself defines: name -> where editors change it.
CHOICES = {
    "categories": "the 'categories' list in scf.yml",
    "page_types": "the 'page_types' list in scf.yml",
    "authors": "data/authors.yml",
    "templates": "the overrides/ folder (a page template is an .html file there)",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    help: str
    required: bool = False
    rule: str = ""  # what a good value is, when the type does not say it all
    fix: str = ""  # how to write a good value
    choices: tuple[str, ...] | str | None = None  # values, or a name from CHOICES
    minimum: int | None = None  # integers; lists: the fewest items
    maximum: int | None = None  # integers: the most (every integer field has one)
    item: Field | None = None  # list and map: each item
    fields: tuple[Field, ...] = ()  # object: its fields
    default: Any = None
    label: str = ""  # its name in the web editor; none: the editor does not offer it
    hint: str = ""  # what the web editor says under it
    # object: the rules its fields' types cannot say (one depends on another); it is given the
    # value (validate.Block), reports by key and returns what the code reads.
    check: Callable[[Block], Any] | None = None

    def __post_init__(self) -> None:
        assert self.type in TYPES, self.type
        assert self.type != "integer" or self.maximum is not None, f"{self.name}: an integer needs a maximum"


@dataclass(frozen=True)
class Schema:
    kind: str  # "post", "page", "scf.yml", "data/authors.yml"...
    files: str  # where such files are, for people
    help: str
    root: Field  # the whole file (front matter: an object)
    what: str | None = None  # how messages name the file's content; None: front matter fields
    example: str = ""  # a good line, quoted in fixes


def _f(name: str, type: str, help: str, **rest: Any) -> Field:
    return Field(name, type, help, **rest)


def _names(choices: str, name: str, what: str, hint: str) -> Field:
    return _f(name, "list", f"the post's {what}", required=True, minimum=1,
              item=_f(name, "select", what, choices=choices),
              fix=f"write '{name}: [first, second]'", label=name.capitalize(), hint=hint)


TITLE = _f("title", "string", "the title, as shown on the page and in lists", required=True,
           label="Title", hint="Required. Plain text, without HTML.")
SUMMARY = _f("summary", "string", "one or two plain sentences for lists, search and sharing",
             required=True, label="Summary", hint="Required. One or two plain sentences, without HTML: "
             "shown in listings, feeds and search results.")
HIDE = _f("hide", "list", "parts of the page the theme hides (the home page hides the menu)",
          item=_f("hide", "select", "a part of the page", choices=("navigation", "toc", "footer", "path")))
ORIGINAL_URL = _f("original_url", "url", "the address the text had on the old WordPress site")

POST = _f("post", "object", "a blog post", fields=(
    TITLE,
    _f("date", "date", "when the post is published; a future date keeps it unpublished until then",
       required=True, fix="write it as YYYY-MM-DD, for example 'date: 2024-05-01', "
       "or with a time: 2024-05-01 09:30; it must match the date in the file name",
       label="Date", hint="Required. The day the post is published, London time. A day in the future "
       "keeps it hidden until that day."),
    _names("authors", "authors", "author", "Required. Who wrote it. To add someone, add them in Lists and "
           "diagrams → Authors: they are offered here once the site has been rebuilt."),
    _names("categories", "categories", "category", "Required. One or more categories. The list is kept in scf.yml."),
    SUMMARY,
    _f("slug", "slug", "the last part of the post's address, when it differs from the file name",
       label="Address (slug)", hint="Optional. The end of the post's address, e.g. my-post; empty uses the "
       "file name made from the title. Never change it once published: old links would break."),
    _f("draft", "boolean", "true keeps the post unpublished", default=False,
       label="Draft", hint="On: the post is saved but not published."),
    _f("updated", "date", "when the post was last changed in a way readers should know about"),
    _f("image", "image", "a picture shown with the post and when it is shared",
       label="Picture", hint="Optional. A picture shown with the post. If you add one, describe it below."),
    _f("image_alt", "string", "what the picture shows, for people who cannot see it",
       label="Picture description",
       hint="Required with a picture: describe the picture for people who cannot see it."),
    ORIGINAL_URL,
    _f("guid", "string", "the post's id in feeds, kept from WordPress; never copy it to another post"),
))

_PAGE_FIELDS = (
    TITLE, SUMMARY,
    _f("type", "select", "which layout the page uses", choices="page_types",
       label="Type", hint="Optional. Which layout the page uses."),
    HIDE,
    _f("template", "select", "the theme template that draws the page", choices="templates"),
    ORIGINAL_URL,
    _f("updated", "date", "when the page was published or changed in a way readers should hear about "
       "(the monthly email lists it); on an event, when it moved, so calendars update it"),
)
_CASE_STUDY_FIELDS = (
    _f("place", "string", "where the work happens", required=True,
       label="Place", hint="Required for a case study: where it happens."),
    _f("organisation", "string", "who does the work", required=True,
       label="Organisation", hint="Required for a case study: who does it."),
    _f("themes", "list", "what the story is about; the case studies page groups by these",
       required=True, minimum=1, item=_f("themes", "string", "a theme"),
       fix="write 'themes: [First theme, Second theme]'",
       label="Themes", hint="Required for a case study: one or more themes."),
)
# Fields that pages of a type have besides a page's own. The modules that show those pages
# (events.py, publications.py, share.py) check what the types here cannot say.
PAGE_TYPE_FIELDS: dict[str, tuple[Field, ...]] = {
    "case-study": _CASE_STUDY_FIELDS,
    "event": (
        _f("start", "date", "when it starts: a date, or a date and a (London) time", required=True,
           fix="add 'start: 2024-05-01' (a date), or 'start: 2024-05-01 14:30' (London time) when the time is known"),
        _f("end", "date", "when it ends (optional)"),
        _f("location", "string", "where it happens, in words"),
        _f("online", "string", "how to join online: words or an address"),
        _f("report", "string", "the post that tells how it went, e.g. posts/2024-05-01-name.md"),
        _f("uid", "slug", "its permanent name in calendars: never change it, even if you rename the file",
           required=True, fix="add a line such as 'uid: leeds-2026' (the file name is a good choice) "
           "and never change it, even if you rename the file"),
    ),
    "publication": (
        _f("published", "date", "the day it came out", required=True),
        _f("file", "string", "the report's file, beside the page in docs/"),
        _f("post", "string", "the post that launched it, e.g. posts/2024-05-01-name.md"),
    ),
    "pledge": (_f("pledge", "string", "the words people share, with their hashtags", required=True),),
}
# Case study fields are allowed on any page (a page may be turned into one) but needed on these,
# and offered by the web editor in its case studies only.
PAGE = _f("page", "object", "a page in docs/", fields=_PAGE_FIELDS + tuple(
    replace(f, required=False, label="") for f in _CASE_STUDY_FIELDS))
CASE_STUDY = _f("page", "object", "a page in docs/ with 'type: case-study'",
                fields=_PAGE_FIELDS + _CASE_STUDY_FIELDS)
EASY_READ = _f("easy-read", "object", "an easy read version of a page or post", fields=(
    TITLE, SUMMARY,
    _f("standalone", "boolean", "true when there is no standard page to pair it with", default=False),
    HIDE,
    # Written by the web editor, which names the file after it (editor_config.py); the model
    # checks it agrees with the file name, which decides the pairing.
    _f("original", "string", "the name of the page or post this simplifies, as in its file name: "
       "the same as this file's name, without .md", label="Easy read version of",
       hint="Required. The page or post this easy read version simplifies. It decides the file name, "
       "so choose it before the first save."),
))

# The key is what posts write in `authors:`, so renaming it would orphan their bylines.
AUTHOR = _f("author", "object", "someone who can be named in a post's authors", fields=(
    _f("key", "slug", "what posts write in 'authors:' to name this author, in lower-case-with-hyphens "
       "(e.g. jane-smith); never change it once a post uses it", required=True,
       rule="posts name the author by it in 'authors:', so never change it once a post uses it",
       fix="add a line '- key: jane-smith' (their name in lower-case-with-hyphens) above the name: "
       "posts name the author by it in 'authors:', so never change it once a post uses it"),
    _f("name", "string", "the name shown on posts", required=True),
    _f("role", "string", "what they do, in a few words", required=True),
    _f("bio", "text", "a short biography from what the posts say", required=True),
))
_TITLED = _f("item", "object", "a titled paragraph", fields=(
    _f("title", "string", "the heading", required=True), _f("text", "string", "the paragraph", required=True)))
_LINES = dict(minimum=1, item=_f("item", "string", "one line of text"))

_AUTHORED = ("write 'authors:' on a line of its own, then each author below it, starting with their key, "
             "like: - {key: jane-smith, name: Jane Smith, role: Writer, bio: One sentence.}")
_SIGNED = ("write 'signatories:' on a line of its own, then one line per signatory below it, "
           "like: - {name: Jane Smith, organisation: Her Organisation}")

SETTINGS = _f("settings", "object", "the site's settings", fields=(
    _f("timezone", "timezone", "the time zone of dates written without one", default="Europe/London"),
    _f("authors_file", "path", "the list of authors", default="data/authors.yml"),
    _f("glossary_file", "path", "the easy read word list", default="data/glossary.yml"),
    _f("categories", "list", "the categories a post may have", required=True, minimum=1,
       item=_f("category", "string", "a category name"), fix="write one '  - Category name' line each"),
    _f("page_types", "list", "the layouts a page may ask for with 'type:'", default=(),
       item=_f("page_type", "slug", "a layout name")),
    _f("per_page", "integer", "posts on each page of the blog and its listings", default=10, minimum=1,
       maximum=1000),
    _f("related_posts", "integer", "related posts shown under each post", default=3, minimum=0, maximum=20),
    _f("feed_items", "integer", "the newest posts in each feed", default=20, minimum=1, maximum=1000),
    _f("words_per_minute", "integer", "reading speed for 'N minutes to read'", default=200, minimum=1,
       maximum=2000),
    # Feed item ids are `tag:` URIs under this authority; never change it (subscribers would see
    # every post as new). It is not the site address, so moving the site keeps the ids.
    _f("id_authority", "string", "the stem of every feed item's id: never change it",
       default="socialcarefuture.org.uk,2026"),
    _f("editor", "object", "the web editor at /admin/ (MAINTAINING.md, 'Web editor')", check=editor_settings.check,
       fields=(
        _f("repo", "string", "the GitHub repository it saves to", required=True, rule="owner/name"),
        _f("branch", "string", "the branch the site is published from", default="main"),
        _f("base_url", "string", "the sign-in service's https:// address; empty for Netlify's"))),
    # What each provider needs: scf.content.newsletter_settings.
    _f("newsletter", "object", "the email sign-up form's provider; none: no form anywhere",
       check=newsletter_settings.check, fields=(
        _f("provider", "select", "who keeps the list and sends the emails", required=True,
           choices=("buttondown", "mailchimp", "listmonk")),
        _f("form_action", "url", "the https:// address the provider's embedded form posts to", required=True),
        _f("email_field", "string", "the form field the provider reads the address from, if not the usual"),
        _f("processor", "string", "who processes subscribers' addresses, as the privacy page names them"),
        _f("archive", "boolean", "true: publish each month's email under /newsletter/", default=False),
        _f("from_address", "string", "the monthly email's sender address"),
        _f("u", "string", "Mailchimp: the u= value of the embedded form"),
        _f("id", "string", "Mailchimp: the id= value of the embedded form"),
        _f("bot_field", "string", "Mailchimp: the hidden bot trap's name, if not b_<u>_<id>"),
        _f("list_uuids", "list", "listmonk: the lists people join", item=_f("list_uuid", "string", "a list UUID")),
        _f("list_ids", "list", "listmonk: the lists a draft campaign goes to",
           item=_f("list_id", "integer", "a list number", minimum=1, maximum=2**31 - 1)),
    )),
))

SCHEMAS: dict[str, Schema] = {s.kind: s for s in (
    Schema("post", "posts/YYYY-MM-DD-name.md", "a blog post", POST),
    Schema("page", "docs/**/*.md", "a page", PAGE),
    Schema("case-study", "docs/**/*.md with 'type: case-study'", "a case study page", CASE_STUDY),
    *(Schema(f"page:{kind}", f"docs/**/*.md with 'type: {kind}'", f"a page with 'type: {kind}'",
             _f("page", "object", f"a page with 'type: {kind}'", fields=PAGE.fields + extra))
      for kind, extra in PAGE_TYPE_FIELDS.items() if kind != "case-study"),
    Schema("easy-read", "easyread/**/*.md", "an easy read page", EASY_READ),
    Schema("scf.yml", "scf.yml", "the site's settings", SETTINGS, what="the settings"),
    # A list under a key, not a mapping by key: the web editor can add list items, not keys.
    Schema("data/authors.yml", "data/authors.yml", "everyone who can be named in a post's authors",
           _f("file", "object", "the authors file", fields=(
               _f("authors", "list", "the authors; posts can name a new one once the site has been rebuilt",
                  required=True, minimum=1, item=AUTHOR),), fix=_AUTHORED),
           what="the authors file", example=_AUTHORED),
    Schema("data/glossary.yml", "data/glossary.yml", "hard words and their easy explanations",
           _f("glossary", "map", "word -> explanation",
              item=_f("explanation", "string", "one or two short, easy sentences")),
           what="the word list", example="write each hard word, a colon, then its easy explanation"),
    # The list sits under a key because the web editor saves a file as a set of fields.
    Schema("data/signatories.yml", "data/signatories.yml", "who signed the letter (a page with 'type: letter')",
           _f("file", "object", "the signatories file", fields=(
               _f("signatories", "list", "the signatories, in order", required=True, minimum=1, item=_f(
                   "signatory", "object", "one signatory", fields=(
                       _f("name", "string", "their name", required=True),
                       _f("organisation", "string", "their organisation", required=True)))),),
              fix=_SIGNED),
           what="the signatories file", example=_SIGNED),
    Schema("data/theory-of-change.yml", "data/theory-of-change.yml",
           "the theory of change (a page with 'type: theory-of-change')",
           _f("theory", "object", "the sections of the theory of change", fields=(
               _f("change", "object", "the change we want", required=True, fields=(
                   _f("summary", "string", "the change in one sentence", required=True),
                   _f("usual_story", "list", "the story usually told", required=True, **_LINES),
                   _f("our_story", "list", "the story we tell", required=True, **_LINES))),
               _f("obstacles", "list", "what stands in the way", required=True, minimum=1,
                  item=_f("obstacle", "object", "an obstacle", fields=(
                      _f("title", "string", "the heading", required=True),
                      _f("points", "list", "its points", required=True, **_LINES)))),
               _f("persuade", "list", "who we need to persuade", required=True, **_LINES),
               _f("strategies", "list", "our strategies", required=True, minimum=1, item=_TITLED),
               _f("research_stages", "list", "the stages of the research", required=True, **_LINES),
               _f("caring_society_themes", "list", "the Caring Society's themes", required=True,
                  minimum=1, item=_TITLED))),
           what="the theory of change", example="compare with the sections described at the top of the file"),
    Schema("data/wordpress-categories.yml", "data/wordpress-categories.yml",
           "the importer's map from WordPress categories to ours",
           _f("map", "object", "the category map", fields=(
               _f("categories", "map", "WordPress category name or slug -> ours (~ leaves it out)",
                  item=_f("category", "list", "our categories for it",
                          item=_f("category", "select", "one of our categories", choices="categories"))),
               _f("fallback", "select", "our category for posts with none that maps", choices="categories"))),
           what="the category map", example="write 'WordPress name: Our category'"),
)}


def page_kind(page_type: object) -> str:
    """The schema of a page with this `type:`."""
    if page_type == "case-study":
        return "case-study"
    return f"page:{page_type}" if f"page:{page_type}" in SCHEMAS else "page"


def fields_for(kind: str) -> tuple[Field, ...]:
    """The top-level fields of a kind of file (for an object), or its one root field."""
    root = SCHEMAS[kind].root
    return root.fields if root.type == "object" else (root,)

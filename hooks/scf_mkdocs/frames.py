"""Pages drawn from frames: Material's whole base.html through Jinja once per frame key, not
once per page.

A listing page (overrides/listing.html), a post (overrides/post.html) or an easy read page
(overrides/easy-read.html) is Material's base.html around the page's own parts: its title,
description, canonical address and first heading's anchor (values), its menu (drawn once per
`scf.nav_key` by overrides/partials/nav.html) and its own blocks (FRAMED: the listing's
content; a post's or easy read page's content, head extras and menu with its table of
contents). The rest (head, header, footer, scripts) is the same HTML for every page with the
same frame key (template, depth, feeds, the front matter the templates test). So the first page
of a key is drawn through Jinja as always; then the same page is drawn again with sentinel
values for its parts (U+FFFE and U+FFFF, which validation refuses in content) and each own
block replaced by a sentinel: that is the key's frame, with each sentinel found in the form it
was printed (as it is, or HTML-escaped). The next pages of the key are the frame with their own
values spliced in, each in the form the template printed it, and their own blocks drawn alone
(with the chain `super()` needs and the values the templates set outside any block).

Safe by check: the first TWO pages of each key are drawn through Jinja and must be byte for
byte what the frame gives them (two, so that a value that differs from page to page and is
neither a part nor in the key shows up); a key whose frame leaves a sentinel unrecognised
(a part printed another way: JSON, a filter), fails to draw, or differs is drawn through
Jinja for every page: never wrong output, only slower. Only in a full build (not under
`./dev serve`, whose rebuilds draw few pages).
"""
from __future__ import annotations

import copy
import re
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from jinja2 import Template
    from jinja2.runtime import Context

Render = Callable[..., str]  # Jinja's own Template.render(template, context)

# Template -> its blocks that are the page's own parts, drawn alone for each page.
FRAMED = {"listing.html": ("content",), "post.html": ("content", "extrahead", "site_nav"),
          "easy-read.html": ("content", "extrahead", "site_nav")}
VALUES = ("title", "description")  # the page's front matter values that are its own parts
# The other front matter Material's and our templates read (tests/test_frames.py finds every
# `page.meta.X` they hold in this list or in VALUES): in the key. The rest is never printed.
THEME_META = ("author", "hide", "template", "git_creation_date_localized", "git_revision_date_localized",
              "revision_date", "location", "pledge")
CANONICAL = "canonical_url"
SKIP = "skip"  # the anchor of the page's first heading, Material's "Skip to content" (base.html)
NAV = "nav"  # the menu: scf.cache[scf.nav_key], filled by overrides/partials/nav.html
NAV_BLOCK = "site_nav"  # Material's block holding it: where that is a part, the menu is in it
CHECKED = 2  # pages of each key drawn both ways


def _sentinel(name: str) -> str:
    """A value no page can hold (U+FFFE and U+FFFF: validation refuses them in every value and
    body, scf.content.characters; the url filter lets them through), with the characters
    escaping changes, so that the frame shows how each place printed it."""
    return f"\ufffe{name}&<>\"'\uffff"


@dataclass
class Frame:
    """A page's HTML with holes: literal HTML around each slot, (part name, printed HTML-escaped);
    and what draws the page's blocks alone: each block's chain (for `super()`) and the values
    the templates set outside any block (Material's `lang`, `features`; our `cached`)."""

    literals: list[str]  # one more than the slots
    slots: list[tuple[str, bool]]
    chains: dict[str, list[Callable[[Context], Iterator[str]]]]
    top: dict[str, Any]

    def splice(self, template: Template, context: dict[str, Any]) -> str:
        parts = self.parts(template, context)
        out = [self.literals[0]]
        for (name, escaped), literal in zip(self.slots, self.literals[1:], strict=True):
            value = parts[name]
            out.append(str(escape(value)) if escaped else str(value))
            out.append(literal)
        return "".join(out)

    def parts(self, template: Template, context: dict[str, Any]) -> dict[str, Any]:
        """The page's own parts, as the template is given them; its blocks drawn alone."""
        page, scf = context["page"], context["scf"]
        parts = {name: page.meta.get(name) for name in VALUES}
        parts[CANONICAL] = page.canonical_url
        parts[SKIP] = next(iter(page.toc)).url.removeprefix("#") if page.toc else None
        ctx = template.new_context({**context, **self.top})
        ctx.blocks.update((name, list(chain)) for name, chain in self.chains.items())
        for name in self.chains:
            parts[name] = template.environment.concat(ctx.blocks[name][0](ctx))
        if scf["nav_key"] in scf["cache"]:
            parts[NAV] = escape(scf["cache"][scf["nav_key"]])  # printed by an autoescaping template
        return parts


@dataclass
class Frames:
    """This build's frames, by key; counts of what was drawn how (tests count them)."""

    frames: dict[Hashable, Frame | None] = field(default_factory=dict)  # None: drawn through Jinja
    checked: dict[Hashable, int] = field(default_factory=dict)  # pages of the key drawn both ways
    renders: int = 0  # pages of a framed template drawn through Jinja (the whole page)
    new_menus: int = 0  # of them, pages of a checked frame drawn so because their menu was not drawn yet
    spliced: int = 0  # pages drawn from a frame
    fallbacks: set[Hashable] = field(default_factory=set)  # keys whose frame failed its check

    def draw(self, render: Render, template: Template, *args: Any, **kwargs: Any) -> str:
        """What `render(template, *args, **kwargs)` gives, from a frame where there is one."""
        context = args[0] if len(args) == 1 and not kwargs and isinstance(args[0], dict) else None
        key = frame_key(template, context) if context is not None else None
        if key is None or context is None:
            return render(template, *args, **kwargs)
        frame, checked = self.frames.get(key), self.checked.get(key, 0) >= CHECKED
        if frame is not None and checked and context["scf"]["nav_key"] in context["scf"]["cache"]:
            self.spliced += 1
            return frame.splice(template, context)
        self.renders += 1
        if frame is None and key in self.frames:  # its frame failed its check
            return render(template, *args, **kwargs)
        if frame is not None and checked:
            self.new_menus += 1
            return render(template, *args, **kwargs)  # its menu is drawn so, once
        html = render(template, *args, **kwargs)  # drawn through Jinja, and checked
        if frame is None:
            frame = self.frames[key] = _derived(template, context)
        if frame is None or _spliced(frame, template, context) != html:
            self.frames[key] = None
            self.fallbacks.add(key)
        self.checked[key] = self.checked.get(key, 0) + 1
        return html


def _spliced(frame: Frame, template: Template, context: dict[str, Any]) -> str | None:
    try:
        return frame.splice(template, context)
    except Exception:  # noqa: BLE001  a block that does not draw alone: drawn through Jinja
        return None


def frame_key(template: Template, context: dict[str, Any]) -> Hashable | None:
    """What the templates draw differently outside a page's own parts, or None for a page not
    drawn from a frame (in the menu, a home page, with links to a previous or next page)."""
    page, scf = context.get("page"), context.get("scf")
    if template.name not in FRAMED or page is None or not isinstance(scf, dict) or scf.get("nav_key") is None:
        return None
    if page.previous_page or page.next_page or page.edit_url or page.is_homepage:
        return None
    meta = page.meta or {}
    values = tuple((type(meta.get(name)), bool(meta.get(name))) for name in VALUES)  # the theme tests them
    others = tuple((name, repr(meta.get(name))) for name in THEME_META)
    canonical = page.canonical_url
    feeds = tuple(id(feed) for feed in scf.get("feeds") or ())
    return (template.name, context.get("base_url"), values, others, type(canonical), bool(canonical), feeds,
            bool(page.toc), scf.get("easy_read_page"), scf.get("symbols_credit"))


def _derived(template: Template, context: dict[str, Any]) -> Frame | None:
    """The frame of the page of `context`: drawn with sentinels for its parts, each found in the
    form it was printed; None if one is printed another way or the drawing fails."""
    page = copy.copy(context["page"])
    forms: dict[str, tuple[str, bool]] = {}
    sentinel_meta = dict(page.meta)
    for name in VALUES:  # empty ones stay as they are (the key holds their type and emptiness)
        real = page.meta.get(name)
        if real:
            sentinel_meta[name] = _form(forms, name, escape(_sentinel(name)) if hasattr(real, "__html__") else None)
    page.meta = sentinel_meta
    if page.canonical_url:  # ModelPage's canonical_url is a cached property: set on the copy
        page.__dict__[CANONICAL] = _form(forms, CANONICAL, None)
    if page.toc:  # its first heading's anchor (the rest of the table is in a block drawn alone)
        page.toc = [_Anchor("#" + _form(forms, SKIP, None))]
    blocks = FRAMED[str(template.name)]
    required = [*blocks, *([] if NAV_BLOCK in blocks else [NAV])]
    # A copy of the cache (blocks drawn once per key), so that it never holds a sentinel; the
    # menu's entry is the menu's sentinel (Markup, as the entries are: printed as it is).
    cache = dict(context["scf"]["cache"])
    cache[context["scf"]["nav_key"]] = Markup(_sentinel(NAV))
    forms[_sentinel(NAV)] = (NAV, False)
    try:
        ctx = template.new_context({**context, "page": page, "scf": {**context["scf"], "cache": cache}})
        for name in blocks:
            forms[_sentinel(name)] = (name, False)
            ctx.blocks[name] = [_constant(_sentinel(name))]  # the templates it extends add theirs after it
        html = template.environment.concat(template.root_render_func(ctx))
    except Exception:  # noqa: BLE001  drawn through Jinja instead
        return None
    pieces = re.split("(" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True))) + ")", html)
    literals, slots = pieces[0::2], [forms[p] for p in pieces[1::2]]
    if any("\ufffe" in literal or "\uffff" in literal for literal in literals):
        return None  # a part printed in a form not spliced (JSON, a filter)
    if sorted(name for name, _ in slots if name in required) != sorted(required):
        return None  # a block or the menu not drawn once each where the frame expects them
    own = template.blocks
    chains = {name: [*([own[name]] if name in own else []), *ctx.blocks[name][1:]] for name in blocks}
    return Frame(literals, slots, chains, dict(ctx.vars))


def _form(forms: dict[str, tuple[str, bool]], name: str, markup: Markup | None) -> str:
    """The sentinel of part `name` (as Markup if the page's value is), its printed forms noted:
    as it is, and HTML-escaped (the same text for Markup, which is printed as it is)."""
    value = markup if markup is not None else _sentinel(name)
    forms[str(escape(value))] = (name, True)
    forms[str(value)] = (name, False)
    return value


@dataclass
class _Anchor:
    """A heading of the table of contents, as base.html reads the first (its `url`)."""

    url: str


def _constant(text: str) -> Callable[[Context], Iterator[str]]:
    def block(context: Context) -> Iterator[str]:
        yield text
    return block

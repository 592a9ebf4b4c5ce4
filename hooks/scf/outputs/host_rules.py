"""The host's rule files, `_headers` and `_redirects` (Netlify, Cloudflare Pages), written from
paths that passed one strict grammar, never by formatting content into lines.

In those files a line break starts a new rule, `*` and `:name` match every address, `!`
forces a rule over a file or takes a header away, whitespace separates fields and `//host`
or `/\\host` is another site to a browser. A path here is a slash, then segments of the
letters, digits and `-._~` that URLs leave as they are, or `%XX` escapes of the UTF-8 bytes
of other letters (the old blog's addresses have them, like `/zo%c3%abs-caf%c3%a9/`): none of
those characters can be written. A wildcard is only ever added by the build, as `splat`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

_SEGMENT = r"(?:[A-Za-z0-9_~-]|%[89A-Fa-f][0-9A-Fa-f])(?:[A-Za-z0-9._~-]|%[89A-Fa-f][0-9A-Fa-f])*"
PATH = re.compile(rf"^/(?:{_SEGMENT}(?:/{_SEGMENT})*/?)?$")
_HEADER_NAME = re.compile(r"^[A-Za-z0-9-]+$")
_HEADER_VALUE = re.compile(r"^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$")  # printable ASCII, one line
STATUSES = (301,)


def escaped(path: str) -> str:
    """Letters beyond ASCII `%`-escaped as UTF-8, as browsers send them; nothing else changes."""
    return "".join(c if ord(c) < 0x80 else "".join(f"%{b:02x}" for b in c.encode("utf-8")) for c in path)


def is_path(path: str) -> bool:
    """A path that means only itself in a host rule file (and no other origin to a browser)."""
    if not PATH.match(path):
        return False
    try:
        unquote(path, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def _checked(path: str) -> str:
    if not is_path(path):  # every path was checked where it entered: this is a bug of ours
        raise ValueError(f"not a path for a host rule: {path!r}")
    return path


@dataclass(frozen=True)
class HeaderRule:
    path: str
    headers: tuple[tuple[str, str], ...]
    splat: bool = False  # the rule is for everything under `path` (which ends in '/')

    def lines(self) -> list[str]:
        path = _checked(self.path)
        if self.splat and not path.endswith("/"):
            raise ValueError(f"a wildcard rule must be for a folder: {path!r}")
        lines = [path + ("*" if self.splat else "")]
        for name, value in self.headers:
            if not _HEADER_VALUE.match(value):
                raise ValueError(f"not a one-line header value: {value!r}")
            lines.append(f"  {_name(name)}: {value}")
        return lines


def _name(name: str) -> str:
    if not _HEADER_NAME.match(name):
        raise ValueError(f"not a header name: {name!r}")
    return name


@dataclass(frozen=True)
class Redirect:
    source: str
    target: str
    status: int = 301

    def line(self) -> str:
        if self.status not in STATUSES:
            raise ValueError(f"not a redirect status the site uses: {self.status}")
        return f"{_checked(self.source)} {_checked(self.target)} {self.status}"


def headers_file(comment: str, rules: list[HeaderRule]) -> str:
    lines = [f"# {comment}"] + [line for rule in rules for line in rule.lines()]
    return "\n".join(lines) + "\n"


def redirects_file(comment: str, rules: list[Redirect]) -> str:
    sources: set[str] = set()
    for rule in rules:  # the registry refused a second claim of a source; this is a bug if it fails
        if rule.source in sources:
            raise ValueError(f"two redirects from {rule.source}")
        sources.add(rule.source)
    return "\n".join([f"# {comment}"] + [rule.line() for rule in rules]) + "\n"

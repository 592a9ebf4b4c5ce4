"""Does a host keep the site's promises? Compares each answer with the promise table.

A host is anything that answers paths: Cloudflare's runtime over HTTP (`http_answers`), or
Netlify's rule engines (netlify.py). One message a broken promise, naming the path, what was
promised and where the promise comes from; an empty list means every promise is kept.
"""
from __future__ import annotations

import http.client
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from promises import SECURITY, TYPES, Promise, Table

_META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')
FRAME_ANCESTORS = ("frame-ancestors", frozenset({"'none'"}))


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # lower-case name: value; a header sent twice is joined by ", "
    body: bytes | None  # None: the host's engine says which file, not its bytes
    location: str | None = None  # the path a redirect sends to

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(frozen=True)
class HostTraits:
    """What differs between hosts by design (MAINTAINING.md, the publishing table)."""
    name: str
    content_types: bool = True  # the answer carries the type the host would send
    headers_on_redirects: bool = True  # `_headers` rules apply to a redirect's answer too
    files_shadow_rules: bool = False  # a file at a redirect's source wins over the rule


def http_answers(base: str, paths: list[str]) -> dict[str, Answer]:
    """GET each path from a server on 127.0.0.1, redirects not followed."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    answers = {}
    try:
        for path in paths:
            conn.request("GET", path, headers={"Accept-Encoding": "identity"})
            response = conn.getresponse()
            headers: dict[str, str] = {}
            for name, value in response.getheaders():
                key = name.lower()
                headers[key] = f"{headers[key]}, {value}" if key in headers else value
            location = urlsplit(headers.get("location") or "")
            same_site = not location.netloc or location.netloc == parts.netloc  # else kept whole: a wrong target
            answers[path] = Answer(response.status, headers, response.read(),
                                   (location.path if same_site else location.geturl()) if location.geturl() else None)
    finally:
        conn.close()
    return answers


def policy(value: str) -> list[dict[str, frozenset[str]]]:
    """Each policy in a CSP value (a comma starts another), as directive: sources."""
    policies = []
    for text in value.split(","):
        directives = {}
        for directive in filter(None, (d.strip() for d in text.split(";"))):
            name, *sources = directive.split()
            directives[name.lower()] = frozenset(sources)
        policies.append(directives)
    return policies


def meta_policy(html: bytes) -> dict[str, frozenset[str]] | None:
    found = _META_CSP.search(html.decode("utf-8", errors="replace"))
    return policy(found[1].replace("&#x27;", "'").replace("&#39;", "'"))[0] if found else None


class Checker:
    def __init__(self, table: Table, traits: HostTraits):
        self.table = table
        self.traits = traits
        self.site = table.site
        home = meta_policy((self.site / "index.html").read_bytes())
        assert home, "the home page has no Content-Security-Policy <meta>"
        self.home_policy = home
        self.not_found = (self.site / "404.html").read_bytes()

    def problems(self, answers: dict[str, Answer]) -> list[str]:
        found: list[str] = []
        for promise in self.table.promises:
            answer = answers.get(promise.path)
            if answer is None:
                found.append(f"{promise.path}: not requested ({promise.why})")
                continue
            found += [f"{promise.path} ({promise.why}): {problem}" for problem in self.check(promise, answer, answers)]
        return found

    def check(self, promise: Promise, answer: Answer, answers: dict[str, Answer]) -> list[str]:
        kind = promise.kind
        if kind == "redirect":
            return self.redirect(promise, answer, answers)
        if kind == "old":
            return self.old(promise, answer, answers)
        expected = 404 if kind == "missing" else 200
        if answer.status != expected:
            return [f"status {answer.status}, not {expected}" + self.where(answer)]
        problems = self.security(answer)
        if self.traits.content_types and kind in TYPES:
            media = (answer.header("content-type") or "").split(";")[0].strip().lower()
            if media not in TYPES[kind]:
                problems.append(f"Content-Type {answer.header('content-type')!r}, not one of {', '.join(TYPES[kind])}")
        if promise.cache and answer.header("cache-control") != promise.cache:
            problems.append(f"Cache-Control {answer.header('cache-control')!r}, not {promise.cache!r}")
        if kind == "missing":
            if answer.body is not None and answer.body != self.not_found:
                problems.append("the body is not the site's 404 page")
            if answer.header("content-security-policy") is None and not meta_policy(self.not_found):
                problems.append("no Content-Security-Policy, in a header or in the page")
            elif answer.header("content-security-policy") is not None:
                problems += self.public_policy(answer, self.home_policy)
        elif kind == "admin":
            problems += self.admin(answer)
        elif kind != "asset" or answer.header("content-security-policy") is not None:
            own = meta_policy(answer.body or b"") if kind == "page" and answer.body else None
            problems += self.public_policy(answer, own or self.home_policy)
        return problems

    @staticmethod
    def where(answer: Answer) -> str:
        return f" (to {answer.location})" if answer.location else ""

    def security(self, answer: Answer) -> list[str]:
        problems = []
        for name, value in SECURITY.items():
            sent = answer.header(name)
            if sent is None:
                problems.append(f"{name} is missing (promised on every path)")
            elif sent != value:
                problems.append(f"{name} is {sent!r}, not {value!r}")
        return problems

    def public_policy(self, answer: Answer, page: dict[str, frozenset[str]]) -> list[str]:
        """One policy: the page's own (the theme's scripts of every page allowed) and no framing."""
        value = answer.header("content-security-policy")
        if value is None:
            return ["Content-Security-Policy is missing"]
        policies = policy(value)
        if len(policies) != 1:
            return [f"{len(policies)} Content-Security-Policies at once (rules that overlap were combined)"]
        sent = policies[0]
        problems = []
        if sent.get(FRAME_ANCESTORS[0]) != FRAME_ANCESTORS[1]:
            problems.append("Content-Security-Policy lets other sites frame the page")
        for name, sources in page.items():
            if name == "script-src" and not sources <= sent.get(name, frozenset()):
                problems.append("Content-Security-Policy does not allow the page's own theme scripts")
            elif name != "script-src" and sent.get(name) != sources:
                problems.append(f"Content-Security-Policy's {name} is {sorted(sent.get(name, []))}, "
                                f"not the page's {sorted(sources)}")
        extra = set(sent) - set(page) - {FRAME_ANCESTORS[0]}
        if extra:
            problems.append(f"Content-Security-Policy has directives the page's does not: {sorted(extra)}")
        return problems

    def admin(self, answer: Answer) -> list[str]:
        """The editor's own policy alone (the page's <meta> one, and no framing): never the public one."""
        problems = []
        own = meta_policy(answer.body) if answer.body else meta_policy((self.site / "admin/index.html").read_bytes())
        value = answer.header("content-security-policy") or ""
        policies = policy(value) if value else []
        expected = {**(own or {}), FRAME_ANCESTORS[0]: FRAME_ANCESTORS[1]}
        if len(policies) != 1 or policies[0] != expected:
            problems.append(f"Content-Security-Policy is not the editor's own alone: {value[:160]!r}...")
        if "noindex" not in (answer.header("x-robots-tag") or ""):
            problems.append("X-Robots-Tag noindex is missing")
        return problems

    def redirect(self, promise: Promise, answer: Answer, answers: dict[str, Answer]) -> list[str]:
        if self.traits.files_shadow_rules and answer.status == 200:
            return self.moved_page(answer, answers, promise.target)
        problems = []
        if answer.status != 301:
            return [f"status {answer.status}, not a permanent redirect (301) to {promise.target}"]
        if answer.location != promise.target:
            problems.append(f"redirects to {answer.location}, not {promise.target}")
        target = answers.get(answer.location or "")
        if target is None or target.status != 200:
            problems.append(f"redirects to {answer.location}, which answers "
                            f"{target.status if target else 'nothing'}, not 200")
        if self.traits.headers_on_redirects:
            problems += self.security(answer)
        return problems

    def old(self, promise: Promise, answer: Answer, answers: dict[str, Answer]) -> list[str]:
        """An old address reaches a published page: it is one, or it sends readers to one in one step."""
        if answer.status == 301:
            target = answers.get(answer.location or "")
            if target is None or target.status != 200:
                return [f"redirects to {answer.location}, which answers {target.status if target else 'nothing'}"]
            return [] if answer.location in self.table.published else [
                f"redirects to {answer.location}, which is not a published page"]
        if answer.status != 200:
            return [f"status {answer.status}: the old address is lost"]
        refresh = _REFRESH.search((answer.body or b"").decode("utf-8", errors="replace"))
        if refresh and not self.traits.files_shadow_rules:
            return ["a 'page has moved' page, not a redirect, though the host reads _redirects"]
        if refresh:
            return self.moved_page(answer, answers, None)
        return [] if promise.path in self.table.published else ["answers 200 but is not a published page"]

    def moved_page(self, answer: Answer, answers: dict[str, Answer], target: str | None) -> list[str]:
        """A host that lets a file win over a rule serves the static 'page has moved' page."""
        refresh = _REFRESH.search((answer.body or b"").decode("utf-8", errors="replace"))
        if not refresh:
            return ["answers 200 with a page that sends nowhere, not a redirect"]
        goes_to = urlsplit(refresh[1]).path
        reached = answers.get(goes_to)
        if target is not None and goes_to != target:
            return [f"its page sends readers to {goes_to}, the rule to {target}"]
        if reached is None or reached.status != 200:
            return [f"its page sends readers to {goes_to}, which answers {reached.status if reached else 'nothing'}"]
        return []

"""Ask Cloudflare's runtime for every address a built site promises, once a module."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker import Answer, Checker, HostTraits, http_answers
from promises import Table, table
from wrangler import Wrangler

TRAITS = HostTraits("Cloudflare Pages")


@dataclass
class Served:
    wrangler: Wrangler
    table: Table
    answers: dict[str, Answer]

    def problems(self) -> list[str]:
        return Checker(self.table, TRAITS).problems(self.answers)


def ask(url: str, paths: list[str]) -> dict[str, Answer]:
    """Every path, then every place a redirect sends to that was not asked for yet."""
    answers = http_answers(url, paths)
    targets = sorted({a.location for a in answers.values() if a.location} - set(answers))
    answers.update(http_answers(url, targets))
    return answers


@contextmanager
def served(site: Path, sources: Path | None, workdir: Path, env: dict[str, str] | None = None) -> Iterator[Served]:
    promises = table(site, sources)
    with Wrangler(site, workdir, env) as wrangler:
        yield Served(wrangler, promises, ask(wrangler.url, promises.paths))


def rules_written(site: Path) -> tuple[int, int]:
    """(redirect rules, header rules) the files hold: each line of `_redirects` that says
    something, each path line of `_headers`."""
    def lines(name: str) -> list[str]:
        text = (site / name).read_text(encoding="utf-8") if (site / name).exists() else ""
        return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return len(lines("_redirects")), sum(1 for line in lines("_headers") if line.startswith("/"))


@contextmanager
def editor_page(chromium: Any, url: str) -> Iterator[tuple[Any, list[str]]]:
    """/admin/ of the site at `url` in a new Chromium context: (page, what went wrong), where
    what went wrong is every policy refusal, page error and request to another origin."""
    context = chromium.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith((url, "data:", "blob:"))
            else problems.append(f"request to another origin: {r.url}"))
    try:
        page.goto(url + "/admin/")
        yield page, problems
    finally:
        context.close()

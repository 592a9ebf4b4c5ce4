"""`scf symbols WORDS...`: the symbols that best fit some words, and where each is used already.

Each comes with its weight as the site sends it (gzip-compressed): the first screen of an
easy read page fetches about nine symbols, and the page must stay within the site's
100 KB budget, so of two symbols that fit equally, the lighter is the better choice.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scf.checks.easyread_symbols import uses
from scf.content.model import read_site
from scf.content.settings import clock, load_settings
from scf.content.symbols import catalogue


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    words = " ".join(args.words)
    found = catalogue(root).search(words, args.limit)
    if not found:
        print(f"No symbol fits '{words}'. Try another word for what the picture should show, "
              "for example: scf symbols home", file=sys.stderr)
        return 1
    site, _ = read_site(load_settings(root), clock(), include_unpublished=True)  # drafts use symbols too
    used = uses(site)
    width = max(len(m.name) for m in found)
    for match in found:
        where = ", ".join(f"{u.file}:{u.line}" for u in used.get(match.name, []))
        tags = " ".join(match.tags) or "-"
        size = catalogue(root).weight(match.name) / 1024
        print(f"{match.name:<{width}}  {size:4.1f} KB  tags: {tags}" + (f"  used in: {where}" if where else ""))
    print(f"\nWrite a row's picture as ![what the picture shows](symbol:{found[0].name})",
          file=sys.stderr)
    return 0


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    symbols = commands.add_parser("symbols", help="find a symbol for an easy read row by its words")
    symbols.add_argument("words", nargs="+", help="a word or sentence: scf symbols my family")
    symbols.add_argument("--limit", type=int, default=10, help="how many symbols to show (default: 10)")
    symbols.set_defaults(run=run)

"""`scf`: the editors' command. `scf --help` lists what it does."""
from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

from scf.checks import annotations as github
from scf.content.frontmatter import parse
from scf.content.problems import ContentError, Problem, internal_error, plural
from scf.content.settings import clock, load_settings
from scf.content.slug import slugify
from scf.content.validate import TAG
from scf.integrations.newsletter import command as newsletter_command
from scf.pages.theme import Theme

from . import symbols_command

POST_TEMPLATE = """\
---
title: {title}
date: {date}
authors: [your-author-key]     # keys from data/authors.yml
categories: [{category}]  # from the list in scf.yml
summary: One or two plain sentences that say what the post is about.
# draft: true                  # uncomment to keep the post unpublished
---

Write the post here. Use ## for headings inside the post.

<!-- more -->

Everything above the line "<!-- more -->" is shown in the blog's lists.
"""


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


# The builder's adapter module (in scf_mkdocs, beside this package in hooks/): its `check(root, warnings)` runs
# the build's own pipeline, writing nothing, returns every problem that would stop the build and
# adds to `warnings` what the build warns of (the easy read lint's warnings).
# Found by name, so that scf never imports the builder (MAINTAINING.md, "The build, step by step").
BUILDER = "scf_mkdocs.check"


def builder_check() -> Callable[[Path, list[Problem]], list[Problem]]:
    check: Callable[[Path, list[Problem]], list[Problem]] = importlib.import_module(BUILDER).check
    return check


# The builder's configuration is the adapter's to read: its `site_config(root)` gives mkdocs.yml's
# site_url and site_name (those that are set). Found by name, as BUILDER is.
SITE_CONFIG = "scf_mkdocs.site_config"


def builder_site_config(root: Path) -> dict[str, str]:
    read: Callable[[Path], dict[str, str]] = importlib.import_module(SITE_CONFIG).site_config
    return read(root)


# The theme the site is drawn with, for a command that runs without a builder (`scf easyread-lint`
# reads its icon sets): the adapter's `site_theme()` describes it (scf.pages.theme.Theme). Found by
# name, as BUILDER is; a build hands SiteBuild the same theme from the adapter itself.
THEME = "scf_mkdocs.material_html"


def builder_theme() -> Theme:
    theme: Theme = importlib.import_module(THEME).site_theme()
    return theme


def cmd_newsletter(args: argparse.Namespace) -> int:
    """`scf newsletter`, given the site's address and name from the builder's configuration."""
    return newsletter_command.run(args, builder_site_config(_root(args)))


def cmd_check(args: argparse.Namespace) -> int:
    """Run the build without writing anything; print one line per problem that would stop it."""
    warnings: list[Problem] = []
    problems = builder_check()(_root(args), warnings)
    if github.wanted(args.format):
        commands = github.report(_root(args), problems, warnings)
        if commands:
            print(commands)
    else:
        for problem in problems:
            print(problem)
    if problems:
        print(f"\n{plural(len(problems), 'problem')} found. "
              "See CONTRIBUTING.md, 'What the error messages mean'.", file=sys.stderr)
        return 1
    print("All content is fine.")
    return 0


def cmd_new_post(args: argparse.Namespace) -> int:
    """Write a new post from the template, dated today, named after its title."""
    root = _root(args)
    settings = load_settings(root)
    title = args.title.strip()
    text = POST_TEMPLATE.format(title=quoted(title), date="2000-01-01", category="x")
    source, problems = parse("new post", text)
    if not title or problems or source.meta.get("title") != title or TAG.search(title):
        print("scf new-post: the title must be one line of plain text, without tags "
              '(for example: scf new-post "Our new campaign").', file=sys.stderr)
        return 1
    today = clock().astimezone(settings.tz).date()
    slug = slugify(title) or "new-post"
    path = root / "posts" / f"{today:%Y-%m-%d}-{slug}.md"
    if path.exists():
        print(f"{path.relative_to(root)} already exists: choose another title.", file=sys.stderr)
        return 1
    path.write_text(POST_TEMPLATE.format(title=quoted(title), date=today.isoformat(),
                                         category=settings.categories[0]), encoding="utf-8")
    print(f"Wrote {path.relative_to(root)}. Fill in the authors, categories and summary, "
          "then run 'scf check'.")
    return 0


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar: any title reads back exactly as written."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cmd_easyread_lint(args: argparse.Namespace) -> int:
    """Check easy read files against the easy read rules; errors fail, warnings advise."""
    from scf.checks.easyread_lint import ERROR, lint_files
    from scf.views.easyread import Icons

    root = _root(args)
    findings = lint_files(root, load_settings(root).glossary_file, Icons(builder_theme().icons), args.files)
    for finding in findings:
        print(finding)
    errors = sum(f.level == ERROR for f in findings)
    warnings = len(findings) - errors
    print(f"\n{plural(errors, 'error')}, {plural(warnings, 'warning')}. "
          "See CONTRIBUTING.md, 'Easy read'.", file=sys.stderr)
    return 1 if errors else 0


def cmd_import_wordpress(args: argparse.Namespace) -> int:
    """Import a WordPress export into posts/; nothing is written unless the whole export is good."""
    from scf.integrations.wordpress import Options, import_wordpress

    options = Options(posts_dir=args.posts_dir, overwrite=args.overwrite, pages=args.pages,
                      image_dir=args.image_dir, category_map=args.category_map, comments=args.comments)
    try:
        report = import_wordpress(_root(args), args.export, options)
    except ContentError as error:
        print("Nothing was imported.\n" + error.report(), file=sys.stderr)
        return 1
    if args.report:
        Path(args.report).write_text(report.text(limit=None), encoding="utf-8")
    print(report.text())
    print("Next: run 'scf check', then look at the imported posts in './dev serve'.")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="scf", description="Tools for editors of the #socialcarefuture site.")
    main.add_argument("--root", default=".", help="the project folder (default: the current folder)")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="check all content and list every problem")
    check.add_argument("--format", choices=["text", "github"],
                       help="github: problems as GitHub Actions annotations and a step summary "
                            "(the default when GITHUB_ACTIONS=true)")
    check.set_defaults(run=cmd_check)
    new = commands.add_parser("new-post", help="start a new blog post from the template")
    new.add_argument("title", help='the post\'s title, in quotes: scf new-post "My title"')
    new.set_defaults(run=cmd_new_post)
    lint = commands.add_parser("easyread-lint", help="check easy read files against the easy read rules")
    lint.add_argument("files", nargs="*", help="easy read files to check (default: all of easyread/)")
    lint.set_defaults(run=cmd_easyread_lint)
    wp = commands.add_parser("import-wordpress", help="bring posts over from a WordPress export file")
    wp.add_argument("export", help="the file from WordPress's Tools > Export (WXR, .xml)")
    wp.add_argument("--posts-dir", default="posts", metavar="DIR", help="where the posts go (default: posts/)")
    wp.add_argument("--overwrite", action="store_true", help="replace posts imported before")
    wp.add_argument("--pages", action="store_true", help="also import published pages into docs/")
    wp.add_argument("--image-dir", metavar="DIR",
                    help="a folder of downloaded images (inside posts/ or docs/) to use")
    wp.add_argument("--category-map", default="data/wordpress-categories.yml", metavar="FILE",
                    help="WordPress categories -> ours (default: data/wordpress-categories.yml)")
    wp.add_argument("--comments", action="store_true",
                    help="keep approved comments as a read-only archive under each post")
    wp.add_argument("--report", metavar="FILE",
                    help="also write the full report (every image, every removal) to this file")
    wp.set_defaults(run=cmd_import_wordpress)
    newsletter_command.add_to(commands, cmd_newsletter)
    symbols_command.add_to(commands)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        status: int = args.run(args)
        return status
    except ContentError as error:  # e.g. scf.yml itself is broken
        print(error.report(), file=sys.stderr)
        return 1
    except FileNotFoundError as error:
        print(f"scf: cannot find {error.filename}. Run scf from the project folder, "
              "or give --root.", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001  a bug of ours: one line, never a traceback
        print(internal_error(error), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

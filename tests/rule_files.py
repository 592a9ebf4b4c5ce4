"""The host's rule files (`_headers`, `_redirects`), parsed back strictly: any line outside the
grammar the build means to write fails the test that reads it."""
from __future__ import annotations

import re

from scf.outputs import host_rules

_PATH = re.compile(r"^/[A-Za-z0-9._~%/-]*\*?$")
_HEADER = re.compile(r"^  (?:! ([A-Za-z0-9-]+)|([A-Za-z0-9-]+): ([\x21-\x7e][\x20-\x7e]*))$")


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Netlify / Cloudflare `_headers`: a path line, then indented `Name: value` lines, each
    (name, value), or `! Name`, ("!", name)."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.split("\n")[:-1]:
        assert line == line.rstrip() and "\r" not in line and "\t" not in line
        if line.startswith("#"):
            continue
        if line.startswith("  "):
            header = _HEADER.match(line)
            assert rules and header, line
            rules[-1][1].append(("!", header[1]) if header[1] else (header[2], header[3]))
        else:
            assert _PATH.match(line) and "*" not in line[:-1] and "//" not in line and ".." not in line, line
            rules.append((line, []))
    return rules


def parse_redirects(text: str) -> list[tuple[str, str, int]]:
    """`_redirects`: `from to status` per line, no placeholder, splat, force flag or query."""
    rules = []
    for line in text.split("\n")[:-1]:
        if line.startswith("#"):
            continue
        source, target, status = line.split(" ")
        for path in (source, target):
            assert host_rules.is_path(path) and not re.search(r"[*:!\\?\s]", path), line
        rules.append((source, target, int(status)))
    return rules

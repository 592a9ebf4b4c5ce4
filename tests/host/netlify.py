"""Netlify's reading of a built site, through its own engines (netlify_rules.mjs)."""
from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from checker import Answer, HostTraits
from wrangler import NODE

SCRIPT = Path(__file__).with_name("netlify_rules.mjs")
# Netlify serves a file before a rule that is not forced (`301!`), and `_headers` for files it
# serves; what type a file gets is its business, not the rule files'.
TRAITS = HostTraits("Netlify", content_types=False, headers_on_redirects=False, files_shadow_rules=True)


@dataclass
class Reading:
    errors: list[str]  # the parsers' own
    ignored: list[dict]  # lines the parsers skipped without a word
    redirects: list[dict]
    headers: list[dict]
    answers: dict[str, Answer]


def read(site: Path, paths: list[str]) -> Reading:
    """Netlify's parsers on `_headers` and `_redirects`, and its answer to each path."""
    result = subprocess.run([NODE, str(SCRIPT), str(site)], input=json.dumps(paths), capture_output=True,
                            text=True, cwd=SCRIPT.parents[2], timeout=120)
    assert result.returncode == 0, f"netlify_rules.mjs failed:\n{result.stderr}"
    data = json.loads(result.stdout)
    answers = {}
    for path, found in data["answers"].items():
        headers = {name.lower(): value for name, value in found["headers"].items()}
        body = (site / found["file"]).read_bytes() if found["file"] else None
        answers[path] = Answer(found["status"], headers, body, found["location"])
    return Reading(data["errors"], data["ignored"], data["redirects"], data["headers"], answers)

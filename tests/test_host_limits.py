"""The built site fits the limits of the hosts it is made for. The tightest published are
Cloudflare Pages' on its free plan (developers.cloudflare.com/pages/platform/limits): 20,000
files, 25 MiB a file, 100 `_headers` rules with at most 2,000 characters a header, 2,000 static
redirects. Most of the site's files are the web editor's copy of the symbol set under
admin/symbols/ (MAINTAINING.md, "Why a second copy under /admin/symbols/")."""
from __future__ import annotations

from pathlib import Path

from rule_files import parse_headers, parse_redirects

FILES = 20_000
FILE_SIZE = 25 * 1024 * 1024
HEADER_RULES = 100
HEADER_CHARS = 2_000
REDIRECTS = 2_000


def test_the_built_site_fits_cloudflare_pages_free_plan(real_site: Path) -> None:
    files = [p for p in real_site.rglob("*") if p.is_file()]
    largest = max(files, key=lambda p: p.stat().st_size)
    symbols = sum(1 for _ in (real_site / "admin/symbols").glob("*.svg"))
    headers = parse_headers((real_site / "_headers").read_text(encoding="utf-8"))
    longest = max(len(f"{name}: {value}") for _, lines in headers for name, value in lines)
    redirects = parse_redirects((real_site / "_redirects").read_text(encoding="utf-8"))
    print(f"{len(files)} files ({symbols} the editor's symbols), {sum(p.stat().st_size for p in files)} bytes; "
          f"the largest {largest.relative_to(real_site)}, {largest.stat().st_size} bytes; {len(headers)} header "
          f"rules, the longest header {longest} characters; {len(redirects)} redirects")
    assert len(files) <= FILES
    assert largest.stat().st_size <= FILE_SIZE, largest
    assert len(headers) <= HEADER_RULES and longest <= HEADER_CHARS
    assert len(redirects) <= REDIRECTS

"""The site audit's record: passing results, keyed by content, so a run audits only what changed.

Builds are byte-identical, so a page whose HTML and every file it loads are the same bytes as a
page already audited, in the same browser with the same checks, gives the same result. For each
page that passed every check, the record keeps one small file named by the page's key:

    key = sha256(the audit's own code, Chromium's version, axe-core's bytes, the page's address,
                 whether the keyboard walks it, the page's bytes)

holding the sha256 of every same-origin file the page loaded (its styles, scripts, fonts,
pictures, and those they load in turn). A result is reused only if the key is found and every
one of those files still has the same bytes, so the key is, in effect, the page's bytes and the
bytes of everything it loads; a file that was missing must still be missing. Those files are
what the page loads because, with the same bytes, it asks for the same files. The Nu checker's
results are kept the same way, keyed by a page's bytes, its address, the checker's version and
the code. A failure is never kept: a failing page is audited again on every run. The planted-
defect tests never read the record, so every run proves the checks still catch what they are for.

Where: `SCF_AUDIT_RECORD` (a folder; default `.audit-record/` in the repository; empty: no
record, audit everything). CI keeps it between runs in a cache (.github/workflows/site.yml).
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from site_audit import AXE, REPO, VNU, VNU_COMMAND

HERE = Path(__file__).resolve().parent
# The audit's own code: a change to any of these audits every page again.
CODE = [HERE / name for name in ("audit_record.py", "site_audit.py", "test_site_audit.py", "focus_kinds.py",
                                 "conftest.py")]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def code_digest() -> str:
    return _sha(b"".join(_sha(path.read_bytes()).encode() for path in CODE))


def vnu_version() -> str:
    package = VNU.parents[2] / "package.json"
    version = json.loads(package.read_text(encoding="utf-8"))["version"] if package.exists() else "?"
    return f"vnu-jar {version} {' '.join(VNU_COMMAND[:-2])}"


def page_file(site: Path, address: str) -> Path:
    """The file an address of the site is served from ('' and 'blog/' are folders' index.html)."""
    return site / (address + "index.html" if address == "" or address.endswith("/") else address)


class AuditRecord:
    """Passing results of one site's audit, read from and written to `folder` (None: none kept)."""

    def __init__(self, folder: Path | None, site: Path, origin: str, tools: str):
        self.folder, self.site, self.origin = folder, site, origin
        self.tools = f"{code_digest()}\n{tools}"
        if folder:
            folder.mkdir(parents=True, exist_ok=True)

    @classmethod
    def from_environment(cls, site: Path, origin: str, tools: str) -> AuditRecord:
        where = os.environ.get("SCF_AUDIT_RECORD", str(REPO / ".audit-record"))
        return cls(Path(where) if where else None, site, origin, tools)

    @functools.cache  # noqa: B019  (one record per run; the site's files do not change in it)
    def digest(self, rel: str) -> str:
        path = self.site / rel
        return _sha(path.read_bytes()) if path.is_file() else "missing"

    def _entry(self, kind: str, address: str, keyboard: bool) -> Path | None:
        if not self.folder:
            return None
        page = page_file(self.site, address)
        key = _sha(f"{self.tools}\n{kind}\n{address}\n{keyboard}\n".encode() + page.read_bytes())
        return self.folder / f"{key}.json"

    def passed(self, address: str, keyboard: bool = False, kind: str = "browser") -> bool:
        """Whether this page, with the same bytes and loading the same bytes, passed before."""
        entry = self._entry(kind, address, keyboard)
        if not entry or not entry.exists():
            return False
        try:
            loads = json.loads(entry.read_text(encoding="utf-8"))["loads"]
        except (ValueError, KeyError, OSError):
            return False
        if any(self.digest(rel) != digest for rel, digest in loads.items()):
            return False
        os.utime(entry)  # used: CI removes entries no run has used for a while
        return True

    def keep(self, address: str, requests: list[str], keyboard: bool = False, kind: str = "browser") -> None:
        """Record that the page passed every check, with what it loaded (URLs it requested)."""
        entry = self._entry(kind, address, keyboard)
        if not entry:
            return
        loads = {rel: self.digest(rel) for rel in sorted({self.local(url) for url in requests} - {None})}
        text = json.dumps({"kind": kind, "page": address, "loads": loads}, indent=0, sort_keys=True)
        with tempfile.NamedTemporaryFile("w", dir=entry.parent, delete=False, encoding="utf-8") as out:
            out.write(text)  # written aside, then renamed: two workers never see half a file
        os.replace(out.name, entry)

    def local(self, url: str) -> str | None:
        """The site file a same-origin URL is served from (None for other origins and data:)."""
        if not url.startswith(self.origin):
            return None
        path = unquote(urlsplit(url).path).lstrip("/")
        return page_file(self.site, path).relative_to(self.site).as_posix()


def tools_of(browser) -> str:
    """What the browser audit's results depend on besides the pages and the code."""
    axe = _sha(AXE.read_bytes()) if AXE.exists() else "?"
    return f"chromium {browser.version}\naxe-core {axe}"

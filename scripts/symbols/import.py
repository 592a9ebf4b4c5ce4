"""Bring a Mulberry Symbols release into data/symbols/mulberry/, optimised losslessly, and prove it.

    .venv/bin/python scripts/symbols/import.py /path/to/mulberry-symbols [--sample N]

The source is the release as its repository ships it (EN/*.svg, LICENSE.txt,
scripts/data/symbol-info-en.csv; /work/shared/symbols/mulberry here). LICENSE.txt and the
CSV are copied unchanged; each SVG goes through SVGO (package.json pins it) with
scripts/symbols/svgo.config.mjs, whose plugins never touch a number. Then Chromium draws
every symbol (or N of them, spread over the set) before and after at 256 px on a canvas and
compares the pixels, and every number that places a shape (path data, points, radii,
transforms) is checked to be kept exactly as written: any difference stops the import. The
names of the drawings the site's SVG check refuses are written to unpublishable.txt, so builds
need not read the whole set to know them. PROVENANCE.md is written by hand.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[2]
TARGET = REPO / "data" / "symbols" / "mulberry"
CONFIG = Path(__file__).with_name("svgo.config.mjs")
sys.path.insert(0, str(REPO / "tests" / "browser"))
sys.path.insert(0, str(REPO / "hooks"))

from scf.content.symbols import UNPUBLISHABLE, refused_by_svg_check  # noqa: E402

# Draws each pair on two canvases and returns the names whose pixels differ (or fail to load).
_COMPARE = """async (names) => {
  const load = (src) => new Promise((ok, no) => {
    const img = new Image(); img.onload = () => ok(img); img.onerror = () => no(src); img.src = src; });
  const pixels = (img) => {
    const c = document.createElement("canvas"); c.width = 256; c.height = 256;
    const g = c.getContext("2d"); g.drawImage(img, 0, 0, 256, 256);
    return g.getImageData(0, 0, 256, 256).data; };
  const differ = [];
  for (const name of names) {
    try {
      const a = pixels(await load("before/" + name)), b = pixels(await load("after/" + name));
      let same = a.length === b.length;
      for (let i = 0; same && i < a.length; i++) same = a[i] === b[i];
      if (!same) differ.push(name);
    } catch (e) { differ.push(name + " (did not load)"); }
  }
  return differ;
}"""


def names(csv_path: Path) -> list[str]:
    with csv_path.open(encoding="utf-8", newline="") as f:
        return [row["symbol"] for row in csv.DictReader(f)]


def optimise(source: Path, out: Path) -> None:
    svgo = REPO / "node_modules" / ".bin" / "svgo"
    subprocess.run([str(svgo), "--config", str(CONFIG), "--quiet", "-f", str(source), "-o", str(out)],
                   check=True)


_NUMBERS = re.compile(r'\s(d|points|cx|cy|r|rx|ry|x|y|x1|y1|x2|y2|width|height|viewBox|transform)="([^"]*)"')

_NOTHING = {("x", "0"), ("y", "0")}
_MOVE_ONLY = re.compile(r"[Mm][\d.\s,-]*")


def numbers_changed(before: Path, after: Path, files: list[str]) -> list[str]:
    """Files whose drawing's numbers (path data, shapes, transforms) are not kept exactly as written."""
    def found(path: Path) -> tuple[list[tuple[str, str]], set[str]]:
        # SVGO drops what draws nothing (a path that only moves the pen, x="0" and y="0",
        # the defaults) and moves a group's transform onto the shapes in it, unchanged.
        pairs = _NUMBERS.findall(path.read_text(encoding="utf-8"))
        kept = sorted(p for p in pairs if p[0] != "transform" and p not in _NOTHING
                      and not (p[0] == "d" and _MOVE_ONLY.fullmatch(p[1])))
        return kept, {v for k, v in pairs if k == "transform"}
    return [f for f in files if found(before / f) != found(after / f)]


def compare(before: Path, after: Path, files: list[str]) -> list[str]:
    """Names of the files whose drawing differs between the two folders (Chromium, 256 px)."""
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_ARGS
    from site_audit import serve

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "before").symlink_to(before.resolve())
        (root / "after").symlink_to(after.resolve())
        (root / "index.html").write_text("<!doctype html><title>compare</title>", encoding="utf-8")
        with serve(root) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url)
            differ: list[str] = []
            for start in range(0, len(files), 200):
                differ += page.evaluate(_COMPARE, [quote(f) for f in files[start:start + 200]])
            browser.close()
    return differ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the release: EN/, LICENSE.txt, scripts/data/")
    parser.add_argument("--sample", type=int, default=0, help="compare N symbols (default: all)")
    args = parser.parse_args()
    csv_path = args.source / "scripts" / "data" / "symbol-info-en.csv"
    wanted = names(csv_path)
    missing = [n for n in wanted if not (args.source / "EN" / f"{n}.svg").is_file()]
    if missing:
        print(f"the CSV names symbols the release lacks: {', '.join(missing[:10])}", file=sys.stderr)
        return 1
    svg_dir = TARGET / "svg"
    if svg_dir.exists():
        shutil.rmtree(svg_dir)
    svg_dir.mkdir(parents=True)
    shutil.copyfile(args.source / "LICENSE.txt", TARGET / "LICENSE.txt")
    shutil.copyfile(csv_path, TARGET / "symbol-info-en.csv")
    optimise(args.source / "EN", svg_dir)
    extra = sorted({p.stem for p in svg_dir.glob("*.svg")} - set(wanted))
    for name in extra:  # only the symbols the CSV describes
        (svg_dir / f"{name}.svg").unlink()
    unpublishable = refused_by_svg_check(TARGET, wanted)
    (TARGET / UNPUBLISHABLE).write_text("".join(f"{n}\n" for n in unpublishable), encoding="utf-8")
    files = [f"{n}.svg" for n in sorted(wanted)]
    if args.sample:
        step = max(1, len(files) // args.sample)
        files = files[::step][:args.sample]
    changed = numbers_changed(args.source / "EN", svg_dir, [f"{n}.svg" for n in sorted(wanted)])
    differ = compare(args.source / "EN", svg_dir, files)
    before = sum((args.source / "EN" / f"{n}.svg").stat().st_size for n in wanted)
    after = sum((svg_dir / f"{n}.svg").stat().st_size for n in wanted)
    print(json.dumps({"symbols": len(wanted), "compared": len(files), "differ": differ,
                      "numbers_changed": changed, "unpublishable": unpublishable,
                      "bytes_before": before, "bytes_after": after}, indent=1))
    return 1 if differ or changed else 0


if __name__ == "__main__":
    sys.exit(main())

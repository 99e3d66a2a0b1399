"""Screenshot the HTML brief (or some of its sections) in headless Chromium.

    python tools/screenshot.py brief.html docs/brief-charts.png --sections timeline sources

With --sections, everything else is hidden (header and lede included), so one picture shows
just those sections as a reader would see them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--hide-scrollbars",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--sections", nargs="*", default=[], help="section ids to keep")
    parser.add_argument("--size", default="1200,2400", help="window width,height")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "chromium"))
    args = parser.parse_args()
    page = args.html.read_text(encoding="utf-8")
    if args.sections:
        keep = "".join(f":not(#{s})" for s in args.sections)
        hide = f"<style>header, .lede, section{keep} {{display: none !important}}</style>"
        page = page.replace("</head>", hide + "</head>", 1)
    with tempfile.TemporaryDirectory() as folder:
        shown = Path(folder) / "brief.html"
        shown.write_text(page, encoding="utf-8")
        command = [
            args.chromium,
            *FLAGS,
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--window-size={args.size}",
            f"--screenshot={args.png.resolve()}",
            shown.as_uri(),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=180)
    print(f"{args.png}: {args.png.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()

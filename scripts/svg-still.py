#!/usr/bin/env python3
"""A still PNG of an animated SVG (rl-eval --record) at a given time, through headless Chromium.

    scripts/svg-still.py docs/media/cartpole.svg 4.0 docs/media/cartpole.png

Writes a small HTML page with the SVG inline, which pauses the animation and sets its clock
to TIME seconds (SVGSVGElement.pauseAnimations / setCurrentTime), and screenshots it with
`chromium --headless` (Debian's `chromium` package: apt-get install -y chromium).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: svg-still.py FILE.svg SECONDS OUT.png")
    svg_path, seconds, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        sys.exit("svg-still.py: needs chromium on PATH (apt-get install -y chromium)")
    svg = open(svg_path, encoding="utf-8").read()
    width = int(float(re.search(r'<svg[^>]* width="([0-9.]+)"', svg).group(1)))
    height = int(float(re.search(r'<svg[^>]* height="([0-9.]+)"', svg).group(1)))
    page = ("<!DOCTYPE html><html><head><style>html,body{margin:0;padding:0;overflow:hidden}</style></head><body>"
            + svg + "<script>const s=document.querySelector('svg');s.pauseAnimations();s.setCurrentTime(%r);</script>"
            "</body></html>") % seconds
    with tempfile.TemporaryDirectory() as directory:
        html = os.path.join(directory, "still.html")
        with open(html, "w", encoding="utf-8") as f:
            f.write(page)
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                   "--user-data-dir=" + os.path.join(directory, "profile"),
                   "--window-size=%d,%d" % (width, height), "--screenshot=" + os.path.abspath(out), "file://" + html]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The SVG of the default configuration: regenerated, well-formed, and really a picture.

Usage: check_svg.py --bin FLINKMEM --conf FLINK_CONF --svg docs/memory-default.svg [--update]
                    [--xmllint xmllint] [--chromium chromium] [--png OUT.png]

1. `flinkmem resolve --conf FLINK_CONF --component taskmanager --output svg` must equal the checked-in
   file byte for byte (--update rewrites it instead), so the picture in the docs cannot drift.
2. xmllint must accept it as XML.
3. Headless Chromium renders it at 100%; the screenshot must be the picture: mostly not blank, every
   component's fill colour present, and enough dark text pixels for the labels; the SVG's fonts are
   at least 12px. Exits 77 (CTest: skipped) when Chromium is not installed, 1 under CI=true.
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

# Fill colours of the TaskManager's components in svg.cpp; each must be visible in the screenshot.
COMPONENT_FILLS = ["#a6c8ec", "#cfe3f7", "#b5dfa8", "#f9c48d", "#f4a6a7", "#d7bde2", "#d9c3b0"]


def decode_png(data):
    """8-bit RGB/RGBA non-interlaced PNG -> (width, height, rows of (r, g, b))."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, colour_type = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour_type in (2, 6) and interlace == 0, "unsupported PNG"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    channels = 4 if colour_type == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        kind, current = line[0], bytearray(line[1:])
        for i in range(stride):
            a = current[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                current[i] = (current[i] + a) & 255
            elif kind == 2:
                current[i] = (current[i] + b) & 255
            elif kind == 3:
                current[i] = (current[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                current[i] = (current[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(current[x * channels:x * channels + 3]) for x in range(width)])
        previous = current
    return width, height, rows


def check_screenshot(png_path, problems):
    with open(png_path, "rb") as f:
        width, height, rows = decode_png(f.read())
    pixels = [p for row in rows for p in row]
    total = len(pixels)
    non_white = sum(1 for p in pixels if p != (255, 255, 255))
    dark = sum(1 for p in pixels if max(p) < 90)
    colours = set(pixels)
    print(f"screenshot {width}x{height}: {100 * non_white / total:.1f}% not white, {dark} dark (text) pixels, "
          f"{len(colours)} colours")
    if non_white < total * 0.3:
        problems.append("the screenshot is mostly blank")
    if dark < 3000:
        problems.append(f"only {dark} dark pixels: the labels did not render")
    for fill in COMPONENT_FILLS:
        rgb = tuple(int(fill[i:i + 2], 16) for i in (1, 3, 5))
        if sum(1 for p in pixels if p == rgb) < 500:
            problems.append(f"component colour {fill} is (almost) absent from the screenshot")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--conf", required=True)
    parser.add_argument("--svg", required=True)
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--xmllint", default="xmllint")
    parser.add_argument("--chromium", default="chromium")
    parser.add_argument("--png", default="")
    args = parser.parse_args()

    generated = subprocess.run([args.bin, "resolve", "--conf", args.conf, "--component", "taskmanager",
                                "--output", "svg"], capture_output=True, check=True).stdout
    if args.update:
        with open(args.svg, "wb") as f:
            f.write(generated)
        print(f"wrote {args.svg}")
    problems = []
    with open(args.svg, "rb") as f:
        if f.read() != generated:
            problems.append(f"{args.svg} is not what flinkmem draws today; regenerate it with "
                            f"tests/tools/check_svg.py --update")
    if shutil.which(args.xmllint) is None:
        problems.append(f"{args.xmllint} not found (Debian: libxml2-utils, see scripts/setup.sh)")
    elif subprocess.run([args.xmllint, "--noout", args.svg]).returncode != 0:
        problems.append("xmllint rejects the SVG")
    text = generated.decode("utf-8")
    sizes = [float(s) for s in re.findall(r'font-size="([0-9.]+)"', text)]
    if not sizes or min(sizes) < 12:
        problems.append(f"font sizes {sorted(set(sizes))}: labels must be at least 12px")
    if re.search(r'(href|src)=|@import|<script', text):
        problems.append("the SVG is not self-contained")

    chromium = shutil.which(args.chromium)
    if chromium is None:
        print("\n".join(problems) or "ok so far", file=sys.stderr)
        print(f"{args.chromium} not installed (Debian: chromium, see scripts/setup.sh): skipping the render check")
        # CI installs Chromium (scripts/test.sh): there a missing browser must not skip the check.
        return 1 if problems or os.environ.get("CI") == "true" else 77
    width, height = re.search(r'<svg[^>]* width="(\d+)" height="(\d+)"', text).groups()
    with tempfile.TemporaryDirectory() as work:
        png = args.png or os.path.join(work, "memory.png")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--force-device-scale-factor=1", f"--user-data-dir={work}/profile",
                        f"--screenshot={png}", f"--window-size={width},{height}",
                        "file://" + os.path.abspath(args.svg)],
                       capture_output=True, timeout=120)
        if not os.path.exists(png):
            problems.append("Chromium wrote no screenshot")
        else:
            check_screenshot(png, problems)
    for problem in problems:
        print("FAIL: " + problem)
    print("svg ok" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

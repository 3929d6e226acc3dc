"""Draw the app icons (PNG) from the favicon's design: a blue tile with a white pain line.

Run once when the design changes: ``python scripts/make_icons.py``; the PNGs are committed. Needs Pillow.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

STATIC = Path(__file__).resolve().parent.parent / "src" / "painwise" / "static" / "painwise"
BLUE, WHITE = (11, 95, 165, 255), (255, 255, 255, 255)
LINE = [(6, 20), (12, 12), (17, 18), (21, 10), (26, 16)]  # the favicon's path on its 32-unit grid
SCALE = 4  # draw large, then shrink: smooth edges


def draw(size: int, *, maskable: bool) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:  # full-bleed tile; the line inside the central safe zone (80 %)
        pen.rectangle((0, 0, big, big), fill=BLUE)
        unit, offset = big * 0.6 / 32, big * 0.2
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 7 // 32, fill=BLUE)
        unit, offset = big / 32, 0.0
    points = [(offset + x * unit, offset + y * unit) for x, y in LINE]
    width = round(3 * unit)
    pen.line(points, fill=WHITE, width=width, joint="curve")
    for x, y in (points[0], points[-1]):  # round caps
        pen.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    draw(192, maskable=False).save(STATIC / "icon-192.png", optimize=True)
    draw(512, maskable=False).save(STATIC / "icon-512.png", optimize=True)
    draw(512, maskable=True).save(STATIC / "icon-maskable-512.png", optimize=True)
    draw(180, maskable=True).save(STATIC / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()

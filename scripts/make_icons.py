"""Draw the installable app's icons once (app/static/icons/, committed): the brand green
of app.css, "GTEC" in white inside the central 80 % that a maskable icon keeps.

    .venv/bin/python scripts/make_icons.py
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BRAND = "#0b6e4f"  # --brand in app/static/css/app.css
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
OUT = Path(__file__).resolve().parent.parent / "app" / "static" / "icons"


def draw(size):
    image = Image.new("RGB", (size, size), BRAND)
    pen = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, size // 4)
    pen.text((size / 2, size / 2), "GTEC", font=font, fill="white", anchor="mm")
    bar = size // 40
    pen.rectangle((size * 0.3, size * 0.66, size * 0.7, size * 0.66 + bar), fill="white")
    return image


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size).save(OUT / f"icon-{size}.png", optimize=True)
    # /favicon.ico (app/main/public_views.py): the small sizes in one file.
    draw(192).save(OUT.parent / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])

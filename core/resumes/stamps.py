"""The images of the visible signatures of Nghị định 30/2020/NĐ-CP (Phụ lục I): the
signer's signature image in blue, with the signer's name, position and the time of signing,
and the agency's seal in red, both PNG on a transparent ground. A real signature and seal
image come from the signer's token or the key store; these drawn ones stand in for them in
development and when none is on file."""

import io
import math
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings

BLUE = (0, 51, 153, 255)
RED = (204, 0, 0, 255)
DPI_SCALE = 8  # pixels per mm: sharp enough for print at the stamp's size
DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"


def signature_image(*, name: str, position: str, signed_at: datetime, size_mm: tuple[float, float]) -> bytes:
    """The signer's name as a signature in blue, and under it who signed, as what, and when
    (ISO 8601 with the Vietnam offset)."""
    from PIL import Image, ImageDraw

    width, height = (round(size_mm[0] * DPI_SCALE), round(size_mm[1] * DPI_SCALE))
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    script = _font("DejaVuSerif-BoldItalic.ttf", min(height // 5, round(width * 1.6 / max(len(name), 1))))
    small = _font("DejaVuSans.ttf", height // 11)
    draw.text((width / 2, height * 0.22), _fit(draw, name, script, width - 8), font=script, fill=BLUE, anchor="mm")
    lines = (f"Ký bởi: {name}", f"Chức vụ: {position}" if position else "",
             f"Thời gian ký: {signed_at.isoformat(timespec='seconds')}")
    y = height * 0.48
    for line in (line for line in lines if line):
        draw.text((width / 2, y), _fit(draw, line, small, width - 8), font=small, fill=BLUE, anchor="mm")
        y += height * 0.14
    return _png(image)


def seal_image(*, agency: str, diameter_mm: float) -> bytes:
    """A round red seal: two rings, the agency's name inside, a star at the centre."""
    from PIL import Image, ImageDraw

    size = round(diameter_mm * DPI_SCALE)
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    ring = max(size // 60, 2)
    draw.ellipse((ring, ring, size - ring, size - ring), outline=RED, width=ring * 2)
    inner = size * 0.17
    draw.ellipse((inner, inner, size - inner, size - inner), outline=RED, width=ring)
    _star(draw, size / 2, size / 2, size * 0.09)
    font = _font("DejaVuSans-Bold.ttf", size // 13)
    words = agency.upper().split()
    half = (len(words) + 1) // 2
    for text, y in ((" ".join(words[:half]), size * 0.30), (" ".join(words[half:]), size * 0.70)):
        draw.text((size / 2, y), _fit(draw, text, font, size * 0.62), font=font, fill=RED, anchor="mm")
    return _png(image)


def _star(draw: Any, cx: float, cy: float, radius: float) -> None:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.4
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy - r * math.sin(angle)))
    draw.polygon(points, fill=RED)


def _fit(draw: Any, text: str, font: Any, width: float) -> str:
    """`text` cut with an ellipsis so that it fits `width` pixels."""
    while text and draw.textlength(text, font=font) > width:
        text = text[:-2] + "…"
    return text


def _font(name: str, size: int) -> Any:
    from PIL import ImageFont

    folder = Path(getattr(settings, "HOSO_PDF_FONT_DIR", DEFAULT_FONT_DIR))
    try:
        return ImageFont.truetype(str(folder / name), max(size, 8))
    except OSError:
        return ImageFont.load_default(max(size, 8))


def _png(image: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()

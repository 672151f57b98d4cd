"""The school's colours as CSS, with text colours chosen for WCAG contrast."""

from __future__ import annotations

from site_builder.render.escape import css_colour

DEFAULT_COLOUR = "#1d4f91"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of ``#rrggbb`` as WCAG 2 defines it."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour``."""
    return "#000000" if contrast(colour, "#000000") >= contrast(colour, "#ffffff") else "#ffffff"


def readable_on_white(colour: str | None) -> str:
    """``colour`` if text in it is readable on white (4.5:1), else the default dark blue."""
    if colour and contrast(colour, "#ffffff") >= 4.5:
        return colour
    return DEFAULT_COLOUR


def school_css(colour: str | None) -> str:
    """CSS custom properties for Material's ``custom`` palette from one brand colour.

    Links use the brand colour only where it has 4.5:1 contrast on white; otherwise a dark
    blue that does, so a pale brand colour never makes link text unreadable.
    """
    colour = css_colour(colour or DEFAULT_COLOUR)
    fg = css_colour(text_on(colour))
    link = css_colour(readable_on_white(colour))
    return f""":root {{
  --md-primary-fg-color: {colour};
  --md-primary-fg-color--light: {colour};
  --md-primary-fg-color--dark: {colour};
  --md-primary-bg-color: {fg};
  --md-primary-bg-color--light: {fg}b3;
  --md-accent-fg-color: {link};
  --md-typeset-a-color: {link};
}}
"""

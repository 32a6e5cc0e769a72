"""A proposal's Markdown as a Word document (python-docx): headings, bullet and numbered
lists, quotes, bold and italic, the references section; an East Asian font is set on every
style, so Japanese text renders in Word without font substitution."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

LATIN_FONT = "Calibri"
EAST_ASIAN_FONT = "Yu Gothic"  # 游ゴシック: ships with Windows and Office for Mac
_INLINE = re.compile(r"(\*\*[^*]+\*\*|__[^_]+__|`[^`]+`|(?<![\w*])\*[^*\s][^*]*\*(?!\w)"
                     r"|(?<![\w_])_[^_\s][^_]*_(?!\w))")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def _set_fonts(style, lang: str) -> None:
    """Latin and East Asian fonts on a style, replacing any theme font."""
    style.font.name = LATIN_FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), "en-US")
    lang_el.set(qn("w:eastAsia"), "ja-JP")


def _inline(paragraph: Paragraph, text: str) -> None:
    """Bold, italic and code spans as runs."""
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith(("**", "__")) and len(part) > 4:
            paragraph.add_run(part[2:-2]).bold = True
        elif part.startswith("`") and len(part) > 2:
            run = paragraph.add_run(part[1:-1])
            run.font.name = "Consolas"
        elif part[0] in "*_" and part[-1] == part[0] and len(part) > 2:
            paragraph.add_run(part[1:-1]).italic = True
        else:
            paragraph.add_run(part)


def to_docx(markdown: str, lang: str, title: str | None = None) -> bytes:
    """The Word document for `markdown`, as bytes."""
    doc = Document()
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            _set_fonts(style, lang)
    doc.styles["Normal"].font.size = Pt(10.5)
    core = doc.core_properties
    core.language = "ja-JP" if lang == "ja" else "en-US"
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            _inline(doc.add_paragraph(), " ".join(paragraph) if lang == "en"
                    else "".join(paragraph))
            paragraph.clear()

    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        if m := _HEADING.match(line):
            flush()
            level = len(m.group(1))
            text = re.sub(r"\*\*|__", "", m.group(2))
            doc.add_heading(text, 0 if level == 1 else min(level - 1, 3))
            if level == 1 and not core.title:
                core.title = title or text
        elif m := _BULLET.match(line):
            flush()
            _inline(doc.add_paragraph(style="List Bullet"), m.group(1))
        elif m := _NUMBERED.match(line):
            flush()
            _inline(doc.add_paragraph(style="List Number"), m.group(1))
        elif line.lstrip().startswith(">"):
            flush()
            _inline(doc.add_paragraph(style="Quote"), line.lstrip()[1:].strip())
        elif re.fullmatch(r"\s*(?:-{3,}|\*{3,}|_{3,})\s*", line):
            flush()
        else:
            paragraph.append(line.strip())
    flush()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

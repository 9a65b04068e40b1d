"""RTF in, article text out (tasks/steps/rtf.py through the pipeline): NTREX articles of ../shared/corpus written
here as RTF the way word processors write it: Word's header, font table, style sheet, \\info, page header and footer,
runs split by revision marks, source lines wrapped; text in the document's code page as \\'hh bytes (Word, WordPad)
or as \\uN escapes with their fallback (Word's Unicode text). Text that opens with a brace or quotes RTF stays text:
tests/test_news_xml.py test_text_that_quotes_markup_or_opens_with_a_bracket_stays_text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.model import CleanDocument, PageMetadata, Quarantined
from tasks.steps.rtf import read_rtf
from tests.conftest import outcome_as
from tests.test_news_xml import article, clean, expected, paragraphs_of

# language, Windows code page, the fonts' \fcharset, how characters beyond ASCII are written, source_encoding
WRITINGS = [
    ("en", 1252, 0, "bytes", "cp1252"),
    ("fr", 1252, 0, "bytes", "cp1252"),
    ("zh-Hant", 950, 136, "bytes", "big5"),
    ("zh-Hans", 936, 134, "bytes", "gb18030"),
    ("ko", 949, 129, "bytes", "euc-kr"),
    ("ru", 1251, 204, "bytes", "cp1251"),
    ("ja", 1252, 0, "unicode", "cp1252"),  # Word's \uN? for what the code page cannot write
    ("ja", 932, 128, "unicode", "shift_jis"),  # Word on a Japanese system: \uc2\uN\'hh\'hh, Shift-JIS as fallback
]
CODECS = {1252: "cp1252", 950: "cp950", 936: "gbk", 949: "cp949", 1251: "cp1251", 932: "cp932"}


def escaped(char: str, codec: str, unicode: bool) -> str:
    """One character as RTF writes it: \\'hh for each byte in the code page (a double-byte character's ASCII
    second byte as itself), or \\uN (signed, 16 bits) and its fallback: the character in the code page, else ?."""
    if char in "\\{}":
        return "\\" + char
    if char.isascii():
        return char
    try:
        encoded = char.encode(codec)
    except UnicodeEncodeError:
        encoded = b""
    if unicode or not encoded:
        number = ord(char) - 0x10000 if ord(char) > 0x7FFF else ord(char)
        fallback = "".join(f"\\'{b:02x}" for b in encoded) if encoded else "?"
        return f"\\uc{max(len(encoded), 1)}\\u{number}{fallback}"
    return "".join(f"\\'{b:02x}" if b > 0x7F else escaped(chr(b), codec, unicode) for b in encoded)


def wrapped(text: str, codec: str, unicode: bool) -> str:
    """The text escaped, with a CRLF every 40 characters, as Word wraps its RTF source (line ends are not text)."""
    pieces = [escaped(char, codec, unicode) for char in text]
    return "\r\n".join("".join(pieces[i : i + 40]) for i in range(0, len(pieces), 40))


def rtf(lines: list[str], code_page: int = 1252, charset: int = 0, unicode: bool = False) -> bytes:
    """An RTF document as Word writes one: headline (style heading 1, also \\info's title), then a paragraph a line."""
    codec = CODECS[code_page]
    runs = [wrapped(line, codec, unicode) for line in lines]
    # A run split as Word splits them on revision marks (\insrsid): the split must not show in the text.
    body = "".join(
        f"\\pard\\plain \\ltrpar\\ql \\li0\\ri0\\widctlpar\\wrapdefault\\itap0 {{\\rtlch\\fcs1 \\af0 \\ltrch\\fcs0 "
        f"\\insrsid1 {run[:9]}}}{{\\rtlch\\fcs1 \\af0 \\ltrch\\fcs0 \\insrsid2 {run[9:]}}}\\par\r\n"
        if i and "\\" not in run[:10] and "\r\n" not in run[:10]
        else f"\\pard\\plain \\s1\\ql \\b\\fs28 {{\\rtlch\\fcs1 \\af0 \\ltrch\\fcs0 \\insrsid1 {run}}}\\par\r\n"
        for i, run in enumerate(runs)
    )
    return (
        f"{{\\rtf1\\adeflang1025\\ansi\\ansicpg{code_page}\\uc1\\adeff0\\deff0\\stshfdbch0\\deflang1033\\deflangfe1033"
        f"{{\\fonttbl{{\\f0\\froman\\fcharset{charset}\\fprq2{{\\*\\panose 02020603050405020304}}Times New Roman;}}"
        f"{{\\f1\\fswiss\\fcharset0\\fprq2 Arial;}}}}\r\n{{\\colortbl;\\red0\\green0\\blue0;\\red0\\green0\\blue255;}}"
        f"{{\\*\\defchp \\fs24}}{{\\stylesheet{{\\ql \\fs24\\lang1033 \\snext0 \\sqformat \\spriority0 Normal;}}"
        f"{{\\s1\\ql \\b\\fs28 \\sbasedon0 \\snext0 heading 1;}}}}\r\n{{\\*\\generator Microsoft Word 16.0;}}"
        f"{{\\info{{\\title {wrapped(lines[0], codec, unicode)}}}{{\\author Harbour Desk}}"
        f"{{\\creatim\\yr2026\\mo3\\dy2\\hr8\\min15}}{{\\*\\company Harbour Times}}}}\r\n"
        f"{{\\*\\xmlnstbl {{\\xmlns1 http://schemas.microsoft.com/office/word/2003/wordml}}}}\\paperw11906\\paperh16838"
        f"\\sectd \\linex0\\endnhere\\sectlinegrid360\\sectdefaultcl\r\n"
        f"{{\\header \\pard\\plain \\qc {{\\f1\\fs18 Harbour Times\\par }}}}"
        f"{{\\footer \\pard\\plain \\qc {{\\field{{\\*\\fldinst {{ PAGE }}}}{{\\fldrslt {{1}}}}}}\\par }}\r\n"
        f"{{\\*\\pnseclvl1\\pnucrm\\pnstart1\\pnindent720\\pnhang {{\\pntxta .}}}}\r\n"
        f"{body}}}\r\n"
    ).encode("ascii")


@pytest.mark.parametrize(("language", "code_page", "charset", "how", "recorded"), WRITINGS)
def test_an_rtf_file_becomes_its_article_in_the_code_page_it_declares(
    tmp_path: Path, language: str, code_page: int, charset: int, how: str, recorded: str
) -> None:
    lines = article(language, CODECS[code_page] if how == "bytes" else "utf-8")
    content = rtf(lines, code_page, charset, unicode=how == "unicode")
    doc = outcome_as(CleanDocument, clean(tmp_path, "story.doc", content))
    assert paragraphs_of(doc) == expected(lines)  # no control word, font table, header, footer nor field code
    assert [part.language for part in doc.parts] == [language]
    assert doc.parts[0].title == lines[0]  # \info's title, not repeated as the first paragraph
    assert doc.page == PageMetadata("rtf", lines[0], None, None)
    assert doc.source_encoding == recorded


@pytest.mark.parametrize(("default_font", "switch"), [(0, "\\f1 "), (1, "")])
def test_a_font_charset_overrides_the_document_code_page(tmp_path: Path, default_font: int, switch: str) -> None:
    """WordPad writes a Chinese document as \\ansicpg1252 with a Big5 font (\\fcharset136) for its text: the font
    named where the text starts, or the document's default font (\\deffN)."""
    lines = article("zh-Hant", "cp950")
    body = "".join(f"{switch}{wrapped(line, 'cp950', False)}\\par\n" for line in lines)
    content = (
        f"{{\\rtf1\\ansi\\ansicpg1252\\deff{default_font}\\nouicompat{{\\fonttbl{{\\f0\\fnil\\fcharset0 Calibri;}}"
        "{\\f1\\fnil\\fcharset136 \\'b7\\'73\\'b2\\'d3\\'a9\\'fa\\'c5\\'e9;}}\n{\\*\\generator Riched20 10.0.19041}"
        f"\\viewkind4\\uc1 \n\\pard\\sa200\\sl276\\slmult1\\fs22\\lang1028 {body}}}\n"
    )
    doc = outcome_as(CleanDocument, clean(tmp_path, "wordpad.rtf", content.encode("ascii")))
    assert paragraphs_of(doc) == expected(["", *lines])  # no title given: the headline stays a paragraph
    assert [part.language for part in doc.parts] == ["zh-Hant"]


def test_special_characters_breaks_and_tables() -> None:
    page = read_rtf(
        rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}\f0 Caf\'e9\~au\_lait\-s \emdash  {\b bold} \{x\} a\\b"
        rb"\line second line\par {\*\bkmkstart x}\lquote q\rquote  \ldblquote dq\rdblquote\tab end{\v hidden}"
        rb" \u-10179?\u-8704?\par"
        rb"\trowd\cellx1000\cellx2000 \intbl Ferry\cell Crossings\cell\row \intbl Harbour Star\cell 12\cell\row"
        rb"{\footnote \pard footnote text\par}{\pict\pngblip 89504e47}\bin4 {}{ after\par}"
    )
    assert page.paragraphs == [
        "Caf\u00e9\u00a0au\u2011laits \u2014 bold {x} a\\b\nsecond line",
        "\u2018q\u2019 \u201cdq\u201d\tend \U0001f600",  # an emoji: \uN's surrogate pair, signed
        "Ferry | Crossings",
        "Harbour Star | 12",
        "after",
    ]
    assert page.encoding == "cp1252" and page.title is None


def test_an_rtf_in_a_code_page_reprints_cannot_name_is_quarantined(tmp_path: Path) -> None:
    content = b"{\\rtf1\\ansi\\ansicpg437{\\fonttbl{\\f0 Courier;}}\\f0 Caf\\'82 au lait\\par}"
    quarantined = outcome_as(Quarantined, clean(tmp_path, "dos.rtf", content))
    assert quarantined.reason == "unsupported_format" and "code page 437" in quarantined.detail

"""Word 97-2003 .doc files written at test time, laid out as Word 2003 lays them out (checked against the real files
of oletools' and olefile's source distributions, docs/documents.md): a compound file of 512-byte sectors whose
WordDocument stream holds the FIB (nFib 193, 14 FibRgW words, 22 FibRgLw longs, 183 FibRgFcLcb pairs, Word 2003's
nFibNew), the text from byte 0x800, and the FKPs of the paragraphs' properties; whose 1Table stream holds the piece
table and PlcBtePapx; and a SummaryInformation stream with the title. Streams are padded to 4,096 bytes, as Word
pads them, so none lives in the mini stream. What the main document is followed by (a page header's story) is
there to be left out."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

SECTOR = 512
END_OF_CHAIN, FREE, FAT_SECTOR, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
TEXT_START = 0x800
# [MS-DOC] 2.4.1: a compressed byte is Latin-1, but for cp1252's characters at 0x82-0x9F (Ž and ž not among them)
CHARACTERS_COMPRESSED = {chr(b): b for b in range(256) if not 0x80 <= b <= 0x9F} | {
    bytes([b]).decode("cp1252"): b for b in range(0x82, 0xA0) if b not in (0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E)
}
SUMMARY_FMTID = bytes.fromhex("e0859ff2f94f6810ab9108002b27b3d9")
PAPX_STYLE, PAPX_CELL, PAPX_ROW_END = b"\0\0", b"\0\0\x16\x24\x01", b"\0\0\x16\x24\x01\x17\x24\x01"
RUNS_PER_FKP = 20


@dataclass(frozen=True)
class Story:
    """What the writer lays out: the main document's characters, what follows them (its footnotes, then a header's
    story), which of the main document's 0x07 end a table row rather than a cell, and which 0x0D end a paragraph
    inside a cell."""

    main: str
    header: str = ""
    row_ends: frozenset[int] = frozenset()
    in_cells: frozenset[int] = frozenset()
    footnotes: str = ""


def paragraphs_story(
    lines: Sequence[str],
    table: Sequence[Sequence[str]] = (),
    fields: bool = True,
    header: str = "HARBOUR TIMES PAGE HEADER",
    footnote: str = "",
) -> Story:
    """An article as Word stores it: a paragraph mark after each line; in the second line a PAGE field (its code
    left out, its result kept), a hyperlink field with its result, a picture and a footnote reference; a table's
    cells each ended by 0x07 and each row by its end mark (0x07 too), a cell's lines its paragraphs; a page header in
    its own story; the footnote, when there is one, in the footnotes' story (its mark 0x02 first, as Word stores it)."""
    lines = list(lines)
    if fields and len(lines) > 1:
        cut = len(lines[1]) // 2
        lines[1] = (f"{lines[1][:cut]}\x13 PAGE \\* MERGEFORMAT \x14\x15\x01\x02"
                    f"\x13 HYPERLINK \"https://example.org\" \x14{lines[1][cut:]}\x15")  # fmt: skip
    main, row_ends, in_cells = "\r".join(lines) + "\r", set(), set()
    for row in table:
        for cell in row:
            in_cells |= {len(main) + i for i, char in enumerate(cell) if char == "\n"}
            main += cell.replace("\n", "\r") + "\x07"
        main += "\x07"
        row_ends.add(len(main) - 1)
    footnotes = f"\x02 {footnote}\r" if footnote else ""
    return Story(main, f"{header}\r\r", frozenset(row_ends), frozenset(in_cells), footnotes)


def pieces_of(text: str, split_every: int) -> list[tuple[str, bool]]:
    """The text cut into pieces: each run of characters the compressed form holds (True) or not (False), and every
    `split_every` characters (as a document edited and fast-saved is cut); 0 for one piece, Unicode unless every
    character can be compressed (as Word saves a document whole)."""
    if not split_every:
        return [(text, all(c in CHARACTERS_COMPRESSED for c in text))]
    pieces: list[tuple[str, bool]] = []
    for char in text:
        compressed = char in CHARACTERS_COMPRESSED
        if pieces and pieces[-1][1] == compressed and len(pieces[-1][0]) < split_every:
            pieces[-1] = (pieces[-1][0] + char, compressed)
        else:
            pieces.append((char, compressed))
    return pieces


def word97(lines: Sequence[str], title: str | None = None, *, table: Sequence[Sequence[str]] = (), split_every: int = 0,
           code_page: int = 1252, encrypted: bool = False, nfib: int = 0xC1, header: str = "HARBOUR TIMES PAGE HEADER",
           footnote: str = "") -> bytes:  # fmt: skip
    """A .doc file of the article (see paragraphs_story), its pieces stored in reverse order of their text so that
    a reader must follow the piece table; the title in SummaryInformation, in `code_page`."""
    story = paragraphs_story(lines, table, header=header, footnote=footnote)
    text = story.main + story.footnotes + story.header + "\r"
    pieces = pieces_of(text, split_every)
    stored, places, at = b"", [], TEXT_START
    for piece, compressed in reversed(pieces):
        data = bytes(CHARACTERS_COMPRESSED[c] for c in piece) if compressed else piece.encode("utf-16-le")
        places.append((at, compressed))
        stored, at = stored + data, at + len(data)
    places.reverse()
    cps = [0]
    for piece, _ in pieces:
        cps.append(cps[-1] + len(piece))
    pcds = b"".join(struct.pack("<HIH", 0x40, (at_ * 2) | 0x40000000 if c else at_, 0) for at_, c in places)
    plc_pcd = struct.pack(f"<{len(cps)}i", *cps) + pcds
    clx = b"\x02" + struct.pack("<I", len(plc_pcd)) + plc_pcd
    marks = sorted(
        (_mark_end(places, cps, index), _papx(char, index in story.row_ends, index in story.in_cells))
        for index, char in enumerate(text) if char in "\r\x07"
    )  # fmt: skip
    document = bytearray(TEXT_START) + stored
    document += bytes(-len(document) % SECTOR)
    fkps, first_page = _fkps(marks, TEXT_START), len(document) // SECTOR
    document += b"".join(page for page, _ in fkps)
    bounds = [first for _, (first, _) in fkps] + [fkps[-1][1][1]] if fkps else []
    page_numbers = range(first_page, first_page + len(fkps))
    plc_papx = struct.pack(f"<{len(bounds)}I", *bounds) + struct.pack(f"<{len(fkps)}I", *page_numbers)
    table_stream = clx + plc_papx
    pairs = [(0, 0)] * 183
    pairs[33] = (0, len(clx))
    pairs[13] = (len(clx), len(plc_papx)) if fkps else (0, 0)
    fib = _fib(nfib, encrypted, len(pieces) > 1, (TEXT_START, at), (len(story.main), len(story.footnotes), len(story.header)),
               len(document), pairs)  # fmt: skip
    document[: len(fib)] = fib
    streams = {"WordDocument": bytes(document), "1Table": table_stream,
               "\x05SummaryInformation": _summary_information(title, code_page)}  # fmt: skip
    return compound_file({name: data.ljust(4096, b"\0") for name, data in streams.items()})


def _mark_end(places: list[tuple[int, bool]], cps: list[int], index: int) -> int:
    """The stream offset right after the character at `index` (a paragraph, cell or row mark)."""
    piece = max(i for i, cp in enumerate(cps[:-1]) if cp <= index)
    at, compressed = places[piece]
    return at + (index - cps[piece] + 1) * (1 if compressed else 2)


def _papx(mark: str, row_end: bool, in_cell: bool) -> bytes:
    """A paragraph's properties: a row end mark's sprmPFInTable and sprmPFTtp, a cell's sprmPFInTable, else its style."""
    return PAPX_ROW_END if row_end else PAPX_CELL if mark == "\x07" or in_cell else PAPX_STYLE


def _fkps(marks: list[tuple[int, bytes]], start: int) -> list[tuple[bytes, tuple[int, int]]]:
    """The PAPX FKP pages of every paragraph mark in stream order, each mark's run ending right after it, with the
    first and last offsets each page covers."""
    pages = []
    for first in range(0, len(marks), RUNS_PER_FKP):
        chunk = marks[first : first + RUNS_PER_FKP]
        fcs = [start] + [end for end, _ in chunk]
        page = bytearray(SECTOR)
        page[-1] = len(chunk)
        struct.pack_into(f"<{len(fcs)}I", page, 0, *fcs)
        offsets, free = {}, SECTOR - 1
        for papx in sorted({papx for _, papx in chunk}):
            stored = bytes([0, len(papx) // 2]) + papx if len(papx) % 2 == 0 else bytes([(len(papx) + 1) // 2]) + papx
            free = (free - len(stored)) & ~1
            page[free : free + len(stored)] = stored
            offsets[papx] = free // 2
        for run, (_, papx) in enumerate(chunk):
            page[4 * len(fcs) + 13 * run] = offsets[papx]
        pages.append((bytes(page), (start, chunk[-1][0])))
        start = chunk[-1][0]
    return pages


def _fib(nfib: int, encrypted: bool, complex_: bool, text: tuple[int, int], ccps: tuple[int, int, int], size: int,
         pairs: list[tuple[int, int]]) -> bytes:  # fmt: skip
    """The FIB as Word 2003 writes it: fWhichTblStm (1Table), fExtChar, 15 quick saves, fComplex when fast-saved
    (more than one piece); where the text starts and ends in the stream (fcMin, fcMac, which readers of Word 6 use)."""
    flags = 0x12F0 | (0x0004 if complex_ else 0) | (0x0100 if encrypted else 0)
    base = struct.pack("<HHHHHHHIBBHHII", 0xA5EC, nfib, 0x6029, 0x0409, 0, flags, 0xBF, 0, 0, 0, 0, 0, *text)
    words = struct.pack("<H14H", 14, *([0] * 13), 0x0409)
    longs = [size, 0, 0, *ccps, 0, 0, 0, 0, 0] + [0] * 11  # ccpText, ccpFtn, ccpHdd
    blob = struct.pack("<H", len(pairs)) + b"".join(struct.pack("<II", *pair) for pair in pairs)
    return base + words + struct.pack("<H22i", 22, *longs) + blob + struct.pack("<H2H", 2, 0x010C, 0)


def _summary_information(title: str | None, code_page: int) -> bytes:
    """A property set stream with the code page (PID 1, VT_I2) and, when given, the title (PID 2, VT_LPSTR)."""
    values = [(1, struct.pack("<HHhH", 2, 0, code_page - 0x10000 if code_page > 0x7FFF else code_page, 0))]
    if title is not None:
        encoded = title.encode(f"cp{code_page}", "replace") + b"\0"  # as Word: "?" for what the code page lacks
        values.append((2, struct.pack("<II", 0x1E, len(encoded)) + encoded.ljust(-(-len(encoded) // 4) * 4, b"\0")))
    at, index, body = 8 + 8 * len(values), b"", b""
    for pid, value in values:
        index, body, at = index + struct.pack("<II", pid, at), body + value, at + len(value)
    section = struct.pack("<II", at, len(values)) + index + body
    return struct.pack("<HHI16sI", 0xFFFE, 0, 0x00020006, bytes(16), 1) + SUMMARY_FMTID + struct.pack("<I", 48) + section


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file holding the streams at its root, each in whole 512-byte sectors (4,096 bytes or
    more: no mini stream), the directory after them, then the FAT."""
    sectors: list[bytes] = []
    fat: list[int] = []
    starts = {}
    for name, data in streams.items():
        count = -(-len(data) // SECTOR)
        starts[name] = len(sectors)
        fat += [len(sectors) + i + 1 for i in range(count - 1)] + [END_OF_CHAIN]
        sectors += [data[i * SECTOR : (i + 1) * SECTOR].ljust(SECTOR, b"\0") for i in range(count)]
    names = sorted(streams, key=lambda name: (len(name), name.upper()))  # the directory's order of names
    entries = [_entry("Root Entry", 5, END_OF_CHAIN, 0, child=1)]
    entries += [_entry(name, 2, starts[name], len(streams[name]), right=i + 2 if i + 1 < len(names) else NO_STREAM)
                for i, name in enumerate(names)]  # fmt: skip
    directory = b"".join(entries).ljust(-(-len(entries) // 4) * SECTOR, b"\0")
    directory_start = len(sectors)
    directory_count = len(directory) // SECTOR
    fat += [directory_start + i + 1 for i in range(directory_count - 1)] + [END_OF_CHAIN]
    sectors += [directory[i * SECTOR : (i + 1) * SECTOR] for i in range(directory_count)]
    fat_count = -(-(len(fat) + 1) // 128)
    while -(-(len(fat) + fat_count) // 128) > fat_count:
        fat_count += 1
    fat_start = len(sectors)
    fat += [FAT_SECTOR] * fat_count
    fat += [FREE] * (fat_count * 128 - len(fat))
    table = struct.pack(f"<{len(fat)}I", *fat)
    sectors += [table[i * SECTOR : (i + 1) * SECTOR] for i in range(fat_count)]
    difat = [fat_start + i for i in range(fat_count)] + [FREE] * (109 - fat_count)
    header = (bytes.fromhex("d0cf11e0a1b11ae1") + bytes(16) + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0,
              fat_count, directory_start, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0) + struct.pack("<109I", *difat))  # fmt: skip
    return header + b"".join(sectors)


def _entry(name: str, kind: int, start: int, size: int, child: int = NO_STREAM, right: int = NO_STREAM) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (encoded.ljust(64, b"\0") + struct.pack("<HBBIII16sIQQIQ", len(encoded), kind, 1, NO_STREAM, right, child,
            bytes(16), 0, 0, 0, start, size))  # fmt: skip

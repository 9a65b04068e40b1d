"""E-mail messages: recognised by their header block, reduced to the article they carry (docs/email.md).

Reprints reach newsrooms as e-mail, and a saved message (`.eml`, an mbox, a
file with no extension) lands in RAW. Whatever its name, a file is a message
when it starts with an RFC 5322 header block: two or more `Name: value` fields
(continuation lines allowed), one of them a field every message has (From,
Subject, Date, Message-ID, MIME-Version, Content-Type), then a blank line; an
mbox's `From ` line may come first. An article opening with "Note: ..." is one
field, no known name: text. Text files pay one regex match at their first byte.

The message is parsed by the standard library (`email`, policy.default but for
header fields of more than 16 K characters, parsed from their start): its
text/plain body, else the visible text of its text/html body, read as a web
page is with --html text (tasks/steps/html.py: a message has no page furniture
for the article extractor to strip; --html raw keeps the markup), transfer
encodings undone, each part decoded in the
charset its Content-Type declares when the bytes agree (as a page's declaration
is checked), else as detected. Plain-text attachments and messages attached
whole are read too, after the body; other attachments (images, PDFs, ...) are
left out, and the fix `attachments_dropped` says so. The header lines of a
message forwarded inside a plain-text body go (`forwarded_headers_removed`).
A message forwarded as an attachment under a short note ("See attached.") is
the article: the note goes (`forward_note_removed`), its subject is the title.

A wrong MIME boundary is repaired as mail clients read past it
(`mime_boundary_repaired`): a multipart whose declared boundary opens no part
is split at the first `--boundary` line of its body that opens a part (a
Content- field after it), comes back, and no header in the body declares (so
never at the parts of a message pasted or attached inside it); a line that
opens a part with a boundary a character or two from a declared one that is in
use is that delimiter, altered. A missing closing delimiter needs nothing: the
standard library ends the last part at the end of the message.
"""

from __future__ import annotations

import re
from codecs import BOM_UTF8
from dataclasses import dataclass, replace
from datetime import date
from difflib import SequenceMatcher
from email import message_from_bytes
from email.errors import MultipartInvariantViolationDefect
from email.message import EmailMessage
from email.policy import EmailPolicy
from functools import lru_cache

from tasks.model import Rejected
from tasks.steps.html import DecodedPage, WebPage, decode_declared, decode_page, page_kind, read_decoded_page, read_fragment

HEADER_BYTES = 64 * 1024  # where a header block must end (real ones with Received and DKIM chains: a few KB)
FIELD_CHARS = 16 * 1024  # what of a header field's value is parsed (a real Subject or Content-Type: well under 1 KB)
# The first-bytes test every file pays: a field name and its colon, or an mbox `From ` line, at the very start.
FIRST_FIELD = re.compile(rb"(?:From [^\r\n]*\r?\n)?[!-9;-~]+:")
FIELD = re.compile(rb"([!-9;-~]+):")  # RFC 5322 field name: printable ASCII but space and colon
# An mbox's `From ` line: the sender, then the time the message arrived (`From desk@wire Mon Mar  2 08:15:00 2026`).
_MBOX_FROM = rb"From \S+ [^\r\n]*\d\d:\d\d[^\r\n]*\r?\n"
MBOX_FROM = re.compile(_MBOX_FROM)
MBOX_SEPARATOR = re.compile(rb"\n\r?\n(?=" + _MBOX_FROM + rb")")  # the next message: a From line after a blank line
# Fields only mail has: an archive's own `Title:` / `Date:` / `Source:` lines above an article are not a message.
MAIL_FIELDS = frozenset(
    {b"message-id", b"mime-version", b"content-type", b"content-transfer-encoding", b"received", b"return-path"}
)
ADDRESS_FIELDS = frozenset({b"from", b"to", b"cc", b"sender", b"reply-to"})  # a message's, when they hold an address
MIN_FIELDS = 2
# "Fwd:", "Re:", "AW:", "[wire]" before a subject: mail clients' and lists' additions, not the article's title.
SUBJECT_PREFIX = re.compile(r"^(?:\s*(?:re|fwd?|aw|wg|tr|sv|vs|rv|enc)\s*(?:\[\d+\])?\s*:|\s*\[[^\]]*\])+\s*", re.I)
# The block a mail client writes above a message it forwards inside the body: its marker line, header lines.
FORWARDED = re.compile(
    r"^[ \t>]*(?:-{2,} ?(?:Forwarded message|Original Message) ?-*|Begin forwarded message:)[ \t]*\r?\n"
    r"(?:[ \t>]*[^\W\d][\w-]*[ \t]*:[^\n]*\n)*",
    re.M | re.I,
)

# A boundary a Content-Type declares, quoted or not (not quoted, a `=` in it ends it for the standard library); matched
# in the lower-cased bytes, a literal regex's fast search (re.I tries every position).
DECLARED = re.compile(rb'boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;"]+))')
# A line that opens a MIME part: `--`, a boundary, then on the next line the part's first field, a Content- one.
PART_OPENING = re.compile(rb"\n--([^\s\"]+)[ \t]*\r?\n(?=content-[\w-]*:)", re.I)
DASHED_LINE = re.compile(rb"\n--([^\n]*)")  # any line that may be a delimiter, to see which come back
# How alike an undeclared delimiter and a declared boundary are when one was altered from the other (difflib's ratio;
# a character lost or changed in the 36 of a Python boundary or the 40-odd of Outlook's: 0.97 to 0.99).
ALTERED = 0.9
# What of a body above a message forwarded as an attachment is a note ("See attached.", a greeting, a name).
NOTE_CHARS = 300


class BoundedPolicy(EmailPolicy):
    """policy.default, parsing only the first FIELD_CHARS characters of a header field's value.

    The standard library's header parser takes time that grows faster than the
    field: a MIME part's Content-Type line run into 600 KB of text (line ends lost
    in a damaged file) took minutes, and a part's header block has no HEADER_BYTES
    bound. What lies past FIELD_CHARS of a field is damage, not a header.
    """

    def header_fetch_parse(self, name, value):
        if not hasattr(value, "name") and len(value) > FIELD_CHARS:  # a header object: parsed already
            value = value[:FIELD_CHARS]
        return super().header_fetch_parse(name, value)


POLICY = BoundedPolicy()


@dataclass(frozen=True)
class Message:
    """What a message contributes: its text and metadata as a web page's, and whether markup was read (an HTML
    part's entities are decoded by the parser; plain text's by repair, as any text file's)."""

    page: WebPage
    markup_read: bool


def message_kind(raw: bytes) -> str | None:
    """'message' for one e-mail message, 'mbox' for a file that starts with an mbox `From ` line, None otherwise.

    >>> message_kind(b"From: desk@wire.example\\r\\nSubject: Reprint\\r\\n\\r\\nThe council met on Tuesday.")
    'message'
    >>> message_kind(b"Note: corrected on 5 May.\\n\\nThe council met on Tuesday.")
    >>> message_kind(b"From the archives: the council met on Tuesday.\\n")
    """
    head = raw[len(BOM_UTF8) :] if raw.startswith(BOM_UTF8) else raw
    if not FIRST_FIELD.match(head):
        return None
    mbox = MBOX_FROM.match(head)
    start = mbox.end() if mbox else 0
    if not _is_header_block(head[start : start + HEADER_BYTES]):
        return None
    return "mbox" if mbox else "message"


def _is_header_block(head: bytes) -> bool:
    """Header fields (with continuation lines) up to a blank line: at least MIN_FIELDS, one of them a field only mail
    has (MAIL_FIELDS) or a sender or recipient with an address.

    >>> _is_header_block(b"Title: Bridge reopens\\nDate: 2 March 2026\\nSource: Harbour Times\\n\\nThe bridge reopened.")
    False
    """
    names: list[bytes] = []
    addressed = False
    for line in head.split(b"\n"):
        line = line.rstrip(b"\r")
        if not line:
            return len(names) >= MIN_FIELDS and (addressed or not MAIL_FIELDS.isdisjoint(names))
        if line[:1] in (b" ", b"\t") and names:
            continue
        field = FIELD.match(line)
        if field is None:
            return False
        names.append(field.group(1).lower())
        addressed = addressed or (names[-1] in ADDRESS_FIELDS and b"@" in line)
    return False  # no blank line within HEADER_BYTES: not a header block


def read_message(raw: bytes, html_mode: str) -> Message:
    """The message's text (body first, then the text attachments), subject as title, date as published.

    An mbox of several messages is Rejected('several_messages'): one file is one
    document, and joining unrelated articles would make a document of none.

    >>> mail = b"Subject: Fwd: [wire] Bridge reopens\\nDate: Mon, 2 Mar 2026 08:15:00 +0000\\n"
    >>> mail += b"Content-Type: text/plain; charset=utf-8\\nContent-Transfer-Encoding: quoted-printable\\n\\n"
    >>> mail += b"The bridge reopened =E2=80=9Cat l=\\nast=E2=80=9D."
    >>> message = read_message(mail, "article").page
    >>> message.paragraphs, message.title, message.published, message.encoding
    (['The bridge reopened “at last”.'], 'Bridge reopens', datetime.date(2026, 3, 2), 'utf-8')
    """
    if message_kind(raw) == "mbox" and (count := len(MBOX_SEPARATOR.findall(raw)) + 1) > 1:
        raise Rejected(
            "several_messages",
            f"an mbox of {count} messages, and one file is one document: split it, one message a file (formail -s, "
            "or Python's mailbox.mbox; docs/email.md), and the next run reads each",
        )
    message, repaired = _parse(raw)
    contents = _contents(message, html_mode)
    if not contents.texts:
        kinds = ", ".join(contents.dropped) or message.get_content_type()
        raise Rejected("no_text", f"an e-mail message with no text/plain or text/html part ({kinds})")
    fixes = [fix for text in contents.texts for fix in text.fixes] + list(contents.fixes)
    fixes += (["mime_boundary_repaired"] if repaired else []) + (["attachments_dropped"] if contents.dropped else [])
    paragraphs = [paragraph for text in contents.texts for paragraph in text.paragraphs]
    first = contents.texts[0]
    (title, _, published), (outer_title, _, outer_published) = _metadata(contents.headed_by), _metadata(message)
    fixed = tuple(dict.fromkeys(fixes))
    page = WebPage(paragraphs, first.encoding, first.had_bom, fixed, title or outer_title, None, published or outer_published)
    return Message(page, contents.markup_read)


def _parse(raw: bytes) -> tuple[EmailMessage, bool]:
    """The message, its wrong MIME boundaries repaired, and whether there were any."""
    raw, altered = _restore_altered_delimiters(raw)
    message = message_from_bytes(raw, policy=POLICY)
    assert isinstance(message, EmailMessage)  # an EmailPolicy builds EmailMessage
    return message, _split_unsplit_multiparts(message) or altered


def _restore_altered_delimiters(raw: bytes) -> tuple[bytes, bool]:
    """`raw` with each line that opens a part with an undeclared boundary, nearly one a delimiter uses, made that
    delimiter; and whether there was one."""
    openings = list(PART_OPENING.finditer(raw))
    declared = _declared(raw) if openings else set()
    used = {opening.group(1) for opening in openings} & declared
    pieces, end = [], 0
    for opening in openings:
        boundary = opening.group(1)
        original = _altered_from(boundary, frozenset(used)) if used and boundary not in declared else None
        if original is not None:
            pieces += [raw[end : opening.start(1)], original]
            end = opening.end(1)
    return b"".join(pieces) + raw[end:], end > 0


@lru_cache(maxsize=256)  # a damaged file may repeat one undeclared line thousands of times
def _altered_from(boundary: bytes, used: frozenset[bytes]) -> bytes | None:
    """The boundary in use that `boundary` is an altered copy of (a character or two lost or changed), if any."""
    likeness = {
        candidate: SequenceMatcher(None, boundary, candidate).ratio()
        for candidate in used
        if abs(len(candidate) - len(boundary)) <= 2
    }
    best = max(likeness, key=likeness.__getitem__, default=None)
    return best if best is not None and likeness[best] >= ALTERED else None


def _split_unsplit_multiparts(message: EmailMessage) -> bool:
    """Split each multipart of `message` that its declared boundary left whole (no delimiter of it in the body, or
    no boundary declared) at its own boundary, found in its body; whether any was."""
    split_any = False
    for part in message.walk():  # walk() goes on into a part's payload as it is after the part was yielded
        if not any(isinstance(defect, MultipartInvariantViolationDefect) for defect in part.defects):
            continue  # the parser says so of a multipart it left whole
        raw = part.get_payload(decode=True)  # left whole: its body, as bytes
        if not isinstance(raw, bytes) or (boundary := _own_boundary(raw)) is None:
            continue
        head = b"Content-Type: " + part.get_content_type().encode() + b'; boundary="' + boundary + b'"\r\n\r\n'
        split = message_from_bytes(head + raw, policy=POLICY)
        part.set_payload(split.get_payload())
        part.preamble, part.epilogue = split.preamble, split.epilogue
        split_any = True
    return split_any


def _own_boundary(body: bytes) -> bytes | None:
    """The boundary of the first line of `body` that opens a part, comes back (another part, or the close), and
    that no header in `body` declares: a declared one is a message's inside this one, pasted or attached whole."""
    body = b"\n" + body  # its first line may open a part
    declared = _declared(body)
    last_line: dict[bytes, int] = {}  # where each `--` line's boundary (a closing one's too) is last
    for line in DASHED_LINE.finditer(body):
        text = line.group(1).rstrip(b" \t\r")
        last_line[text] = last_line[text.removesuffix(b"--")] = line.start()
    for opening in PART_OPENING.finditer(body):
        boundary = opening.group(1)
        if boundary not in declared and last_line[boundary] > opening.start():
            return boundary
    return None


def _declared(raw: bytes) -> set[bytes]:
    """The boundaries the Content-Type fields in `raw` declare, as written."""
    return {raw[found.start(found.lastindex or 0) : found.end(found.lastindex or 0)] for found in DECLARED.finditer(raw.lower())}


@dataclass(frozen=True)
class Contents:
    """What a message holds: the text of its body and text attachments (a message attached whole: its own), in
    order; the content types left out; whether any text was read from HTML; the message whose subject and date
    are the article's (itself, or the one it forwards as an attachment under a note); fixes."""

    texts: list[WebPage]
    dropped: list[str]
    markup_read: bool
    headed_by: EmailMessage
    fixes: tuple[str, ...] = ()


def _contents(message: EmailMessage, html_mode: str) -> Contents:
    """The body and the attachments of `message`: a message forwarded as an attachment under no more than a note
    above it (one message: several are a digest) is the article, its note left out; so is a message that is only
    another, enclosed (message/rfc822 as its own type: how GroupWise and some others forward)."""
    enclosed = _enclosed(message)
    if enclosed is not None:
        return _contents(enclosed, html_mode)
    body = message.get_body(preferencelist=("plain", "html"))
    text, markup_read = _text(body, html_mode) if isinstance(body, EmailMessage) else (None, False)
    own = Contents([text] if text else [], [], markup_read, message)
    attached = [_attachment(part, message, html_mode) for part in message.iter_attachments()]
    forwarded = [inner for inner in attached if inner.headed_by is not message and inner.texts]
    if len(forwarded) == 1 and _length(own.texts) < min(NOTE_CHARS, _length(forwarded[0].texts)):  # not a digest
        note = ("forward_note_removed",) if _length(own.texts) else ()
        own = Contents([], [], own.markup_read, forwarded[0].headed_by, note)
    return Contents(
        own.texts + [text for inner in attached for text in inner.texts],
        [kind for inner in attached for kind in inner.dropped],
        own.markup_read or any(inner.markup_read for inner in attached),
        own.headed_by,
        own.fixes + tuple(fix for inner in attached for fix in inner.fixes),
    )


def _attachment(part: EmailMessage, message: EmailMessage, html_mode: str) -> Contents:
    """An attachment of `message`: a message attached whole (message/rfc822, or a saved .eml sent as a file) gives
    its contents, a plain-text file its text; anything else is left out."""
    kind = part.get_content_type()
    inner = _enclosed(part)
    if inner is not None:
        return _contents(inner, html_mode)
    if kind in ("application/octet-stream", "text/plain"):
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes) and message_kind(payload) is not None:
            saved, repaired = _parse(payload)
            contents = _contents(saved, html_mode)
            return replace(contents, fixes=contents.fixes + ("mime_boundary_repaired",) * repaired)
    if kind == "text/plain":
        text, markup_read = _text(part, html_mode)
        return Contents([text], [], markup_read, message)
    return Contents([], [kind], False, message)


def _enclosed(part: EmailMessage) -> EmailMessage | None:
    """The message a message/rfc822 part holds."""
    inner = part.get_content() if part.get_content_type() == "message/rfc822" else None
    return inner if isinstance(inner, EmailMessage) else None


def _length(texts: list[WebPage]) -> int:
    return sum(len(paragraph.strip()) for text in texts for paragraph in text.paragraphs)


def _text(part: EmailMessage, html_mode: str) -> tuple[WebPage, bool]:
    """One part's text, and whether it was read as markup: transfer encoding undone, decoded as declared (checked);
    HTML read as a page is, and so is a text/plain part written in HTML (some mailing systems send the HTML as the
    plain part: <p>s, <br>s, inline tags, entities), which page_kind tells from text quoting a tag."""
    payload = part.get_payload(decode=True)
    raw = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset()
    if part.get_content_type() != "text/html":
        decoded = decode_declared(raw, charset)
        kind = page_kind(decoded.text.encode("utf-8")) if html_mode != "raw" else None
        if kind == "fragment":
            return read_fragment(decoded), True
        return (read_decoded_page(decoded, "text"), True) if kind == "html" else (_as_text(decoded), False)
    decoded = decode_declared(raw, charset) if charset else decode_page(raw)  # no MIME charset: the page's own
    return (_as_text(decoded), False) if html_mode == "raw" else (read_decoded_page(decoded, "text"), True)


def _as_text(decoded: DecodedPage) -> WebPage:
    """A plain-text part, without the header lines of a message forwarded inside it."""
    text, forwards = FORWARDED.subn("", decoded.text)
    fixes = (*decoded.fixes, "forwarded_headers_removed") if forwards else decoded.fixes
    return WebPage([text], decoded.encoding, decoded.had_bom, fixes)


def _metadata(message: EmailMessage) -> tuple[str | None, str | None, date | None]:
    """(title, source_url, published): the subject without reply, forward and list prefixes; no URL; the date
    as the sender's clock wrote it."""
    subject = SUBJECT_PREFIX.sub("", str(message.get("subject", "")), count=1).strip()
    moment = getattr(message.get("date"), "datetime", None)
    return subject or None, None, moment.date() if moment else None

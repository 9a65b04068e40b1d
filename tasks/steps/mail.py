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
"""

from __future__ import annotations

import re
from codecs import BOM_UTF8
from dataclasses import dataclass
from datetime import date
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import EmailPolicy

from tasks.model import Rejected
from tasks.steps.html import DecodedPage, WebPage, decode_declared, decode_page, read_decoded_page

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
        raise Rejected("several_messages", f"an mbox of {count} messages; one message a file is one document each")
    message = message_from_bytes(raw, policy=POLICY)
    assert isinstance(message, EmailMessage)  # an EmailPolicy builds EmailMessage
    texts, dropped, markup_read = _texts(message, html_mode)
    if not texts:
        kinds = ", ".join(dropped) or message.get_content_type()
        raise Rejected("no_text", f"an e-mail message with no text/plain or text/html part ({kinds})")
    fixes = [fix for text in texts for fix in text.fixes] + (["attachments_dropped"] if dropped else [])
    paragraphs = [paragraph for text in texts for paragraph in text.paragraphs]
    page = WebPage(paragraphs, texts[0].encoding, texts[0].had_bom, tuple(dict.fromkeys(fixes)), *_metadata(message))
    return Message(page, markup_read)


def _texts(message: EmailMessage, html_mode: str) -> tuple[list[WebPage], list[str], bool]:
    """The text of the body and of each plain-text attachment (a message attached whole: its own texts), the
    content types of the attachments left out, and whether any text was read from HTML."""
    body = message.get_body(preferencelist=("plain", "html"))
    texts = [_text(body, html_mode)] if isinstance(body, EmailMessage) else []
    markup_read = body is not None and body.get_content_type() == "text/html" and html_mode != "raw"
    dropped: list[str] = []
    for part in message.iter_attachments():
        kind = part.get_content_type()
        inner = part.get_content() if kind == "message/rfc822" else None
        if isinstance(inner, EmailMessage):
            inner_texts, inner_dropped, inner_markup = _texts(inner, html_mode)
            texts, dropped, markup_read = texts + inner_texts, dropped + inner_dropped, markup_read or inner_markup
        elif kind == "text/plain" and isinstance(part, EmailMessage):
            texts.append(_text(part, html_mode))
        else:
            dropped.append(kind)
    return texts, dropped, markup_read


def _text(part: EmailMessage, html_mode: str) -> WebPage:
    """One part's text: transfer encoding undone, decoded as declared (checked); HTML read as a page is."""
    payload = part.get_payload(decode=True)
    raw = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset()
    if part.get_content_type() != "text/html":
        return _as_text(decode_declared(raw, charset))
    decoded = decode_declared(raw, charset) if charset else decode_page(raw)  # no MIME charset: the page's own
    return _as_text(decoded) if html_mode == "raw" else read_decoded_page(decoded, "text")


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

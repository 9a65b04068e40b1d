"""E-mail messages in, the article's paragraphs out (tasks/steps/mail.py through the pipeline): NTREX articles
(../shared/corpus, read at run time) wrapped into messages by the standard library, in the charsets and transfer
encodings mail uses; and text files that must stay text."""

from __future__ import annotations

import html
import struct
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from bench import email_shapes
from bench.fuzz_formats import clean_once
from tasks.model import CleanDocument, Outcome, Quarantined, SourceFile
from tasks.pipeline import CleanOptions, StepTimer, clean_files, repair_and_tidy
from tests.cli_runs import SMALL_COMMITS, finish, run_cli
from tests.corpus import ntrex_articles

# The name `source_encoding` records for each charset a message declares (docs/schema.md lists the names).
RECORDED = {"big5": "big5", "gb2312": "gb18030", "iso-2022-jp": "iso-2022-jp", "koi8-r": "koi8-r"}
RECORDED |= {"iso-8859-2": "iso-8859-2", "windows-1252": "cp1252", "utf-8": "utf-8"}


def clean(tmp_path: Path, files: dict[str, bytes]) -> dict[str, Outcome]:
    """Each file through the pipeline's steps, as `reprints ingest` runs them (no Prefect)."""
    sources = []
    for name, raw in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        sources.append(SourceFile(str(path), name, len(raw)))
    outcomes = clean_files(sources, [()] * len(sources), CleanOptions(), StepTimer())
    return {source.source_path: outcome for source, outcome in zip(sources, outcomes, strict=True)}


def labelled(doc: Outcome) -> list[tuple[str, str]]:
    assert isinstance(doc, CleanDocument), doc
    return [(paragraph, part.language) for part in doc.parts for paragraph in part.paragraphs]


@pytest.mark.parametrize(("language", "charset"), email_shapes.CHARSETS, ids=[c[1] + "-" + c[0] for c in email_shapes.CHARSETS])
def test_a_message_gives_exactly_the_articles_paragraphs_in_its_language(tmp_path: Path, language: str, charset: str) -> None:
    """Every transfer encoding x structure: plain, multipart/alternative, html only (<p>, and Gmail's <div> and
    <br>), with a PDF attachment, a forwarded message inside the body, a one-message mbox; the HTML sent as the
    text/plain part (the <p> page, Gmail's <br>s, inline tags: none of them reaches the text); the PDF-attached message
    with a wrong MIME boundary (renamed in the header, the first delimiter altered, the closing one gone, the
    parameter unquoted); the plain message forwarded as an attachment under "See attached.", or as an .eml file,
    or as the forward's whole content (message/rfc822 at the top, as GroupWise forwards).
    Nothing of the headers, transfer encodings, MIME structure or forwarder's note leaks into the text."""
    article = email_shapes.articles_in(language, charset, 1)[0]
    files = {
        f"{transfer}/{structure}.eml": email_shapes.message(article, language, charset, transfer, structure)
        for transfer in email_shapes.TRANSFER_ENCODINGS
        for structure in email_shapes.SHAPES
        if structure != "wrapped"  # joining hard-wrapped lines is the paragraphs step's, as in a text file (bench)
    }
    expected = [(repair_and_tidy(line)[0], language) for line in article]
    with_pdf = ("attachment", *email_shapes.DAMAGED)
    for name, doc in clean(tmp_path, files).items():
        structure = name.split("/")[1].removesuffix(".eml")
        assert labelled(doc) == expected, name
        assert isinstance(doc, CleanDocument)
        assert doc.page.source_format == "email", name
        assert doc.source_encoding == RECORDED[charset], name
        assert doc.parts[0].title == repair_and_tidy(article[0])[0], name  # the subject, "Fwd: [wire] " left out
        assert doc.page.published == date(2026, 3, 2), name  # a forwarded message's own date, not the forward's
        assert ("attachments_dropped" in doc.fixes) == (structure in with_pdf), name
        assert ("forwarded_headers_removed" in doc.fixes) == (structure == "forwarded"), name
        assert ("mime_boundary_repaired" in doc.fixes) == (structure in ("renamed", "altered", "unquoted")), name
        assert ("forward_note_removed" in doc.fixes) == (structure == "attached"), name


def test_articles_that_open_with_a_field_like_line_stay_text(tmp_path: Path) -> None:
    """NTREX news in every script, as they are and under one "Word: value" line (or two with no field every
    message has, an archive's Title/Date/Source lines, or a "From " line that is no mbox's): none is taken for a
    message, none changes."""
    openings: tuple[str, ...] = ("", "Note: corrected on 5 May.\n", "Update: the council voted again.\n\n", "Subject: reprints\n")
    openings = (*openings, "Date: 2 March 2026\n\n", "Note: corrected.\nUpdate: voted again.\n\n", "From the archives: 1998\n\n")
    openings = (*openings, "Title: Bridge reopens\nDate: 2 March 2026\nSource: Harbour Times\n\n")  # an archive's own fields
    files, texts = {}, {}
    for language in ("en", "fr", "de", "ru", "zh-Hant", "ja", "ar", "th"):
        for number, opening in enumerate(openings):
            article = ntrex_articles(language)[number]
            texts[f"{language}/{number}.txt"] = text = opening + "\n\n".join(article) + "\n"
            files[f"{language}/{number}.txt"] = text.replace("\n", "\r\n").encode("utf-8")
    for name, doc in clean(tmp_path, files).items():
        assert isinstance(doc, CleanDocument), name
        assert doc.page.source_format == "text" and doc.page.title is None, name
        paragraphs = [paragraph for paragraph, _ in labelled(doc)]
        tidy = repair_and_tidy(texts[name])[0].split("\n\n")
        assert paragraphs[0] == tidy[0] and set(paragraphs) <= set(tidy), name  # the opening line stays text


def test_an_mbox_of_several_messages_is_quarantined_with_its_count(tmp_path: Path) -> None:
    articles = [email_shapes.articles_in("en", "utf-8", 2)[i] for i in (0, 1)]
    mbox = b"\r\n".join(email_shapes.message(a, "en", "utf-8", "8bit", "mbox") for a in articles)
    doc = clean(tmp_path, {"wire.mbox": mbox})["wire.mbox"]
    assert isinstance(doc, Quarantined)
    assert doc.reason == "several_messages" and "2 messages" in doc.detail
    assert "split it" in doc.detail and "formail -s" in doc.detail and "mailbox" in doc.detail  # what to do


def test_a_message_with_no_text_part_is_quarantined_saying_what_it_held(tmp_path: Path) -> None:
    mail = EmailMessage()
    mail["From"], mail["Subject"] = "desk@wire.example", "Photo"
    mail.add_attachment(b"\x89PNG\r\n\x1a\n" + bytes(64), maintype="image", subtype="png", filename="photo.png")
    doc = clean(tmp_path, {"photo.eml": mail.as_bytes()})["photo.eml"]
    assert isinstance(doc, Quarantined)
    assert doc.reason == "no_text" and "image/png" in doc.detail


def test_a_declared_charset_the_bytes_contradict_is_overridden_and_recorded(tmp_path: Path) -> None:
    """Mail clients declare us-ascii or iso-8859-1 over UTF-8 bodies: the bytes win, as for a web page."""
    article = ntrex_articles("fr")[0]
    body = ("\n\n".join(article) + "\n").encode("utf-8")
    head = b"From: desk@wire.example\nSubject: Reprise\nContent-Type: text/plain; charset=iso-8859-1\n\n"
    doc = clean(tmp_path, {"fr.eml": head + body})["fr.eml"]
    assert labelled(doc) == [(repair_and_tidy(line)[0], "fr") for line in article]
    assert isinstance(doc, CleanDocument)
    assert doc.source_encoding == "utf-8" and "charset_declaration_overridden" in doc.fixes


def test_a_part_header_run_into_600_kb_of_text_is_read_in_reasonable_time(tmp_path: Path) -> None:
    """A damaged file whose line ends were lost after a MIME part's Content-Type (found by bench/fuzz_formats.py):
    the standard library's header parser took minutes over the 600 KB field; the part is read from the field's start.
    The limit only stops a hang; bench/fuzz_formats.py times files."""
    article = email_shapes.articles_in("ru", "koi8-r", 1)[0]
    mail = email_shapes.message(article, "ru", "koi8-r", "8bit", "attachment")
    field = b'Content-Type: text/plain; charset="koi8-r"'
    text = " ".join(article).encode("koi8-r")
    damaged = mail.replace(field, field + b" " + text * (600_000 // len(text) + 1), 1)
    result = clean_once(damaged, tmp_path, limit=20)
    assert result.outcome == "documents", result
    doc = clean(tmp_path, {"damaged.eml": damaged})["damaged.eml"]
    assert labelled(doc) == [(repair_and_tidy(line)[0], "ru") for line in article]


def test_a_charset_label_with_nul_bytes_is_no_declaration(tmp_path: Path) -> None:
    """NULs written over a part's charset label (found by bench/fuzz_formats.py): codecs.lookup raised ValueError
    and the file failed; the part is decoded as detected, as with no label."""
    article = email_shapes.articles_in("zh-Hant", "big5", 1)[0]
    mail = email_shapes.message(article, "zh-Hant", "big5", "base64", "html")
    doc = clean(tmp_path, {"nul.eml": mail.replace(b'charset="big5"', b'charset="b\x00\x00ig5"', 1)})["nul.eml"]
    assert labelled(doc) == [(repair_and_tidy(line)[0], "zh-Hant") for line in article]


def test_ingest_reads_an_eml_in_raw_as_its_article(tmp_path: Path, api_url: str) -> None:
    article = email_shapes.articles_in("zh-Hant", "big5", 1)[0]
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "wire.eml").write_bytes(email_shapes.message(article, "zh-Hant", "big5", "quoted-printable", "attachment"))
    out = tmp_path / "out"
    code, _, stderr = finish(run_cli(raw, out, api_url, *SMALL_COMMITS))
    assert code == 0, stderr
    (row,) = ds.dataset(out / "records", format="parquet", partitioning="hive").to_table().to_pylist()
    assert row["paragraphs"] == [repair_and_tidy(line)[0] for line in article]
    assert row["language"] == "zh-Hant" and row["source_format"] == "email" and row["source_encoding"] == "big5"
    assert row["title"] == article[0] and row["published"] == date(2026, 3, 2)
    assert "attachments_dropped" in row["fixes"]


def test_a_delimiter_altered_before_an_attachment_keeps_the_attachment_out_of_the_text(tmp_path: Path) -> None:
    """The delimiter between the article and its PDF lost a character: the PDF's part headers and base64 were the
    article's last paragraphs. The line that differs from the boundary by a character, part headers after it, is
    the delimiter."""
    article = email_shapes.articles_in("cs", "iso-8859-2", 1)[0]
    mail = email_shapes.message(article, "cs", "iso-8859-2", "quoted-printable", "attachment")
    delimiter = b"--" + email_shapes.BOUNDARY.search(mail).group(1)  # type: ignore[union-attr]
    second = mail.index(delimiter + b"\r\n", mail.index(delimiter + b"\r\n") + 1)
    damaged = mail[:second] + delimiter[:-1] + mail[second + len(delimiter) :]
    doc = clean(tmp_path, {"cs.eml": damaged})["cs.eml"]
    assert labelled(doc) == [(repair_and_tidy(line)[0], "cs") for line in article]
    assert isinstance(doc, CleanDocument) and "mime_boundary_repaired" in doc.fixes


def test_a_renamed_boundary_takes_the_messages_own_parts_not_an_attached_messages(tmp_path: Path) -> None:
    """The header names another boundary than the body's; a message forwarded as an attachment holds parts of its
    own, with their own delimiters: the body is the outer message's first part, the attached article after it."""
    first, second = email_shapes.articles_in("ru", "koi8-r", 2)
    inner = email_shapes.message(second, "ru", "koi8-r", "base64", "alternative")
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "desk@wire.example", "reprints@paper.example", first[0]
    mail.set_content("\n\n".join(first) + "\n", charset="koi8-r", cte="quoted-printable")
    mail.add_attachment(message_from_bytes(inner, policy=policy.default))
    damaged = email_shapes.wrong_boundary(mail.as_bytes(policy=policy.SMTP), "renamed")
    doc = clean(tmp_path, {"ru.eml": damaged})["ru.eml"]
    assert labelled(doc) == [(repair_and_tidy(line)[0], "ru") for line in (*first, *second)]
    assert isinstance(doc, CleanDocument) and "mime_boundary_repaired" in doc.fixes


def test_a_message_pasted_into_a_broken_multipart_is_not_taken_for_its_parts(tmp_path: Path) -> None:
    """A multipart message whose body has no delimiter of its own, only a whole message pasted in (headers, its
    boundary declared, its parts): that message's parts are not the body; nothing is read, as before."""
    article = email_shapes.articles_in("en", "utf-8", 1)[0]
    pasted = email_shapes.message(article, "en", "utf-8", "8bit", "attachment")
    head = b'From: desk@wire.example\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="gone"\r\n\r\n'
    doc = clean(tmp_path, {"pasted.eml": head + b"Forwarded below.\r\n\r\n" + pasted})["pasted.eml"]
    assert isinstance(doc, Quarantined) and doc.reason == "no_text", doc


def test_quoted_mime_lines_in_a_plain_body_stay_text(tmp_path: Path) -> None:
    """A reply quoting a message's source ("> --boundary", "> Content-Type: ..."): text the sender wrote."""
    article = email_shapes.articles_in("fr", "windows-1252", 1)[0]
    source = email_shapes.message(article, "fr", "utf-8", "8bit", "attachment").decode().splitlines()
    quoted = "\n".join("> " + line for line in source[source.index("") + 1 :][:8])
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "desk@wire.example", "reprints@paper.example", "Re: the PDF"
    mail.set_content(article[0] + "\n\n" + quoted + "\n", cte="8bit")
    doc = clean(tmp_path, {"reply.eml": mail.as_bytes(policy=policy.SMTP)})["reply.eml"]
    assert isinstance(doc, CleanDocument) and "mime_boundary_repaired" not in doc.fixes
    paragraphs = [paragraph for paragraph, _ in labelled(doc)]
    assert paragraphs[0] == repair_and_tidy(article[0])[0] and paragraphs[1].startswith("> --"), paragraphs


@pytest.mark.parametrize(
    "body",
    [
        "Jane Doe <jane@x.example> wrote:\n\nThe council met on <b>Tuesday</b> and voted <i>yes</i>.\n",
        "Use the <b> element for bold text.<br><br>Type <br> for a line break, <br><br> for a blank line.\n",
        "Wrap a word in <b> and </b> to make it bold, in <em> and </em> to stress it.\n",
    ],
)
def test_a_plain_body_that_quotes_tags_stays_text(tmp_path: Path, body: str) -> None:
    """A plain body is read as HTML only when it is written in it (docs/email.md): an address in angle brackets, a
    text about tags, keep their "<" and ">"."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "desk@wire.example", "reprints@paper.example", "Tags"
    mail.set_content(body, cte="8bit")
    doc = clean(tmp_path, {"tags.eml": mail.as_bytes(policy=policy.SMTP)})["tags.eml"]
    assert [paragraph for paragraph, _ in labelled(doc)] == body.strip().split("\n\n")


def test_a_plain_body_of_one_html_paragraph_is_read(tmp_path: Path) -> None:
    """A plain part written in HTML that is one <p>: 9929351 quarantined it `no_text` (c3fe4cb kept its tags)."""
    paragraph = ntrex_articles("en")[0][1]
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "desk@wire.example", "reprints@paper.example", "One paragraph"
    mail.set_content(f"<p>{html.escape(paragraph)}</p>\n", cte="8bit")
    doc = clean(tmp_path, {"one.eml": mail.as_bytes(policy=policy.SMTP)})["one.eml"]
    assert [text for text, _ in labelled(doc)] == [repair_and_tidy(paragraph)[0]]


def test_a_long_note_above_an_attached_message_stays(tmp_path: Path) -> None:
    """Only a short note is the forwarder's: an article in the body, another attached, gives both, in order."""
    first, second = email_shapes.articles_in("pl", "iso-8859-2", 2)
    inner = email_shapes.message(second, "pl", "iso-8859-2", "8bit", "plain")
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "desk@wire.example", "reprints@paper.example", "Fwd: " + first[0]
    mail.set_content("\n\n".join(first) + "\n", charset="iso-8859-2", cte="8bit")
    mail.add_attachment(message_from_bytes(inner, policy=policy.default))
    doc = clean(tmp_path, {"pl.eml": mail.as_bytes(policy=policy.SMTP)})["pl.eml"]
    assert labelled(doc) == [(repair_and_tidy(line)[0], "pl") for line in (*first, *second)]
    assert isinstance(doc, CleanDocument) and "forward_note_removed" not in doc.fixes
    assert doc.parts[0].title == repair_and_tidy(first[0])[0]


def outlook_msg(subject: str, body: str) -> bytes:
    """The first sectors of an Outlook .msg as Outlook writes them (a real one's, mail-parser's tests/mails/
    mail_outlook_1, checked): the OLE header, a directory sector naming the root and the message's property
    streams, the subject and body streams in UTF-16LE. Enough for a reader of first bytes, not for an OLE reader."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9)
    header = header.ljust(0x30, b"\x00") + struct.pack("<I", 0) + bytes(12) + struct.pack("<I", 0xFFFFFFFE)
    names = [("Root Entry", 5), ("__properties_version1.0", 2), ("__substg1.0_0037001F", 2), ("__substg1.0_1000001F", 2)]
    entries = b""
    for name, kind in names:
        encoded = (name + "\x00").encode("utf-16-le")
        entries += (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)).ljust(128, b"\xff")
    streams = (subject + "\x00").encode("utf-16-le") + (body + "\x00").encode("utf-16-le")
    return header.ljust(512, b"\xff") + entries.ljust(512, b"\x00") + streams


def test_an_outlook_msg_is_an_unsupported_format_saying_so(tmp_path: Path) -> None:
    """An Outlook .msg (an OLE file, whatever its name) is no binary junk: the detail names it and says what to do."""
    article = ntrex_articles("de")[0]
    msg = outlook_msg(article[0], "\r\n\r\n".join(article[1:]))
    for name, doc in clean(tmp_path, {"reprint.msg": msg, "reprint": msg}).items():
        assert isinstance(doc, Quarantined) and doc.reason == "unsupported_format", name
        assert "Outlook message (.msg)" in doc.detail and ".eml" in doc.detail, name


def test_thousands_of_lines_that_open_parts_are_read_in_reasonable_time(tmp_path: Path) -> None:
    """A damaged message whose body holds 20,000 `--x` lines with part headers after them, none declared, none
    coming back, before its real (renamed) boundary: looking for the body's own boundary took over two minutes when
    each line searched the body again. The limit only stops a hang; bench/email_shapes.py --repair-cost times."""
    article = email_shapes.articles_in("en", "utf-8", 1)[0]
    mail = email_shapes.message(article, "en", "utf-8", "8bit", "renamed")
    junk = b"".join(b"\r\n--x%d\r\nContent-Type: text/plain\r\n\r\nword\r\n" % number for number in range(20_000))
    body = mail.index(b"\r\n\r\n") + 4
    damaged = mail[:body] + junk + mail[body:]
    assert clean_once(damaged, tmp_path, limit=20).outcome == "documents"
    doc = clean(tmp_path, {"junk.eml": damaged})["junk.eml"]
    assert labelled(doc) == [(repair_and_tidy(line)[0], "en") for line in article]  # the junk was the preamble

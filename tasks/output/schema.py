"""The one place that defines what the pipeline writes: columns, codes, versions.

Everything that reads or writes records imports its schema from here, and
docs/schema.md documents every name defined here (a test checks it).
"""

from __future__ import annotations

import pyarrow as pa

from reprints import __version__

# MAJOR.MINOR: a minor version only adds (columns, codes); anything else is a new major (docs/schema.md).
SCHEMA_VERSION = "2.2"  # 1.1: source_format, source_url, published; charset_declaration_overridden; no_article
# 1.2: the alignments dataset; boilerplate_paragraphs, and the boilerplate dataset
# 2.0: doc_id counts a format's lifted headline (docs/schema.md "Release notes: 2.0"); source_format nitf and newsml
# (news XML), email, rtf, docx and odt (word-processor files), markdown;
# unsupported_format, several_messages; attachments_dropped, forwarded_headers_removed, mixed_encodings
# 2.1: source_format doc (Word 97-2003) and pdf; mime_boundary_repaired, forward_note_removed (e-mail);
# bom_contradicted
# 2.2: source_format json (a CMS's or news API's JSON export of one article)
PIPELINE_VERSION = __version__

RECORD_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source_path", pa.string(), nullable=False),
        pa.field("language", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("paragraphs", pa.list_(pa.string()), nullable=False),
        pa.field("title", pa.string(), nullable=True),
        pa.field("reprint_source", pa.string(), nullable=True),
        pa.field("source_encoding", pa.string(), nullable=False),
        pa.field("fixes", pa.list_(pa.string()), nullable=False),
        pa.field("duplicate_paragraphs", pa.int32(), nullable=False),
        pa.field("language_confidence", pa.float32(), nullable=False),
        pa.field("ingested_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("pipeline_version", pa.string(), nullable=False),
        pa.field("source_sha256", pa.string(), nullable=False),
        pa.field("part_index", pa.int32(), nullable=False),
        pa.field("part_count", pa.int32(), nullable=False),
        pa.field("reprint_cluster", pa.string(), nullable=False),
        pa.field("source_format", pa.string(), nullable=True),
        pa.field("source_url", pa.string(), nullable=True),
        pa.field("published", pa.date32(), nullable=True),
        pa.field("boilerplate_paragraphs", pa.int32(), nullable=True),
    ]
)

QUARANTINE_SCHEMA = pa.schema(
    [
        pa.field("source_path", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("detail", pa.string(), nullable=False),
        pa.field("source_sha256", pa.string(), nullable=True),
        pa.field("size_bytes", pa.int64(), nullable=True),
        pa.field("quarantined_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("pipeline_version", pa.string(), nullable=False),
    ]
)

DUPLICATE_SCHEMA = pa.schema(
    [
        pa.field("source_path", pa.string(), nullable=False),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("duplicate_of_path", pa.string(), nullable=False),
        pa.field("source_sha256", pa.string(), nullable=False),
        pa.field("detected_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("pipeline_version", pa.string(), nullable=False),
    ]
)

# OUT/alignments: every pair of the parts of a document in two or more languages aligned, paragraph by paragraph
# and sentence by sentence (tasks/steps/align.py, docs/alignment.md). Partitioned by `pair`.
ALIGNMENT_LEVELS = ("paragraph", "sentence")
ALIGNMENT_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("pair", pa.string(), nullable=False),
        pa.field("level", pa.string(), nullable=False),
        pa.field("src_language", pa.string(), nullable=False),
        pa.field("tgt_language", pa.string(), nullable=False),
        pa.field("src_indices", pa.list_(pa.int32()), nullable=False),
        pa.field("tgt_indices", pa.list_(pa.int32()), nullable=False),
        pa.field("src_paragraph_indices", pa.list_(pa.int32()), nullable=False),
        pa.field("tgt_paragraph_indices", pa.list_(pa.int32()), nullable=False),
        pa.field("src_text", pa.string(), nullable=False),
        pa.field("tgt_text", pa.string(), nullable=False),
        pa.field("score", pa.float32(), nullable=False),
        pa.field("method", pa.string(), nullable=False),
        pa.field("source_path", pa.string(), nullable=False),
        pa.field("ingested_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("pipeline_version", pa.string(), nullable=False),
    ]
)

# Boilerplate: paragraphs found in documents of at least --boilerplate-min-docs reprint clusters (docs/dedup.md, 4).
# Each flush lists those its documents carried; a key's latest row holds its count.
BOILERPLATE_SCHEMA = pa.schema(
    [
        pa.field("key", pa.uint64(), nullable=False),
        pa.field("paragraph", pa.string(), nullable=False),
        pa.field("language", pa.string(), nullable=False),
        pa.field("documents", pa.int32(), nullable=False),
        pa.field("removed", pa.int32(), nullable=False),
        pa.field("min_docs", pa.int32(), nullable=False),
        pa.field("updated_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("pipeline_version", pa.string(), nullable=False),
    ]
)
# The counter's state, committed with each flush under OUT/boilerplate/_state/ (hidden from readers of the dataset):
# the keys of each document written, and the keys whose count reached two or more.
BOILERPLATE_STATE_DIR = "boilerplate/_state"
BOILERPLATE_KEYS_SCHEMA = pa.schema(
    [
        pa.field("cluster", pa.uint32(), nullable=False),
        pa.field("keys", pa.list_(pa.uint32()), nullable=False),
    ]
)
BOILERPLATE_COUNTS_SCHEMA = pa.schema(
    [
        pa.field("key", pa.uint64(), nullable=False),
        pa.field("documents", pa.int32(), nullable=False),
    ]
)

# Near-duplicate parameters. Signatures stored in OUT's index depend on them: changing
# one needs a new INDEX_VERSION, whose index is then rebuilt from the records.
SHINGLE_CHARS = 5  # characters per shingle, after normalisation (tasks/steps/reprint_clusters.py)
MINHASH_BANDS = 42  # LSH bands ...
MINHASH_ROWS = 3  # ... of this many 16-bit MinHash values each

# The document index: one file per flush under OUT/INDEX_DIR, committed with the records
# (tasks/output/doc_index.py). One row per input file that became records, a duplicate or quarantine.
INDEX_VERSION = "2"  # 2: one-permutation MinHash signatures (1: 126 hash functions)
INDEX_DIR = f"index/v{INDEX_VERSION}"
# A cache derived from the index (tasks/output/reprint_cache.py): deleting it is always safe.
REPRINT_CACHE_DIR = f"index/v{INDEX_VERSION}-reprints"
INDEX_OUTCOMES = ("record", "duplicate", "quarantine")
INDEX_SCHEMA = pa.schema(
    [
        pa.field("source_path", pa.string(), nullable=False),
        pa.field("source_sha256", pa.binary(32), nullable=True),
        pa.field("outcome", pa.dictionary(pa.int8(), pa.string()), nullable=False),
        pa.field("doc_id", pa.binary(16), nullable=True),
        pa.field("reprint_cluster", pa.binary(16), nullable=True),
        pa.field("minhash", pa.binary(MINHASH_BANDS * MINHASH_ROWS * 2), nullable=True),
        pa.field("seen_at", pa.timestamp("us", tz="UTC"), nullable=False),
        # of a quarantine row: the version that gave the verdict (null in index files written before 0.2.0, which
        # had no such column: their verdicts are an older version's); null on other rows
        pa.field("pipeline_version", pa.dictionary(pa.int8(), pa.string()), nullable=True),
    ]
)

# Hive partition columns of OUT/records: they are the directory names (records/language=en/) and are not
# stored inside the files, as Spark, DuckDB and pyarrow write partitions. A column in both places makes
# pandas and pyarrow.parquet.read_table fail to merge the string column with the partition's dictionary.
PARTITION_COLUMNS = ("language",)

# Each dataset under OUT and the schema its files have (records: minus PARTITION_COLUMNS).
DATASETS: dict[str, pa.Schema] = {"records": RECORD_SCHEMA, "quarantine": QUARANTINE_SCHEMA, "duplicates": DUPLICATE_SCHEMA}
DATASETS["alignments"] = ALIGNMENT_SCHEMA
# The hive partition columns of each partitioned dataset (not stored inside its files).
DATASET_PARTITIONS: dict[str, tuple[str, ...]] = {"records": PARTITION_COLUMNS, "alignments": ("pair",)}
DATASETS["boilerplate"] = BOILERPLATE_SCHEMA

# Stable codes for what repair and clean-up changed (the `fixes` column).
FIX_CODES: dict[str, str] = {
    "bom_removed": "a byte-order mark was removed",
    "mojibake_repaired": "text decoded with the wrong encoding (e.g. UTF-8 read as cp1252) was re-decoded",
    "html_entities_decoded": "HTML entities such as &amp; or &eacute; were replaced by their characters",
    "control_chars_removed": "control characters (C0/C1 other than tab and newline) were removed",
    "zero_width_removed": "zero-width spaces, word joiners, soft hyphens or stray BOMs were removed (ZWNJ, ZWJ, LRM, RLM stay)",
    "bidi_controls_removed": "bidi embedding, override or isolate controls without their partner on the same line were removed",
    "surrogates_repaired": "UTF-16 surrogate pairs left in the text were joined",
    "unicode_normalized": "the text was normalised to NFC",
    "line_endings_normalized": "CRLF or CR line endings became LF",
    "trailing_whitespace_stripped": "whitespace at the end of lines was removed",
    "spaces_collapsed": "runs of spaces or tabs inside a line became one space",
    "blank_lines_trimmed": "blank lines at the start or end of the document were removed",
    "other_repair": "ftfy made a repair not listed above",
    "charset_declaration_overridden": "a web page's (or an e-mail part's) declared charset contradicted its bytes, "
    "which were decoded as detected",
    "invalid_utf8_repaired": "UTF-8 with a few invalid bytes stayed UTF-8: each stray byte was read as cp1252 (“ é), "
    "a character cut short became U+FFFD",
    "attachments_dropped": "an e-mail message's attachments that are not text (images, PDFs, ...) were left out",
    "forwarded_headers_removed": "the header lines of a message forwarded inside an e-mail's body were removed",
    "mime_boundary_repaired": "an e-mail's MIME parts were found past a wrong boundary (the header naming another, "
    "a delimiter altered) as mail clients find them",
    "forward_note_removed": 'the short note above a message forwarded as an attachment ("See attached.") was left '
    "out: the article is the attached message",
    "mixed_encodings": "the file was in two code pages: the part the main one (source_encoding) could not decode, "
    "at its start or end, or whose letters it misread (a cp1252 original's é € in a cp1251 file), was decoded in its own",
    "bom_contradicted": "a byte-order mark its bytes contradicted (a UTF-16 mark before cp1252 or UTF-8, a UTF-8 mark "
    "before cp1252 or GB18030) was dropped, and the encoding detected as if it were not there",
}

# Stable codes for why an input could not become records (the `reason` column).
QUARANTINE_REASONS: dict[str, str] = {
    "empty": "the file has no content after removing whitespace and byte-order marks",
    "binary": "the file is binary (image, archive, executable or NUL-riddled data)",
    "undecodable": "the bytes decode in none of the supported encodings",
    "too_large": "the file is larger than --max-bytes (or is a PDF with a stream that decompresses past it, or over 1,000 pages)",
    "line_too_long": "a line is longer than --max-line-chars (a data dump or minified blob, not an article)",
    "unreadable": "the file could not be read (permissions, I/O error, broken compression)",
    "vanished": "the file disappeared between listing and reading",
    "not_a_file": "the path is a symlink loop, a dangling link or a special file",
    "no_text": "the file decodes but holds no text once cleaned (only notices, controls or punctuation), or is a PDF "
    "without a usable text layer (scanned pages, or one glyph drawn for every letter: no OCR is done)",
    "no_article": "a web page with no article in it (a list page, a 404, a feed), with --html article",
    "unsupported_format": "structured data that is not an article format reprints reads: JSON that holds no one "
    "article (no body field, several articles, or JSON that does not parse), XML other than NITF, "
    "NewsML-G2, XHTML or RSS/Atom, or XML that is not well-formed; or a word-processor file that cannot be read "
    "(password-protected, damaged, an RTF code page reprints does not name, or a Word 6.0/95 .doc); or an OLE compound "
    "file that is no Word document: .xls, .ppt, .msg; or a PDF that is encrypted or damaged (the detail says which)",
    "failed": "an unexpected error while processing the file, or its batch failed after retries (see detail)",
    "outside_raw": "a symlink whose target lies outside RAW (allowed with --follow-symlinks)",
    "several_messages": "an mbox file holding more than one e-mail message (one file is one document: split it)",
}

# What a raw file is, by its content (the `source_format` column; tasks/pipeline.py routes each file by it).
SOURCE_FORMAT_CODES: dict[str, str] = {
    "text": "a text file: any file that is none of the others",
    "html": "a web page or feed: it starts as HTML, XHTML or RSS/Atom after any byte-order mark and whitespace, "
    "or is a fragment of HTML (a CMS's export of an article's body)",
    "nitf": "a NITF news document: its root element is <nitf> (after any XML declaration, comments and DOCTYPE)",
    "newsml": "an IPTC NewsML-G2 news item: its root element is <newsItem>, or a <newsMessage> of one item",
    "json": "a JSON article (a CMS's or news API's export: WordPress REST, schema.org NewsArticle JSON-LD, a plain "
    "object): JSON whose one article object has a body field holding its text or HTML (docs/news-xml.md)",
    "rtf": "an RTF document: it starts with {\\rtf after any byte-order mark and whitespace",
    "docx": "a Word document (Office Open XML): a ZIP package holding word/document.xml",
    "odt": "an OpenDocument text: a ZIP package whose mimetype member says application/vnd.oasis.opendocument.text",
    "doc": "a Word 97-2003 document: an OLE compound file holding a WordDocument stream",
    "markdown": "a Markdown file: two kinds of Markdown construct or more in its first 8 KB (docs/markdown.md)",
    "email": "an e-mail message: it starts with an RFC 5322 header block, or an mbox From line and one",
    "pdf": "a PDF document: %PDF- at its start, or in its first 1 KB before an indirect object (docs/documents.md)",
}

# Reasons that may not hold next time (a permission fixed, a mount back, an upload finished, a bug fixed):
# the next run tries these files again even when their bytes are unchanged. Every other reason is a verdict
# on the bytes themselves, and an unchanged file keeps it without being read again, as long as the verdict is
# this PIPELINE_VERSION's: another version's is tried again, as is every verdict with --retry-quarantined
# (docs/operations.md).
# `no_article` is a verdict of --html article, which the next run may not use.
RETRY_NEXT_RUN: frozenset[str] = frozenset(
    {"unreadable", "vanished", "not_a_file", "too_large", "line_too_long", "no_article", "failed"}
)

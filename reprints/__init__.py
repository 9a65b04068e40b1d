"""reprints: raw reprinted articles in, clean per-language Parquet records out."""

__version__ = "0.1.0"

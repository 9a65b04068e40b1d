from tasks.steps.paragraphs import split_paragraphs
from tasks.steps.whitespace import clean_whitespace
from tests.corpus import ntrex_articles


def test_one_paragraph_per_line(sample_path) -> None:
    text = sample_path.read_text(encoding="utf-8").strip()
    paragraphs = split_paragraphs(text)
    assert paragraphs == [line for line in text.split("\n") if line.strip()]
    assert len(paragraphs) == 60


def test_hard_wrapped_blocks_are_rejoined() -> None:
    article = ntrex_articles("en")[0]
    wrapped = "\n\n".join(_wrap(line, 60) for line in article)
    assert split_paragraphs(wrapped) == list(article)


def test_hard_wrapped_chinese_is_rejoined_without_spaces() -> None:
    article = ntrex_articles("zh-Hant")[0]
    wrapped, _ = clean_whitespace("\n\n".join(_wrap_chars(line, 30) for line in article))
    assert split_paragraphs(wrapped) == list(article)


def _wrap(line: str, width: int) -> str:
    lines, current = [], ""
    for word in line.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return "\n".join([*lines, current])


def _wrap_chars(line: str, width: int) -> str:
    """Break every `width` characters, but only between two Han characters, as CJK line-breaking does."""
    lines, start = [], 0
    for index in range(1, len(line)):
        if index - start >= width and _is_han(line[index - 1]) and _is_han(line[index]):
            lines.append(line[start:index])
            start = index
    return "\n".join([*lines, line[start:]])


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"

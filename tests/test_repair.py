import unicodedata

from tasks.repair import repair


def test_utf8_read_as_cp1252_is_repaired_and_reported() -> None:
    damaged = "The Summit’s failure — a façade".encode().decode("cp1252")
    fixed, fixes = repair(damaged)
    assert fixed == "The Summit’s failure — a façade"
    assert fixes == ["mojibake_repaired"]


def test_html_entities_are_decoded() -> None:
    assert repair("Trump &amp; Putin &eacute;t&eacute;") == ("Trump & Putin été", ["html_entities_decoded"])


def test_fullwidth_cjk_punctuation_curly_quotes_and_ligatures_are_kept(sample_path) -> None:
    text = "美國總統特朗普，與俄羅斯總統（普京）：「會談」　結束。ＡＢＣ１２３ “quoted” ﬁne"
    assert repair(text) == (text, [])
    sample = sample_path.read_text(encoding="utf-8")
    assert repair(sample)[0] == sample


def test_text_becomes_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "café déjà")
    fixed, fixes = repair(decomposed)
    assert fixed == "café déjà"
    assert "unicode_normalized" in fixes


def test_control_characters_are_removed() -> None:
    fixed, fixes = repair("bell\x07 and escape \x1b[31mred\x1b[0m")
    assert fixed == "bell and escape red"
    assert "control_chars_removed" in fixes

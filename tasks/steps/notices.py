"""Reprint notices and titles: lifted from the text into metadata.

A reprint notice ("原刊於…", "转载自…", "Originally published in …", "Publié
initialement dans …", "…より転載", "Источник: …") is only looked for among the
first and last few paragraphs of a document, where publishers put them; the
outlet it names fills `reprint_source`.

The phrasings live in one table, per language (NOTICE_PHRASES, plus the
"Source: …" labels of SOURCE_LABELS), written in lower case and compiled into one
pattern per position of the outlet: NOTICE_PATTERN for notices that open with
their words ("Publié initialement dans ⟨outlet⟩"), NAME_FIRST_PATTERN for those
that open with the outlet and put the verb after it (Japanese, Korean, Turkish:
"⟨name⟩より転載"), tried only when the paragraph holds one of those verbs. A
paragraph is matched once or twice, never once per phrasing. `⟨outlet⟩` ends
where the notice goes on (a comma, a date, "and", "with permission"...).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

EDGE_PARAGRAPHS = 3  # how far from either end a notice may stand
MAX_NOTICE_LENGTH = 300
NO_BREAK_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " "})  # no-break, figure, narrow no-break
# A note longer than this before it is cleaned cannot clean down to a notice (whitespace collapses, and mojibake takes
# at most three characters for one): not worth cleaning, which costs as much as the text's (tasks/pipeline.py).
MAX_NOTE_LENGTH = 4 * MAX_NOTICE_LENGTH
MAX_OUTLET_LENGTH = 100  # a longer "outlet" is a sentence that happens to start like a notice
TITLE_MAX_CHARS = {"cjk": 40, "other": 150}
SENTENCE_END = tuple("。！？.!?")

# "Source: outlet" lines, by the label each language uses. The label must open the paragraph and the outlet is all the rest.
SOURCE_LABELS: dict[str, tuple[str, ...]] = {
    "zh": ("来源", "來源", "出处", "出處", "转载来源", "轉載來源", "文章来源", "文章來源"),
    "en": ("source", "originally published in"),
    "fr": ("source", "publié initialement dans"),
    "de": ("quelle", "erstveröffentlichung", "erstabdruck", "zuerst erschienen in"),
    "es": ("fuente", "publicado originalmente en"),
    "pt": ("fonte", "publicado originalmente em"),
    "it": ("fonte",),
    "nl": ("bron",),
    "pl": ("źródło", "pierwodruk", "przedruk za"),
    "ru": ("источник", "первоисточник", "оригинал", "оригинал статьи"),
    "uk": ("джерело", "першоджерело"),
    "tr": ("kaynak",),
    "id": ("sumber",),
    "vi": ("nguồn", "nguồn tin", "nguồn bài viết"),
    "ko": ("출처", "원문 출처", "기사 출처"),
    "ja": ("出典", "転載元", "初出"),
}

# Words for "this article" and the like, shared by several phrasings of one language.
_FR_SUBJECT = (
    r"(?:cet (?:article|entretien|éditorial|essai)|cette (?:tribune|chronique|analyse|interview|enquête|note|version)"
    r"|ce (?:texte|billet|reportage|papier|portrait|récit|post)|l['’]article|article|texte|tribune|chronique)"
)
_FR_FIRST = r"(?:initialement|originellement|originalement|d['’]abord|pour la première fois|à l['’]origine|précédemment)"
_FR_PUBLISHED = r"(?:publiée?s?|parue?s?|diffusée?s?|mise? en ligne)"
_ES_SUBJECT = (
    r"(?:(?:este|esta|el|la) (?:artículo|texto|columna|nota|entrevista|reportaje|ensayo|análisis|tribuna|crónica)"
    r"|artículo|texto|columna|nota)"
)
_ES_FIRST = r"(?:originalmente|originariamente|inicialmente|por primera vez|previamente)"
_ES_PUBLISHED = r"(?:fue publicad[oa]|ha sido publicad[oa]|se publicó|publicad[oa]|apareció|aparecid[oa]|difundid[oa])"
_PT_SUBJECT = (
    r"(?:(?:este|esta|o|a) (?:artigo|texto|coluna|reportagem|entrevista|ensaio|crônica|crónica|análise|matéria)"
    r"|artigo|texto|coluna|matéria)"
)
_PT_FIRST = r"(?:originalmente|originariamente|inicialmente|pela primeira vez|anteriormente)"
_PT_PUBLISHED = r"(?:foi publicad[oa]|é publicad[oa]|publicad[oa]|divulgad[oa]|veiculad[oa])"
_IT_SUBJECT = (
    r"(?:(?:questo |quest['’]|l['’]|il |la )?(?:articolo|testo|intervento|pezzo|intervista|editoriale|commento|analisi))"
)
_IT_FIRST = r"(?:originariamente|originalmente|inizialmente|per la prima volta|in origine|precedentemente)"
_IT_PUBLISHED = r"(?:(?:è|era|fu) (?:stat[oa] )?)?(?:pubblicat[oa]|appars[oa]|uscit[oa])"
_DE_SUBJECT = (
    r"(?:(?:dieser|der|dieses|das|diese|die) "
    r"(?:artikel|beitrag|text|kommentar|essay|gastbeitrag|interview|kolumne|bericht|analyse))"
)
_DE_FIRST = r"(?:zuerst|ursprünglich|erstmals|erstmalig|zunächst)"
_DE_IN = r"(?:in|bei|auf|im|beim|unter)(?:\s+(?:der|dem|den|des))?"
_NL_SUBJECT = r"(?:dit (?:artikel|stuk|opiniestuk|interview|essay|verhaal|bericht|column))"
_PL_SUBJECT = r"(?:tekst|artykuł|wywiad|felieton|komentarz|esej|materiał)"
_PL_FIRST = r"(?:pierwotnie|po raz pierwszy|wcześniej|oryginalnie|najpierw)"
_PL_PUBLISHED = r"(?:ukazał(?:a|o)? się|(?:został[ao]? |był[ao]? )?opublikowan[yoa]|opublikowano)"
_PL_IN = r"(?:na łamach|w serwisie|na portalu|we|w|na|przez)"
_RU_SUBJECT = r"(?:(?:эта |этот )?(?:статья|материал|текст|интервью|колонка|эссе|публикация))"
_RU_FIRST = r"(?:впервые|первоначально|изначально|ранее)"
_RU_PUBLISHED = r"(?:(?:был[аои]? )?опубликован[аоы]?|вышл[аио]|вышел|напечатан[аоы]?|появил(?:ся|ась|ось))"
_RU_IN = (  # "в газете …", "на сайте …", or the instrumental "агентством …" (by the agency)
    r"(?:(?:в|во|на)\s+(?:(?:газете|журнале|издании|сайте|блоге|портале)\s+)?"
    r"|(?:агентством|изданием|газетой|журналом|сайтом|порталом)\s+)"
)
_UK_FIRST = r"(?:вперше|первісно|раніше)"
_VI_SUBJECT = r"(?:bài (?:viết|báo|phỏng vấn|bình luận)|bài)(?: này)?"
_VI_FIRST = r"(?:lần đầu(?: tiên)?|đầu tiên|ban đầu)"
_VI_PUBLISHED = r"(?:đăng(?: tải)?|công bố|xuất bản)"
_VI_ON = r"(?:trên|tại|ở|trong)\s+(?:(?:báo|tạp chí|trang web|trang mạng|trang|website)\s+)?(?:của\s+)?"
_ID_SUBJECT = r"(?:(?:artikel|tulisan|opini|esai|berita|wawancara|kolom)(?: ini)?)"
_ID_FIRST = r"(?:pertama kali|sebelumnya|awalnya|semula|telah|sudah)"
_ID_PUBLISHED = r"(?:terbit|diterbitkan|dimuat|tayang|muncul|dipublikasikan)"
_JA_SUBJECT = r"(?:(?:本稿|本記事|この記事|本文|この文章|記事|本コラム|このコラム)は[、,]?\s*)"
_JA_DATE = r"(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:付け?の?|に|の)?\s*"
_KO_SUBJECT = r"(?:(?:이|본|위|해당)\s*)?(?:글|기사|칼럼|원고|기고문|기고)(?:은|는)\s*"
_KO_SITE = r"(?:\s*(?:웹사이트|홈페이지|누리집|사이트))?"
_KO_DATE = r"(?:\d{4}년\s*)?(?:\d{1,2}월\s*)?(?:\d{1,2}일(?:자)?\s*)?"

# Every phrasing opens the paragraph (after a bracket, asterisk or "Editor's note:"), written in lower case: it is
# matched against the lower-cased paragraph (_compile).
NOTICE_PHRASES: dict[str, tuple[str, ...]] = {
    "zh": (
        r"(?:本文|此文|原文)?(?:原刊於|原刊于|原載於|原载于|原發表於|原发表于|首發於|首发于|刊於|刊于)⟨cjk⟩",
        r"(?:本文|此文)?(?:轉載自|转载自|轉自|转自)⟨cjk⟩",
        r"(?:本文|此文)?(?:經|经)(?!濟|济|過|过)⟨name⟩(?:授權|授权|同意|許可|许可)(?:轉載|转载|刊登|刊載|刊载)",
        r"(?:本文|此文)?(?:由|獲|获)?⟨name⟩(?:授權|授权)(?:本[社站報报網网刊])?(?:轉載|转载|刊登|刊載|刊载)",
    ),
    "en": (
        r"(?:(?:a version of )?this (?:article|story|piece|essay|op-ed|column|interview|commentary|post|report) )?"
        r"(?:was |is )?(?:originally|first) (?:published|appeared|ran|posted) (?:in|on|by|at) (?:the website of )?⟨outlet⟩",
        r"(?:this (?:article|story|piece|essay|op-ed|column|interview|commentary|post) )?(?:is |was |has been )?"
        r"(?:reprinted|republished|reproduced) (?:here )?(?:with (?:kind )?permission )?(?:from|by) (?:the website of )?⟨outlet⟩",
        r"(?:reprinted|republished|reproduced|published) (?:here )?with (?:the )?(?:kind )?permission of ⟨outlet⟩",
    ),
    "fr": (
        rf"(?:{_FR_SUBJECT} (?:a été |a |est |avait été |était )?(?:{_FR_FIRST} )?{_FR_PUBLISHED}(?: {_FR_FIRST})?"
        rf"|{_FR_FIRST} {_FR_PUBLISHED}|{_FR_PUBLISHED} {_FR_FIRST}) (?:en ligne )?(?:dans|par|sur|chez)"
        r" (?:le site (?:web )?(?:de |du |des |d['’]))?⟨outlet⟩",
        rf"(?:{_FR_SUBJECT} )?(?:est |a été )?(?:reproduite?|republiée?|publiée?|reprise?) (?:ici )?avec "
        r"(?:l['’]aimable |la gracieuse |l['’])?(?:autorisation|permission|accord) (?:de |du |des |d['’])⟨outlet⟩",
        rf"(?:{_FR_SUBJECT} )?(?:est |a été )?(?:republiée?|reprise?) (?:à partir |depuis )?(?:de |du |d['’])⟨outlet⟩",
        r"avec l['’]aimable autorisation (?:de |du |des |d['’])⟨outlet⟩",
    ),
    "de": (
        rf"(?:{_DE_SUBJECT}\s+(?:erschien|ist|wurde|war)\s+)?{_DE_FIRST}\s+(?:(?:erschienen|veröffentlicht|publiziert)\s+)?"
        rf"{_DE_IN}\s+(?:(?:der\s+)?webseite\s+|website\s+)?(?:von\s+)?⟨outlet⟩",
        r"erst(?:veröffentlichung|abdruck|druck)\s+(?:in|bei|im|auf)(?:\s+(?:der|dem|den))?\s+⟨outlet⟩",
        r"(?:(?:nachdruck|abdruck|wiederveröffentlichung|veröffentlichung|übernahme|zweitveröffentlichung)\s+)?mit\s+"
        r"(?:der\s+)?(?:freundlicher\s+)?(?:genehmigung|erlaubnis)\s+"
        r"(?:von\s+|vom\s+|des\s+|der\s+|dem\s+)?(?:der |dem |den )?⟨outlet⟩",
    ),
    "es": (
        rf"(?:{_ES_SUBJECT} (?:{_ES_FIRST} )?{_ES_PUBLISHED}(?: {_ES_FIRST})?|{_ES_FIRST} {_ES_PUBLISHED}"
        rf"|{_ES_PUBLISHED} {_ES_FIRST}) (?:en|por|a través de) (?:el sitio (?:web )?de |la (?:página )?web de )?⟨outlet⟩",
        rf"(?:{_ES_SUBJECT} )?(?:se reproduce|se publica|se republica"
        r"|(?:es |fue |ha sido )?(?:reproducid|republicad|publicad)[oa])"
        r" (?:aquí )?(?:con (?:el |la )?(?:debido |expreso )?(?:permiso|autorización) (?:de |del )|(?:de|desde|del) )⟨outlet⟩",
    ),
    "pt": (
        rf"(?:{_PT_SUBJECT} (?:foi )?(?:{_PT_FIRST} )?{_PT_PUBLISHED}(?: {_PT_FIRST})?|{_PT_FIRST} {_PT_PUBLISHED}"
        rf"|{_PT_PUBLISHED} {_PT_FIRST}) (?:em|no|na|nos|nas|pelo|pela|por) (?:o )?(?:site (?:d[oa] |de )?)?⟨outlet⟩",
        rf"(?:{_PT_SUBJECT} )?(?:é |foi )?(?:reproduzid|republicad|publicad)[oa] (?:aqui )?"
        r"(?:com (?:a )?(?:devida )?(?:autorização|permissão) (?:de |d[oa]s? )|(?:de|d[oa]s?) )⟨outlet⟩",
    ),
    "it": (
        rf"(?:{_IT_SUBJECT} (?:{_IT_FIRST} )?{_IT_PUBLISHED}(?: {_IT_FIRST})?|{_IT_FIRST} {_IT_PUBLISHED}|{_IT_PUBLISHED} "
        rf"{_IT_FIRST}) (?:su|sul|sulla|sullo|sui|in|nel|nella|nello|da|dal|dalla|dallo|per) "
        r"(?:il sito (?:di |del |della )?)?⟨outlet⟩",
        rf"(?:{_IT_SUBJECT} )?(?:(?:è )?(?:riprodott|ripubblicat|pubblicat|tradott)[oa] )?(?:qui )?(?:su|per|con) (?:la )?"
        r"(?:gentile )?(?:concessione|autorizzazione|permesso|il permesso|l['’]autorizzazione) "
        r"(?:di |del |della |dello |dell['’])⟨outlet⟩",
    ),
    "nl": (
        rf"(?:{_NL_SUBJECT}\s+(?:verscheen|is|werd)\s+)?(?:eerder|eerst|oorspronkelijk|voor het eerst)\s+"
        r"(?:(?:verschenen|gepubliceerd)\s+)?"
        r"(?:in|op|bij|door)\s+(?:de\s+website\s+van\s+)?⟨outlet⟩",
        r"(?:(?:overgenomen|gepubliceerd|herpubliceerd)\s+)?met\s+(?:vriendelijke\s+)?toestemming\s+(?:overgenomen\s+)?(?:van|uit)\s+⟨outlet⟩",
        r"overgenomen\s+(?:van|uit)\s+⟨outlet⟩",
    ),
    "pl": (
        rf"(?:{_PL_SUBJECT}\s+)?(?:{_PL_FIRST}\s+{_PL_PUBLISHED}|(?:został[ao]?|był[ao]?)\s+{_PL_FIRST}\s+{_PL_PUBLISHED}|{_PL_PUBLISHED}\s+{_PL_FIRST})\s+{_PL_IN}\s+⟨outlet⟩",
        r"(?:przedruk|publikacja|publikujemy)\s+(?:za\s+(?:zgodą|uprzejmą zgodą)\s+(?:redakcji\s+|wydawcy\s+)?|z\s+)⟨outlet⟩",
    ),
    "ru": (
        rf"(?:{_RU_SUBJECT}\s+)?(?:{_RU_FIRST}\s+{_RU_PUBLISHED}|{_RU_PUBLISHED}\s+{_RU_FIRST})\s+{_RU_IN}⟨outlet⟩",
        r"оригинал(?:\s+статьи|\s+материала)?\s+(?:опубликован|вышел)\s+" + _RU_IN + "⟨outlet⟩",
        rf"(?:{_RU_SUBJECT}\s+)?(?:перепечатан[аоы]?|перепечатка|публикуется|опубликован[аоы]?|републикуется|печатается)\s+"
        r"(?:с\s+(?:любезного\s+)?(?:разрешения|согласия)|по\s+согласованию\s+с)\s+(?:редакции\s+|издания\s+)?⟨outlet⟩",
    ),
    "uk": (
        rf"(?:(?:стаття|матеріал|текст)\s+)?{_UK_FIRST}\s+(?:опублікован[оаі]?|вийшла|вийшов|надрукован[оаі]?)\s+"
        r"(?:в|у|на)\s+(?:(?:газеті|журналі|виданні|сайті)\s+)?⟨outlet⟩",
        r"(?:передруковано|передрук|публікується)\s+з\s+(?:дозволу|згоди)\s+(?:редакції\s+)?⟨outlet⟩",
    ),
    "vi": (
        rf"(?:{_VI_SUBJECT}\s+)?(?:(?:đã\s+)?(?:được\s+)?{_VI_PUBLISHED}\s+{_VI_FIRST}|{_VI_FIRST}\s+(?:được\s+)?{_VI_PUBLISHED}"
        rf"|gốc\s+(?:được\s+)?{_VI_PUBLISHED})\s+{_VI_ON}⟨outlet⟩",
        rf"(?:{_VI_SUBJECT}\s+)?(?:được\s+)?(?:đăng lại|đăng tải lại|trích đăng|dịch)\s+"
        r"(?:từ\s+|với sự (?:cho phép|đồng ý) của\s+)"
        r"(?:(?:báo|tạp chí|trang)\s+)?⟨outlet⟩",
        r"theo\s+(?:(?:báo|tạp chí|trang)\s+)?⟨capitalised⟩",
    ),
    "id": (
        rf"(?:{_ID_SUBJECT}\s+)?{_ID_FIRST}\s+{_ID_PUBLISHED}\s+(?:di|pada|oleh|dalam)\s+(?:situs\s+|laman\s+)?⟨outlet⟩",
        rf"(?:{_ID_SUBJECT}\s+)?(?:diterbitkan|dimuat|dipublikasikan)\s+ulang\s+"
        r"(?:dengan izin\s+|atas izin\s+)?(?:dari\s+)?⟨outlet⟩",
    ),
    "tr": (
        r"(?:bu\s+(?:makale|yazı|haber|röportaj|yorum)\s+)?(?:ilk\s+(?:olarak|kez|defa)|ilk önce|orijinal olarak|aslen)\s+"
        r"⟨name⟩['’]?(?:n?d[ae]|t[ae])\s+(?:yayı[mn]lan|çıkt|basıl)",
        r"(?:bu\s+(?:makale|yazı|haber)\s+)?⟨name⟩['’]?(?:n?d[ae]n|t[ae]n)\s+izinle\s+(?:yayı[mn]lan|alın|kullanıl)",
    ),
    "ja": (
        rf"{_JA_SUBJECT}{_JA_DATE}⟨name⟩(?:の?(?:ウェブサイト|サイト))?(?:に|で)\s*(?:\d{{4}}年[^\n]{{0,12}}?に)?"
        r"(?:掲載|初出|発表|配信|公開)(?:された|され|した|の)",
        rf"{_JA_DATE}⟨name⟩(?:の?(?:ウェブサイト|サイト))?(?:に|で)(?:掲載|配信|発表|公開)された(?:記事|原稿|コラム|文章|もの)"
        r"(?:を|の)[^\n。]{0,25}?(?:加筆|修正|再構成|転載|再掲|改題)",
        rf"{_JA_SUBJECT}?⟨name⟩(?:より|から|からの)(?:転載|再掲|転電)[^\n]{{0,25}}$",
        rf"{_JA_SUBJECT}?⟨name⟩の(?:許可|許諾|承諾|了承|承認)を得て(?:転載|掲載|再掲)",
        r"初出(?:は|\s*[:：])\s*⟨name⟩(?=\s*[(（\d、,。]|\s*$|[)）】])",
    ),
    "ko": (
        rf"{_KO_SUBJECT}{_KO_DATE}⟨name⟩(?:\s*\d{{4}}년[^\n]{{0,15}}?)?{_KO_SITE}(?:에|에서)도?\s*(?:처음\s*|먼저\s*)?"
        r"(?:실린|실렸|실립|게재된|게재됐|게재되었|발표된|보도된|전재|옮겨|출고된|소개된)",
        rf"{_KO_DATE}⟨name⟩{_KO_SITE}에\s*(?:처음\s*|먼저\s*)?(?:실린|실렸던|게재된|게재됐던|게재되었던|발표된)\s*"
        r"(?:글|기사|칼럼|원고)[을를][^\n]{0,30}?(?:전재|싣|옮겨|게재합|게재했)",
        r"⟨name⟩(?:에서|로부터)\s*(?:전재(?:했|합|함|하였|한\s|\s*$|\.|\))|옮겨\s*(?:실었|왔|온|옴)|재게재)[^\n]{0,20}$",
        rf"(?:{_KO_SUBJECT})?⟨name⟩의\s*(?:허락|허가|동의|양해)[을를]\s*(?:얻어|받아|구해)\s*(?:전재|게재|싣|실었|옮겨)",
    ),
}

_EDITORS_NOTE = (
    r"editor['’]s note|note de la rédaction|n\.?d\.?l\.?r\.?|nota de la redacción|nota del editor|nota da redação"
    r"|nota della redazione|anm\.? d\.? red\.?"
)
_LEAD = rf"[\s(\[（【〔「*_※＊—–-]*(?:(?:{_EDITORS_NOTE})\s*[:：.]\s*)?"
# Where an outlet written in Latin or Cyrillic letters stops: punctuation, a bracket, a date, or the notice going on.
_OUTLET_END = (
    r"(?=\s*[,;:!?，。；：、]|\.(?:\s|$)|\s*$|\s*[(（\[]"
    r"|\s+(?:on|le|du|am|vom|el|del|em|il|op|dnia|w dniu|ngày|vào ngày|vào|pada|tanggal|от)\s+(?:\w+\s+)?\d"
    r"|\s+\d{1,2}[./]\d|\s+\d{4}\b|\s+(?:last|this|next) (?:year|month|week)"
    r"|\s+(?:and|et|und|y|e|en|i|и|và|dan|ve|with|avec|mit|con|com|met|с|với|dengan|under|sous|unter|bajo|sob|sotto|onder|под|pod"
    r"|dưới|di bawah|as|comme|als|como|come|как|sebagai|where|où|wo|donde|onde|dove|waar|gdzie|где|ở đó)\b"
    r"|\s+(?:erschienen|veröffentlicht|publiziert|verschenen|gepubliceerd)\b)"
)
# Where an outlet written in Han characters stops: the notice's own punctuation or its "website", "with permission"...
_CJK_END = r"(?=[,，。;；:：]|\s*(?:網站|网站|網|网|website|on\b|in\b|and\b|with\b|$))"
_OUTLET = r"[^\n]{1,120}?"
_NAME = r"[^\n、。，,;；]{1,60}?"  # an outlet the verb follows: no clause break inside
_PLACES = {  # place in a phrasing: (kind of outlet, what it may hold, where it ends)
    "⟨outlet⟩": ("phrase", _OUTLET, _OUTLET_END),
    "⟨cjk⟩": ("phrase", _OUTLET, _CJK_END),
    "⟨name⟩": ("phrase", _NAME, ""),
    "⟨capitalised⟩": ("capitalised", _OUTLET, r"(?=\.?$)"),
}
_NOT_OUTLETS = frozenset(  # what "published in …" names when it is not an outlet: a language, a year, print
    {
        *("english", "englisch", "anglais", "inglés", "inglês", "inglese", "engels", "angielski", "английском"),
        *("french", "französisch", "français", "francés", "francês", "german", "deutsch", "allemand", "alemán", "alemão"),
        *("tedesco", "spanish", "spanisch", "espagnol", "español", "spagnolo", "chinese", "chinesisch", "chinois", "chino"),
        *("japanese", "japanisch", "russian", "russisch", "russe", "ruso", "russo", "print", "druck", "year", "years"),
        *("jahr", "jahre", "année", "années", "año", "años", "ano", "anos", "anno", "anni", "jaar", "roku", "году"),
    }
)
_LEADING_ARTICLE = re.compile(
    r"^(?:the|a|an|le|la|les|l['’]|el|los|las|o|os|as|il|lo|der|die|das|dem|den|de|het)\s*", re.IGNORECASE
)
_TRAILING_CJK_DATE = re.compile(r"[\s,、]*\d{4}\s*[年년][^\n]*$")
_YEAR = re.compile(r"(?:1[6-9]|20)\d\d")
_DOMAIN = re.compile(r"\w\.[a-z]{2,}\b")  # an outlet named by its site ("eldiario.es") may be all lower case
_QUOTES = " \t\"'“”「」『』《》«»„‘’‚*_"


def _compile(phrasings: list[str], kinds: dict[str, str], label: str = "") -> re.Pattern[str]:
    """One pattern for the phrasings (and labels): each names its outlet group `o<n>`, whose kind goes in `kinds`."""
    alternatives = [label] if label else []
    for phrasing in phrasings:
        (place,) = [place for place in _PLACES if place in phrasing]
        kind, outlet, end = _PLACES[place]
        group = f"o{len(kinds)}"
        kinds[group] = kind
        alternatives.append(phrasing.replace(place, rf"(?P<{group}>{outlet}){end}"))
    # Matched against the lower-cased paragraph: a case-sensitive pattern is twice as fast as IGNORECASE.
    return re.compile(_LEAD + "(?:" + "|".join(alternatives) + ")")


def _compile_table() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """The two patterns of the table: phrasings that open with their words, and those that open with the outlet."""
    phrasings = [phrasing for language in NOTICE_PHRASES.values() for phrasing in language]
    labels = "|".join(sorted({re.escape(label) for group in SOURCE_LABELS.values() for label in group}, key=len, reverse=True))
    kinds = {"o0": "label"}
    label = rf"(?:{labels})\s*[:：]\s*(?P<o0>[^\n]{{1,{MAX_OUTLET_LENGTH}}}?)[\]】)）]?\.?$"
    opening = _compile([p for p in phrasings if "⟨name⟩" not in p], kinds, label)
    name_first = _compile([p for p in phrasings if "⟨name⟩" in p], kinds)
    return opening, name_first, kinds


NOTICE_PATTERN, NAME_FIRST_PATTERN, _OUTLET_KINDS = _compile_table()
# The verbs of the ⟨name⟩ phrasings (every one holds one of these after its outlet): a paragraph without any skips
# NAME_FIRST_PATTERN. Only the re-publishing verbs, not "permission" or "agree", which news text uses all the time.
_NAME_FIRST_VERBS = re.compile(
    "転載|掲載|初出|配信|発表|公開|再掲|転電|전재|실린|실렸|실립|게재|발표|보도|출고|소개|옮겨|싣|실었|轉載|转载|刊登|刊載|刊载"
    "|yayımlan|yayınlan|çıkt|basıl|izinle"
)


def find_reprint_notice(paragraphs: list[str]) -> tuple[int, str] | None:
    """(index, outlet) of the reprint notice nearest either end of the document, if any.

    >>> find_reprint_notice(["美俄峰會應按五項原則進行", "正文……", "原刊於澳門新聞通訊社(MNA)網站,本社獲作者授權轉載。"])
    (2, '澳門新聞通訊社(MNA)')
    >>> find_reprint_notice(["Un titre", "Le texte.", "Cet article a d'abord paru dans Le Temps."])
    (2, 'Le Temps')
    >>> find_reprint_notice(["A headline", "A paragraph that mentions being originally published in 1990."]) is None
    True
    """
    count = len(paragraphs)
    edges = list(range(count - 1, max(count - 1 - EDGE_PARAGRAPHS, -1), -1)) + list(range(min(EDGE_PARAGRAPHS, count)))
    for index in dict.fromkeys(edges):
        source = reprint_source(paragraphs[index])
        if source:
            return index, source
    return None


def reprint_source(paragraph: str) -> str | None:
    """The outlet a reprint notice names, None for any other paragraph.

    >>> reprint_source("转载自《经济观察》，有删节。")
    '经济观察'
    >>> reprint_source("This article was originally published by Project Syndicate on 3 May 2025.")
    'Project Syndicate'
    >>> reprint_source("本記事は「東洋経済オンライン」に掲載された記事を転載したものです。")
    '東洋経済オンライン'
    >>> reprint_source("Zuerst erschienen bei Zeit Online am 3. Mai 2024.")
    'Zeit Online'
    >>> reprint_source("Originally\u00a0published in The\u00a0Diplomat.")
    'The Diplomat'
    >>> reprint_source("Источник: РИА Новости")
    'РИА Новости'
    >>> reprint_source("Publicado originalmente en inglés, el libro vendió un millón de copias.") is None
    True
    >>> reprint_source("The Diplomat published the story first.") is None
    True
    """
    notice = _notice(paragraph)
    return notice[0] if notice else None


def note_reprint_source(notes: Sequence[str]) -> str | None:
    """The outlet named by the first of a document's notes, headers and footers that is a reprint notice; None
    when none is. Any note may be one (a footnote on the headline is the first, a page footer the last). A
    "Source: …" label is no notice there: in a note it names where a figure or a quotation comes from.

    >>> note_reprint_source(["1 World Bank, 2024.", "Source: IMF", "* Reprinted with permission from Nikkei Asia."])
    'Nikkei Asia'
    >>> note_reprint_source(["Source: IMF, World Economic Outlook", "Photo: AFP", "Page 2 of 3"]) is None
    True
    """
    for note in notes:
        notice = _notice(note)
        if notice and notice[1] != "label":
            return notice[0]
    return None


def _notice(paragraph: str) -> tuple[str, str] | None:
    """(the outlet, the kind of place in the table that named it) when the paragraph is a reprint notice."""
    if len(paragraph) > MAX_NOTICE_LENGTH:
        return None
    # a no-break space where the phrase or the name has a space (a CMS's typography, French before "!") is one:
    # the patterns spell spaces, and one outlet should have one spelling
    text = paragraph.translate(NO_BREAK_SPACES).strip()
    lowered = (text.replace("İ", "I") if "İ" in text else text).lower()  # İ lower-cases to two characters: spans must map back
    if len(lowered) != len(text):
        return None
    match = NOTICE_PATTERN.match(lowered)
    if not match and not lowered.isascii() and _NAME_FIRST_VERBS.search(lowered, 0, 150):  # its verbs are not ASCII
        match = NAME_FIRST_PATTERN.match(lowered)
    if not match:
        return None
    group = next(name for name, value in match.groupdict().items() if value is not None)
    source, kind = _trimmed(text[match.start(group) : match.end(group)]), _OUTLET_KINDS[group]
    return (source, kind) if _names_an_outlet(source, kind) else None


def _trimmed(source: str) -> str:
    """The outlet without the quotes around it, its trailing full stop, or (CJK) the issue date after it."""
    source = source.strip(_QUOTES).rstrip(".。").strip(_QUOTES)
    return _TRAILING_CJK_DATE.sub("", source).strip(_QUOTES) or source


def _names_an_outlet(source: str, kind: str) -> bool:
    """Whether what a notice-like opening captured names an outlet rather than a language, a year or a phrase.

    In cased scripts an outlet is a name, so it holds a capital ("publié initialement en 1990" or "…en anglais" do not)
    or is a site's domain; an outlet styled all lower case ("taz") is missed. A "Source:" label names whatever follows.
    """
    if not source or len(source) > MAX_OUTLET_LENGTH or not any(char.isalpha() for char in source):
        return False
    words = _LEADING_ARTICLE.sub("", source).split()
    if not words:
        return False  # an article alone: the outlet's name was cut off ("…from The" / "Straits Times" over two lines)
    if words[0].casefold().strip(".,") in _NOT_OUTLETS or _YEAR.fullmatch(words[0]):
        return False  # "first published in 1990 by Penguin": a book's history in a bibliography note
    if kind == "label":
        return True
    letters = [char for char in source if char.isalpha()]
    if kind == "capitalised":
        return letters[0].isupper()
    cased = [char for char in letters if char.isupper() or char.islower()]
    return not cased or any(char.isupper() for char in cased) or bool(_DOMAIN.search(source))


def title_of(paragraphs: list[str], cjk: bool) -> str | None:
    """The first paragraph, when it reads as a headline: short and not a finished sentence.

    >>> title_of(["A bridge too far", "The summit has reignited debate."], cjk=False)
    'A bridge too far'
    >>> title_of(["The summit has reignited debate.", "More."], cjk=False) is None
    True
    """
    if len(paragraphs) < 2:
        return None
    first = paragraphs[0]
    limit = TITLE_MAX_CHARS["cjk" if cjk else "other"]
    if len(first) > limit or first.endswith(SENTENCE_END):
        return None
    return first

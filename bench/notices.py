"""Reprint notices (tasks/steps/notices.py): recall and outlet accuracy on written notices, false positives on real text.

Recall: WRITTEN_NOTICES, notices written for this benchmark (not corpus text) from each language's press conventions,
several phrasings per language with varied outlets, dates and trailing clauses; a notice counts when
`reprint_source` returns exactly the outlet written beside it. NEAR_MISSES are sentences that open like a notice but
are text ("first published in 1990", "published originally in English"); each taken for a notice is a false positive.
Known miss: an outlet styled all lower case in a cased script ("in der taz", "na revista piauí"), unless it is a domain.

False positives on real text (../shared/corpus, which holds no reprint notices): every first and last
EDGE_PARAGRAPHS lines of every NTREX-128 article in all its languages (what `find_reprint_notice` looks at), every
NTREX line (what a web page's footer search looks at), every line of the native sentence files, and every paragraph
of the web pages' ground-truth article text. Each line taken for a notice is listed.

Cost: `find_reprint_notice` on NTREX articles (microseconds per document, the hot path's share).

    .venv/bin/python bench/notices.py
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tasks.steps.notices import EDGE_PARAGRAPHS, find_reprint_notice, reprint_source  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"

# (notice, the outlet it names), per language.
WRITTEN_NOTICES: dict[str, list[tuple[str, str]]] = {
    "zh": [
        ("原刊於澳門新聞通訊社(MNA)網站,本社獲作者授權轉載。", "澳門新聞通訊社(MNA)"),
        ("本文原载于《财新周刊》2024年第12期。", "财新周刊"),
        ("转载自《经济观察》，有删节。", "经济观察"),
        ("来源：新华网", "新华网"),
        ("本文首发于澎湃新闻，经授权转载。", "澎湃新闻"),
        ("本文經《端傳媒》授權轉載。", "端傳媒"),
    ],
    "en": [
        ("Originally published in The Diplomat.", "The Diplomat"),
        ("This article was originally published by Project Syndicate on 3 May 2025.", "Project Syndicate"),
        ("This article first appeared in the South China Morning Post.", "the South China Morning Post"),
        ("Reprinted with permission from Le Monde diplomatique.", "Le Monde diplomatique"),
        ("This article is republished from The Conversation under a Creative Commons license.", "The Conversation"),
        ("Editor's note: This story was first published by ProPublica.", "ProPublica"),
        ("Republished with permission from Rest of World.", "Rest of World"),
        ("A version of this story first appeared on Grist and is reproduced here.", "Grist"),
    ],
    "ja": [
        ("本記事は日経ビジネス電子版に掲載された記事を転載したものです。", "日経ビジネス電子版"),
        ("※この記事は「ダイヤモンド・オンライン」からの転載です。", "ダイヤモンド・オンライン"),
        ("（東洋経済オンラインより転載）", "東洋経済オンライン"),
        ("初出は『文藝春秋』2019年8月号。", "文藝春秋"),
        ("本稿は朝日新聞に掲載されたコラムを再構成したものです。", "朝日新聞"),
        ("初出：『世界』2021年5月号", "世界"),
        ("この記事は2023年6月1日に朝日新聞デジタルで配信されたものです。", "朝日新聞デジタル"),
        ("本稿は共同通信の許諾を得て転載しています。", "共同通信"),
        ("出典：ハフポスト日本版", "ハフポスト日本版"),
    ],
    "ko": [
        ("이 글은 한겨레21에 실린 글을 전재한 것입니다.", "한겨레21"),
        ("[출처: 중앙일보]", "중앙일보"),
        ("이 기사는 2022년 3월 5일 경향신문에 게재된 기사입니다.", "경향신문"),
        ("프레시안에서 전재했습니다.", "프레시안"),
        ("※ 이 글은 오마이뉴스에도 실립니다.", "오마이뉴스"),
        ("이 칼럼은 한국일보에 먼저 실렸습니다.", "한국일보"),
        ("본 칼럼은 시사IN의 허락을 받아 전재합니다.", "시사IN"),
        ("출처 : 연합뉴스", "연합뉴스"),
    ],
    "fr": [
        ("Publié initialement dans Le Monde diplomatique, mai 2023.", "Le Monde diplomatique"),
        ("Cet article a d'abord paru dans Le Temps.", "Le Temps"),
        ("Article initialement publié sur le site de France Culture.", "France Culture"),
        ("Ce texte a été publié pour la première fois dans Le Devoir le 2 février 2022.", "Le Devoir"),
        ("Cet article a été publié initialement par Mediapart le 12 mars 2024.", "Mediapart"),
        ("Reproduit avec l'autorisation de Courrier international.", "Courrier international"),
        ("Cet article est republié à partir de The Conversation sous licence Creative Commons.", "The Conversation"),
        ("Cette tribune est parue initialement sur le site de Libération.", "Libération"),
        ("Source : Agence France-Presse", "Agence France-Presse"),
    ],
    "de": [
        ("Zuerst erschienen in der Frankfurter Allgemeinen Zeitung.", "Frankfurter Allgemeinen Zeitung"),
        ("Zuerst erschienen bei Zeit Online am 3. Mai 2024.", "Zeit Online"),
        ("Dieser Beitrag erschien zuerst im Tagesspiegel.", "Tagesspiegel"),
        ("Nachdruck mit freundlicher Genehmigung von Le Monde diplomatique.", "Le Monde diplomatique"),
        ("Der Text ist zuerst bei Netzpolitik.org erschienen.", "Netzpolitik.org"),
        ("Dieser Text erschien ursprünglich im Freitag.", "Freitag"),
        ("Der Beitrag wurde zuerst auf Spiegel Online veröffentlicht.", "Spiegel Online"),
        ("Mit freundlicher Genehmigung der Neuen Zürcher Zeitung.", "Neuen Zürcher Zeitung"),
        ("Quelle: Deutsche Welle", "Deutsche Welle"),
    ],
    "es": [
        ("Publicado originalmente en El País.", "El País"),
        ("Este artículo fue publicado originalmente en The Conversation. Lea el original.", "The Conversation"),
        ("Publicado originalmente por La Nación el 4 de junio de 2023.", "La Nación"),
        ("Reproducido con permiso de Clarín.", "Clarín"),
        ("Este artículo se publicó originalmente en eldiario.es.", "eldiario.es"),
        ("Publicado por primera vez en Nexos.", "Nexos"),
        ("Este texto apareció originalmente en Letras Libres y se reproduce con autorización.", "Letras Libres"),
        ("Fuente: Agencia EFE", "Agencia EFE"),
    ],
    "pt": [
        ("Publicado originalmente em Folha de S.Paulo.", "Folha de S.Paulo"),
        ("Este artigo foi publicado originalmente no Público em 2 de maio de 2024.", "Público"),
        ("Publicado originalmente pela Agência Pública.", "Agência Pública"),
        ("Reproduzido com autorização do Nexo Jornal.", "Nexo Jornal"),
        ("Este artigo foi republicado do The Conversation sob uma licença Creative Commons.", "The Conversation"),
        ("Fonte: Agência Brasil", "Agência Brasil"),
    ],
    "it": [
        ("Pubblicato originariamente su Internazionale.", "Internazionale"),
        ("Questo articolo è stato pubblicato originariamente sul Corriere della Sera.", "Corriere della Sera"),
        ("Articolo apparso per la prima volta su Il Post il 5 marzo 2024.", "Il Post"),
        ("Questo articolo è uscito originariamente su Domani.", "Domani"),
        ("Riprodotto su gentile concessione di Limes.", "Limes"),
        ("Fonte: ANSA", "ANSA"),
    ],
    "nl": [
        ("Dit artikel verscheen eerder in NRC.", "NRC"),
        ("Oorspronkelijk gepubliceerd op De Correspondent.", "De Correspondent"),
        ("Overgenomen met toestemming van De Groene Amsterdammer.", "De Groene Amsterdammer"),
        ("Bron: NOS", "NOS"),
    ],
    "pl": [
        ("Tekst ukazał się pierwotnie w Tygodniku Powszechnym.", "Tygodniku Powszechnym"),
        ("Artykuł został pierwotnie opublikowany na portalu OKO.press.", "OKO.press"),
        ("Przedruk za zgodą redakcji Polityki.", "Polityki"),
        ("Źródło: Gazeta Wyborcza", "Gazeta Wyborcza"),
    ],
    "ru": [
        ("Впервые опубликовано в журнале «Огонёк».", "Огонёк"),
        ("Статья впервые опубликована на сайте Meduza.", "Meduza"),
        ("Текст впервые вышел в журнале «Сноб».", "Сноб"),
        ("Перепечатано с разрешения «Новой газеты».", "Новой газеты"),
        ("Материал публикуется с разрешения редакции «Коммерсантъ».", "Коммерсантъ"),
        ("Источник: РИА Новости", "РИА Новости"),
        ("Оригинал опубликован в The New York Times.", "The New York Times"),
    ],
    "uk": [
        ("Вперше опубліковано в «Українській правді».", "Українській правді"),
        ("Джерело: Укрінформ", "Укрінформ"),
    ],
    "vi": [
        ("Bài viết đăng lần đầu trên The Conversation.", "The Conversation"),
        ("Bài báo được đăng lần đầu tiên trên tạp chí Foreign Policy.", "Foreign Policy"),
        ("Bài viết được đăng lần đầu trên báo Tuổi Trẻ vào ngày 3/5/2023.", "Tuổi Trẻ"),
        ("Nguồn: VnExpress", "VnExpress"),
        ("Theo Thanh Niên", "Thanh Niên"),
        ("Bài viết được đăng lại với sự cho phép của tạp chí Tia Sáng.", "Tia Sáng"),
    ],
    "id": [
        ('Artikel ini telah tayang di Kompas.com dengan judul "Harga Beras Naik".', "Kompas.com"),
        ("Tulisan ini pertama kali dimuat di Tempo.", "Tempo"),
        ("Tulisan ini sebelumnya dimuat di Kompas.id.", "Kompas.id"),
        ("Artikel ini diterbitkan ulang dari The Conversation di bawah lisensi Creative Commons.", "The Conversation"),
        ("Sumber: Antara", "Antara"),
    ],
    "tr": [
        ("Bu makale ilk olarak The Guardian'da yayımlanmıştır.", "The Guardian"),
        ("Bu yazı ilk kez Cumhuriyet gazetesinde yayınlandı.", "Cumhuriyet gazetesi"),
        ("Kaynak: Anadolu Ajansı", "Anadolu Ajansı"),
    ],
}

# Sentences that open like a notice and are text, per language.
NEAR_MISSES: dict[str, list[str]] = {
    "en": [
        "The report was originally published in Nature last year.",
        "Originally published in 1990, the novel sold a million copies.",
        "First published in English, the memoir was later translated.",
        "Reprinted from memory, the list had several errors.",
    ],
    "fr": [
        "Publié initialement en 1990, ce roman a connu un grand succès.",
        "Paru d'abord en anglais, le livre a été traduit l'an dernier.",
        "Ce texte a été publié en 2019 après un long débat.",
    ],
    "de": [
        "Zuerst erschienen im Jahr 1995, wurde das Buch schnell ein Bestseller.",
        "Ursprünglich veröffentlicht auf Englisch, liegt der Roman nun übersetzt vor.",
        "Mit freundlichen Grüßen aus Berlin.",
    ],
    "es": [
        "Publicado originalmente en inglés, el libro vendió un millón de copias.",
        "Publicado originalmente en 1967, el libro sigue vigente.",
        "Fuentes del gobierno dijeron que la reunión fue cancelada.",
    ],
    "pt": [
        "Publicado originalmente em 1899, o romance continua atual.",
        "Publicado originalmente em inglês, o livro chega agora ao Brasil.",
    ],
    "it": [
        "Pubblicato originariamente nel 1983, il romanzo è stato ristampato.",
        "Fonti del governo hanno confermato la notizia.",
    ],
    "ru": [
        "Впервые опубликовано в 1925 году, произведение сразу стало популярным.",
        "Источник в правительстве сообщил, что встреча отменена.",
        "Впервые опубликованный на английском роман вышел в переводе.",
    ],
    "vi": [
        "Theo ông Nam, dự án sẽ hoàn thành vào năm sau.",
        "Theo báo cáo của bộ, số ca nhiễm đã giảm.",
        "Nguồn gốc của dịch bệnh vẫn chưa được xác định.",
    ],
    "ja": [
        "彼は毎日新聞より転載された写真について語ったが、その後の会見では詳しい説明を避け、記者の質問にも答えなかった。",
        "初出場の選手が活躍した。",
        "この記事はまだ完成していません。",
    ],
    "ko": [
        "그는 서울에서 전재산을 잃었다.",
        "출처가 불분명한 소문이 퍼졌다.",
        "이 기사는 독자들의 큰 관심을 받았다.",
    ],
    "zh": [
        "来源不明的消息在网上流传。",
        "他转自己的钱给了朋友。",
    ],
    "nl": ["Eerder dit jaar verscheen een rapport over de zaak."],
    "pl": ["Wcześniej opublikowano raport w tej sprawie, który wywołał debatę."],
    "id": ["Sumber daya alam Indonesia sangat melimpah."],
    "tr": ["Kaynak suları kirlendi ve köylüler tepki gösterdi."],
}


def recall() -> None:
    print("Recall on WRITTEN_NOTICES (notices written for this bench, not corpus text)")
    print(f"{'lang':6}{'notices':>8}{'found':>7}{'outlet right':>14}")
    totals = [0, 0, 0]
    for language, notices in WRITTEN_NOTICES.items():
        found = right = 0
        for notice, outlet in notices:
            source = reprint_source(notice)
            found += source is not None
            right += source == outlet
            if source != outlet:
                print(f"    miss  {notice!r}: {source!r} (want {outlet!r})")
        print(f"{language:6}{len(notices):>8}{found:>7}{right:>14}")
        totals = [totals[0] + len(notices), totals[1] + found, totals[2] + right]
    print(f"{'all':6}{totals[0]:>8}{totals[1]:>7}{totals[2]:>14}")
    misses = [(language, text) for language, texts in NEAR_MISSES.items() for text in texts if reprint_source(text)]
    print(f"near misses taken for notices: {len(misses)} of {sum(map(len, NEAR_MISSES.values()))}")
    for language, text in misses:
        print(f"    {language}  {text!r}: {reprint_source(text)!r}")


def ntrex_articles() -> dict[str, list[list[str]]]:
    """NTREX-128 articles (headline first), per language file, grouped by doc_ids.txt."""
    folder = CORPUS / "parallel" / "ntrex128"
    ids = folder.joinpath("doc_ids.txt").read_text(encoding="utf-8").splitlines()
    articles: dict[str, list[list[str]]] = {}
    for path in sorted(folder.glob("*.txt")):
        if path.stem == "doc_ids":
            continue
        grouped: dict[str, list[str]] = defaultdict(list)
        for doc_id, line in zip(ids, path.read_text(encoding="utf-8").splitlines(), strict=True):
            if line.strip():
                grouped[doc_id].append(line.strip())
        articles[path.stem] = list(grouped.values())
    return articles


def edge_lines(article: list[str]) -> list[str]:
    return list(dict.fromkeys(article[:EDGE_PARAGRAPHS] + article[-EDGE_PARAGRAPHS:]))


def false_positives(articles: dict[str, list[list[str]]]) -> None:
    print("\nFalse positives on real text (../shared/corpus; it holds no reprint notices)")
    edges = [(language, line) for language, docs in articles.items() for doc in docs for line in edge_lines(doc)]
    every = [(language, line) for language, docs in articles.items() for doc in docs for line in doc]
    ground_truth = json.loads((CORPUS / "web" / "article-extraction" / "ground-truth.json").read_text(encoding="utf-8"))
    web = [("web", line.strip()) for page in ground_truth.values() for line in page["articleBody"].split("\n") if line.strip()]
    sentences = [
        (path.stem, line)
        for path in sorted((CORPUS / "sentences").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for name, lines in (
        (f"NTREX-128 first/last {EDGE_PARAGRAPHS} lines, {len(articles)} languages", edges),
        ("NTREX-128 every line", every),
        ("sentences/ (9 languages, native news and web)", sentences),
        ("web/article-extraction ground truth, every paragraph of 61 pages", web),
    ):
        wrong = [(language, line, reprint_source(line)) for language, line in lines if reprint_source(line)]
        print(f"  {name}: {len(lines)} lines, {len(wrong)} taken for notices")
        for language, line, source in wrong:
            print(f"      {language}  {line[:120]!r} -> {source!r}")
    documents = sum(len(docs) for docs in articles.values())
    found = sum(find_reprint_notice(doc) is not None for docs in articles.values() for doc in docs)
    print(f"  find_reprint_notice on {documents} NTREX articles: {found} notices found")


def cost(articles: dict[str, list[list[str]]]) -> None:
    docs = [doc for docs in articles.values() for doc in docs]
    rounds = 5
    started = time.perf_counter()
    for _ in range(rounds):
        for doc in docs:
            find_reprint_notice(doc)
    elapsed = time.perf_counter() - started
    per_document = elapsed * 1e6 / (len(docs) * rounds)
    print(f"\nCost: find_reprint_notice over {len(docs)} NTREX articles x{rounds}: {per_document:.1f} µs a document")


def main() -> None:
    recall()
    if not CORPUS.exists():
        print(f"\n{CORPUS} is absent: no false-positive or cost figures")
        return
    articles = ntrex_articles()
    false_positives(articles)
    cost(articles)


if __name__ == "__main__":
    main()

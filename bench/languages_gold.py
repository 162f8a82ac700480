"""Hand gold for bench/languages.py: short constructed utterances, one UD UPOS per CHAT word.

For the languages the corpus has no %mor reference in (../shared/corpus). Written
for this benchmark (child-directed style, everyday words), tagged by hand after UD
guidelines; a word that UD splits (Spanish `del`) is tagged by its first part, as
morphotag's %mor item is read. Small: a rough figure, not an evaluation set.
"""

from __future__ import annotations

GOLD: dict[str, list[str]] = {
    "ces": ["já/PRON chci/VERB jít/VERB domů/ADV", "maminka/NOUN vaří/VERB polévku/NOUN", "kde/ADV je/AUX ten/DET míč/NOUN",
            "to/PRON je/AUX můj/DET pejsek/NOUN", "dej/VERB mi/PRON tu/DET knížku/NOUN"],
    "fin": ["minä/PRON haluan/VERB mennä/VERB kotiin/NOUN", "äiti/NOUN lukee/VERB kirjaa/NOUN", "missä/ADV pallo/NOUN on/AUX",
            "tämä/PRON on/AUX minun/PRON koirani/NOUN", "anna/VERB se/PRON minulle/PRON"],
    "nld": ["ik/PRON wil/VERB de/DET bal/NOUN", "waar/ADV is/AUX mama/NOUN", "de/DET hond/NOUN slaapt/VERB",
            "dat/PRON is/AUX mijn/PRON boek/NOUN", "geef/VERB mij/PRON de/DET appel/NOUN"],
    "est": ["ma/PRON tahan/VERB palli/NOUN", "kus/ADV on/AUX emme/NOUN", "koer/NOUN magab/VERB", "see/PRON on/AUX minu/PRON raamat/NOUN",
            "anna/VERB mulle/PRON õun/NOUN"],
    "kor": ["나는/PRON 공을/NOUN 원해/VERB", "엄마/NOUN 어디/PRON 있어/ADJ", "강아지가/NOUN 자요/VERB", "이거/PRON 내/PRON 책이야/NOUN",
            "사과/NOUN 주세요/VERB"],
    "rus": ["я/PRON хочу/VERB мяч/NOUN", "где/ADV мама/NOUN", "собака/NOUN спит/VERB", "это/PRON моя/DET книга/NOUN",
            "дай/VERB мне/PRON яблоко/NOUN"],
    "ukr": ["я/PRON хочу/VERB м'яч/NOUN", "де/ADV мама/NOUN", "собака/NOUN спить/VERB", "це/PRON моя/DET книжка/NOUN",
            "дай/VERB мені/PRON яблуко/NOUN"],
    "pol": ["chcę/VERB piłkę/NOUN", "gdzie/ADV jest/VERB mama/NOUN", "pies/NOUN śpi/VERB", "to/PRON jest/AUX moja/DET książka/NOUN",
            "daj/VERB mi/PRON jabłko/NOUN"],
    "tur": ["topu/NOUN istiyorum/VERB", "annem/NOUN nerede/ADV", "köpek/NOUN uyuyor/VERB", "bu/DET benim/PRON kitabım/NOUN",
            "bana/PRON elma/NOUN ver/VERB"],
    "cat": ["vull/VERB la/DET pilota/NOUN", "on/ADV és/AUX la/DET mama/NOUN", "el/DET gos/NOUN dorm/VERB",
            "aquest/DET és/AUX el/DET meu/DET llibre/NOUN", "dona'm/VERB una/DET poma/NOUN"],
    "ita": ["voglio/VERB la/DET palla/NOUN", "dov'è/ADV la/DET mamma/NOUN", "il/DET cane/NOUN dorme/VERB",
            "questo/PRON è/AUX il/DET mio/DET libro/NOUN", "dammi/VERB una/DET mela/NOUN"],
    "por": ["eu/PRON quero/VERB a/DET bola/NOUN", "onde/ADV está/VERB a/DET mamãe/NOUN", "o/DET cachorro/NOUN dorme/VERB",
            "este/PRON é/AUX o/DET meu/DET livro/NOUN", "me/PRON dá/VERB uma/DET maçã/NOUN"],
    "glg": ["quero/VERB a/DET pelota/NOUN", "onde/ADV está/VERB a/DET mamá/NOUN", "o/DET can/NOUN dorme/VERB",
            "este/PRON é/AUX o/DET meu/DET libro/NOUN", "dáme/VERB unha/DET mazá/NOUN"],
    "swe": ["jag/PRON vill/AUX ha/VERB bollen/NOUN", "var/ADV är/AUX mamma/NOUN", "hunden/NOUN sover/VERB",
            "det/PRON är/AUX min/DET bok/NOUN", "ge/VERB mig/PRON ett/DET äpple/NOUN"],
    "dan": ["jeg/PRON vil/AUX have/VERB bolden/NOUN", "hvor/ADV er/AUX mor/NOUN", "hunden/NOUN sover/VERB",
            "det/PRON er/AUX min/DET bog/NOUN", "giv/VERB mig/PRON et/DET æble/NOUN"],
    "hrv": ["želim/VERB loptu/NOUN", "gdje/ADV je/AUX mama/NOUN", "pas/NOUN spava/VERB", "to/PRON je/AUX moja/DET knjiga/NOUN",
            "daj/VERB mi/PRON jabuku/NOUN"],
    "eus": ["baloia/NOUN nahi/NOUN dut/AUX", "non/ADV dago/VERB ama/NOUN", "txakurra/NOUN lo/NOUN dago/VERB",
            "hau/PRON nire/PRON liburua/NOUN da/AUX", "eman/VERB sagar/NOUN bat/NUM"],
}  # fmt: skip

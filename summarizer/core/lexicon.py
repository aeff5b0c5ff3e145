"""Words that several stages read or write, each list in one place.

Month and weekday names (with their abbreviations) are read by verify's date resolver
and worded in English by `summarizer.core.wording`; both take them from here.
"""

from __future__ import annotations

from collections.abc import Iterable

MONTHS: dict[str, int] = {
    **dict.fromkeys(("januar", "jänner", "january", "jan"), 1),
    **dict.fromkeys(("februar", "february", "feb"), 2),
    **dict.fromkeys(("märz", "maerz", "march", "mär", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("august", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("dezember", "december", "dez", "dec"), 12),
}
WEEKDAYS: dict[str, int] = {
    **dict.fromkeys(("montag", "monday"), 0),
    **dict.fromkeys(("dienstag", "tuesday"), 1),
    **dict.fromkeys(("mittwoch", "wednesday"), 2),
    **dict.fromkeys(("donnerstag", "thursday"), 3),
    **dict.fromkeys(("freitag", "friday"), 4),
    **dict.fromkeys(("samstag", "sonnabend", "saturday"), 5),
    **dict.fromkeys(("sonntag", "sunday"), 6),
}


def alternatives(words: Iterable[str]) -> str:
    """A regex alternation that tries longer words first ("juni" before "jun")."""
    return "|".join(sorted(words, key=len, reverse=True))


RISE_CUES: tuple[str, ...] = (
    # en
    "rose to",
    "risen to",
    "rises to",
    "rising to",
    "climbed to",
    "increased to",
    "has risen",
    "previous toll",
    "earlier toll",
    "up from",
    # de
    "gestiegen",
    "steigt auf",
    "stieg auf",
    "erhöhte sich",
    "inzwischen",
    "mittlerweile",
    # fr
    "s'alourdit",
    "s’alourdit",
    "alourdi",
    "passe à",
    "est passé à",
    "grimpe à",
    "précédent bilan",
    # es
    "aumenta a",
    "aumentan a",
    "asciende a",
    "ascienden a",
    "sube a",
    "suben a",
    "elevó a",
    "eleva a",
    "balance anterior",
    # it
    "sale a",
    "salito a",
    "salgono a",
    "è salito",
    "precedente bilancio",
    # pt
    "subiu para",
    "sobe para",
    "aumentou para",
    # nl
    "loopt op tot",
    "opgelopen tot",
    "gestegen tot",
    # pl
    "wzrosła do",
    "wzrósł do",
    "wzrosła",
    "rośnie",
    # ru, uk
    "возросло до",
    "возросло",
    "выросло до",
    "увеличилось до",
    "зросла до",
    "зросло до",
)
"""Words with which a report says its count has changed since an earlier one."""


EARLIER_CUES: tuple[str, ...] = (
    "previous",
    "earlier",
    "initially",
    "précédent",
    "auparavant",
    "anterior",
    "previamente",
    "zuvor",
    "vorher",
    "zunächst",
    "precedente",
    "in precedenza",
    "eerder",
    "aanvankelijk",
    "wcześniej",
    "poprzedni",
    "ранее",
    "раніше",
    "anteriormente",
)
"""Words with which a report gives an earlier, superseded value of a count."""

INCREMENT_CUES: tuple[str, ...] = (
    "another",
    "additional",
    "further",
    "weitere",
    "weiteren",
    "autres",
    "otros",
    "otras",
    "altri",
    "altre",
    "outros",
    "nog eens",
    "kolejne",
    "ещё",
    "еще",
    "ще",
)
"""Words that make an amount an increment ("another 179 dead"), not the count itself."""


# --------------------------------------------------------------------------- grounding
# Read by verify's statement checks (`summarizer.stages.verify.statements`), its
# prompt-injection detector (`summarizer.stages.verify.injection`) and merge's
# polarity features. Lower case; matched as whole words after case folding.


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`."""
    return frozenset(text.split())


STOP_WORDS = _words(
    """a an the and or but of to in on at by for from with as is are was were be been
    being has have had it its this that these those their they them he she his her which who whom
    what when where while than then there into onto over under about after before since until also
    not no nor so such can could would should will may might must do does did done very more most
    less least some any all both each other another same own only just per via upon against
    between among during without within according"""
)
"""English function words: not content, when statements are compared by their words."""


NEGATION_CUES: dict[str, frozenset[str]] = {
    "en": _words(
        """not no never none neither nor denied deny denies denying rejected reject rejects
        refused refuses dismissed dismisses unfounded baseless groundless cannot without"""
    ),
    "de": _words(
        """nicht kein keine keinen keinem keiner niemals nie bestritten bestreitet bestreiten
        zurückgewiesen wiesen weist dementiert dementierte haltlos ohne"""
    ),
    "fr": _words(
        """ne pas jamais aucun aucune ni nié nie nient démenti dément démentent rejeté
        rejette réfute réfuté infondé sans"""
    ),
    "es": _words(
        """no nunca ningún ninguno ninguna ni negó niega niegan negado desmintió desmiente
        rechazó rechaza infundado sin"""
    ),
    "it": _words(
        """non mai nessun nessuno nessuna né negato nega negano smentito smentisce respinto
        respinge infondato senza"""
    ),
    "pt": _words(
        """não nunca nenhum nenhuma nem negou nega negam negado desmentiu desmente rejeitou
        rejeita infundado sem"""
    ),
    "nl": _words(
        """niet geen nooit noch ontkent ontkende ontkend verworpen wees weerlegd ongegrond zonder"""
    ),
    "pl": _words(
        """nie nigdy żaden żadna żadne ani zaprzeczył zaprzeczyła zaprzecza zdementował
        odrzucił odrzuciła bezpodstawne bez"""
    ),
    "ru": _words(
        """не нет никогда ни никакой никаких опроверг опровергла опровергли отрицает
        отрицают отверг отвергла отвергли беспочвенные без"""
    ),
    "uk": _words(
        """не ні немає ніколи жодного жодних спростував спростувала спростували заперечує
        заперечують відкинув відкинула безпідставні без"""
    ),
}
"""Negation and denial words per language (ISO 639-1)."""

NON_NEGATING_PHRASES: tuple[str, ...] = (
    "not only",
    "no longer only",
    "no doubt",
    "nicht nur",
    "non seulement",
    "no solo",
    "no sólo",
    "non solo",
    "non soltanto",
    "não só",
    "não apenas",
    "niet alleen",
    "nie tylko",
    "не только",
    "не лише",
    "не тільки",
)
"""Phrases with a negation word that negate nothing ("not only ... but also")."""

SCALE_WORDS: dict[str, float] = {
    **dict.fromkeys(("mil", "mille", "milliers", "duizend", "tys.", "tys", "тыс.", "тыс"), 1e3),
    **dict.fromkeys(("tysiące", "tysięcy", "tysiąc", "tysiąca", "tysiącom", "tysiącami"), 1e3),
    **dict.fromkeys(("тысяч", "тысячи", "тысяча", "тисяч", "тисячі", "тисяча"), 1e3),
    **dict.fromkeys(("millón", "millones", "milione", "milioni", "milhão", "milhões"), 1e6),
    **dict.fromkeys(("miljoen", "milion", "miliony", "milionów", "mln", "млн", "млн."), 1e6),
    **dict.fromkeys(("millions", "миллион", "миллиона", "миллионов", "мільйонів"), 1e6),
    **dict.fromkeys(("milliard", "milliards", "mil millones", "miliardo", "miliardi"), 1e9),
    **dict.fromkeys(("bilhão", "bilhões", "miljard", "miliard", "miliardów", "mld"), 1e9),
    **dict.fromkeys(("млрд", "млрд.", "миллиард", "миллиардов", "мільярдів"), 1e9),
}
"""Scale words after a number in languages other than German and English (which the
figure parser reads itself): "11 mille", "2 millones", "5 млн"."""

INJECTION_PATTERNS: dict[str, tuple[str, ...]] = {
    "roles": (
        r"<\|(?:im_start|im_end|system|user|assistant|endoftext)\|>",
        r"\[/?INST\]",
        r"<</?SYS>>",
        r"(?:^|\n)\s*(?:system|assistant|user|developer)\s*:",
        r"#{2,}\s*(?:system|instruction|instructions)\b",
    ),
    "en": (
        r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:the\s+|your\s+)?"
        r"(?:previous|prior|above|earlier|preceding|former)\s+(?:instructions?|prompts?|"
        r"directions?|rules)",
        r"\byou\s+are\s+now\b",
        r"\byou\s+are\s+(?:an?\s+)?(?:ai|assistant|language\s+model|chatbot|llm)\b",
        r"\bas\s+an\s+ai\s+(?:language\s+)?model\b",
        r"(?:^|\band\s+)(?:now\s+|please\s+|instead\s+)?(?:write|say|state|report|"
        r"output|respond|answer|claim)\s+(?:that|only)\b",
        r"\bnew\s+instructions?\s*:",
    ),
    "de": (
        r"\b(?:ignorier|vergiss|missachte)\w*\s+(?:alle\s+)?(?:die\s+)?(?:vorherigen|bisherigen|"
        r"obigen|früheren|vorigen)\s+(?:anweisungen|instruktionen|befehle)",
        r"\b(?:du\s+bist|sie\s+sind)\s+(?:jetzt|nun|ab\s+sofort)\b",
        r"^(?:bitte\s+)?(?:schreibe?|schreiben\s+sie|behaupte)\s*,?\s+dass\b",
    ),
    "fr": (
        r"\b(?:ignore|oublie)\w*\s+(?:toutes\s+)?(?:les\s+)?(?:instructions|consignes)\s+"
        r"(?:précédentes|antérieures|ci-dessus)",
        r"\b(?:tu\s+es|vous\s+êtes)\s+(?:maintenant|désormais)\b",
        r"^(?:écris|écrivez|affirme|affirmez)\s+que\b",
    ),
    "es": (
        r"\b(?:ignora|olvida)\w*\s+(?:todas\s+)?(?:las\s+)?instrucciones\s+(?:anteriores|previas)",
        r"\b(?:ahora\s+eres|eres\s+ahora)\b",
        r"^(?:escribe|escriba|escribid|afirma)\s+que\b",
    ),
    "it": (
        r"\b(?:ignora|dimentica)\w*\s+(?:tutte\s+)?(?:le\s+)?istruzioni\s+(?:precedenti|"
        r"anteriori)",
        r"\b(?:ora\s+sei|adesso\s+sei|sei\s+ora)\b",
        r"^(?:scrivi|scriva|scrivete)\s+che\b",
    ),
    "pt": (
        r"\b(?:ignore|ignora|esqueça|esquece)\w*\s+(?:todas\s+)?(?:as\s+)?instruções\s+"
        r"(?:anteriores|prévias)",
        r"\b(?:você\s+é|tu\s+és)\s+agora\b",
        r"^(?:escreva|escreve)\s+que\b",
    ),
    "nl": (
        r"\b(?:negeer|vergeet)\s+(?:alle\s+)?(?:de\s+)?(?:vorige|eerdere|voorgaande)\s+"
        r"(?:instructies|opdrachten)",
        r"\b(?:je\s+bent|u\s+bent)\s+nu\b",
        r"^(?:schrijf|schrijft\s+u)\s+dat\b",
    ),
    "pl": (
        r"\b(?:zignoruj|ignoruj|zapomnij)\w*\s+(?:wszystkie\s+)?(?:poprzednie|wcześniejsze)\s+"
        r"(?:instrukcje|polecenia)",
        r"\bjesteś\s+teraz\b",
        r"^napisz\w*\s*,?\s+że\b",
    ),
    "ru": (
        r"(?:игнорируй|забудь|проигнорируй)\w*\s+(?:все\s+)?(?:предыдущие|прежние)\s+"
        r"(?:инструкции|указания)",
        r"\bты\s+теперь\b",
        r"^напиши\w*\s*,?\s+что\b",
    ),
    "uk": (
        r"(?:ігноруй|забудь|проігноруй)\w*\s+(?:всі\s+|усі\s+)?(?:попередні)\s+"
        r"(?:інструкції|вказівки)",
        r"\bти\s+тепер\b",
        r"^напиши\w*\s*,?\s+що\b",
    ),
}
"""Text that addresses the model rather than the reader: chat and role markers, and
per language "ignore previous instructions", "you are now ...", "write that ...".
Regular expressions, matched case-insensitively; every language is tried on every
article (an injection need not be written in the article's language)."""

TITLE_WORDS: frozenset[str] = _words(
    """ministry minister ministers prime premier president vice interior foreign affairs
    defence defense home justice health finance national international institute
    geological geophysical seismological meteorological survey service services agency
    office department council army navy police government parliament union committee
    organisation organization society federation bureau commission republic kingdom
    general secretary state states united nations red cross crescent centre center
    authority authorities administration emergency emergencies civil protection news
    weather earthquake court supreme high mission forces force guard party front
    movement news agency television radio press public spokesperson spokesman
    spokeswoman chief head king queen prince mayor governor province region city
    county research scientific technical geophysics seismology meteorology hydrology resistance
    liberation security intelligence operations operational"""
)
"""English words that are capitalised inside a translated title or institution name
("Interior Ministry", "Red Cross", "Prime Minister"): not names to look for in a
quote written in another language."""

DEMONYMS: dict[str, str] = {
    "american": "United States",
    "us": "United States",
    "usa": "United States",
    "british": "United Kingdom",
    "uk": "United Kingdom",
    "chinese": "China",
    "danish": "Denmark",
    "dutch": "Netherlands",
    "english": "United Kingdom",
    "finnish": "Finland",
    "french": "France",
    "german": "Germany",
    "greek": "Greece",
    "irish": "Ireland",
    "polish": "Poland",
    "scottish": "United Kingdom",
    "spanish": "Spain",
    "swedish": "Sweden",
    "swiss": "Switzerland",
    "turkish": "Turkey",
    "welsh": "United Kingdom",
}
"""English adjectives and abbreviations that do not begin with their country's name."""

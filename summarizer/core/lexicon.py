"""Words that several stages read or write, each list in one place.

* Month and weekday names (German and English, with their abbreviations) are worded in
  English by `summarizer.core.wording`; verify's date resolver reads the names of every
  language from dateparser's locale data, with these two tables for de and en.
* Per language (de, en, fr, es, it, pt, nl, pl, ru, uk), as regex fragments matched
  case-insensitively as whole words:
  - amounts: the comparators that make an amount a bound or an approximation
    (LOWER_BOUND, UPPER_BOUND, APPROXIMATE, and OR_MORE after the number), the range
    words (RANGE_TO "bis"/"à"/"до"; RANGE_BETWEEN ... RANGE_AND, "entre ... y"), and
    the vague amounts (VAGUE, each ``pattern=M`` with its order of magnitude M);
  - certainty: hedges (ALLEGED), attribution (REPORTED), DENIAL, NEGATION, and the
    pronouns that open a relative clause (RELATIVE_CLAUSE, "..., was Moskau bestreitet");
  - dates: days back ("ayer" 1), "last"/"this" words, and period nouns.
  A table is written as ``{language: "fragment; fragment; ..."}`` (`_table`), and
  `phrases()` joins the fragments of some languages into one alternation, longest
  first. `DEFAULT_LANGUAGES` is what code reads when an article's language is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

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

LANGUAGES = ("de", "en", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk")
DEFAULT_LANGUAGES = ("de", "en")

Table = Mapping[str, tuple[str, ...]]


def _table(entries: Mapping[str, str]) -> Table:
    """{language: "fragment; fragment; ..."} -> {language: (fragment, ...)}."""
    return {language: tuple(entries[language].split("; ")) for language in entries}


# --------------------------------------------------------------------------- amounts

LOWER_BOUND: Table = _table(
    {
        "de": "mehr als; über; mindestens; wenigstens; überschritt\\w*; übersteigt",
        "en": (
            "more than; over; at least; upwards of; exceed\\w*; in excess of; no fewer than; "
            "no less than; surpass\\w*"
        ),
        "fr": (
            "plus de; plus d['’]; au moins; au minimum; dépass\\w*; supérieure? à; "
            "pas moins de; au-delà de"
        ),
        "es": (
            "más de; al menos; por lo menos; como mínimo; supera\\w*; superó; superior a; "
            "por encima de; no menos de"
        ),
        "it": "oltre; più di; almeno; non meno di; non inferiore a; superiore a; supera\\w*",
        "pt": (
            "mais de; pelo menos; no mínimo; ao menos; ultrapass\\w*; superior a; acima de; "
            "supera\\w*"
        ),
        "nl": "meer dan; minstens; ten minste; tenminste; zeker; ruim; minimaal; boven de",
        "pl": "ponad; co najmniej; przynajmniej; powyżej; więcej niż; nie mniej niż; minimum",
        "ru": (
            "более чем; более; свыше; больше; не менее; не меньше; по меньшей мере; "
            "как минимум; превыша\\w*; превысил\\w*"
        ),
        "uk": "понад; більше; щонайменше; принаймні; не менше; як мінімум; перевищ\\w*",
    }
)

UPPER_BOUND: Table = _table(
    {
        "de": "bis zu; höchstens; weniger als; unter; maximal",
        "en": "up to; fewer than; less than; at most; under; no more than",
        "fr": (
            "jusqu['’]à; moins de; moins d['’]; au plus; au maximum; pouvant atteindre; "
            "sans pouvoir excéder; n['’]excédant pas; inférieure? à; pas plus de"
        ),
        "es": "hasta; menos de; como máximo; no más de; inferior a; por debajo de",
        "it": "fino a; meno di; al massimo; non più di; inferiore a; non superiore a",
        "pt": "até; menos de; no máximo; inferior a; abaixo de",
        "nl": "tot; ten hoogste; maximaal; hooguit; minder dan; niet meer dan",
        "pl": "do; maksymalnie; nie więcej niż; mniej niż; poniżej; najwyżej; co najwyżej",
        "ru": "до; не более; не больше; менее; меньше; не превыша\\w*; максимум; не свыше",
        "uk": "до; не більше; менше; не перевищ\\w*; максимум; не більш як",
    }
)

APPROXIMATE: Table = _table(
    {
        "de": "rund; etwa; ungefähr; circa; ca\\.; fast; knapp; beinahe; annähernd; gut; gegen",
        "en": (
            "about; around; approximately; roughly; nearly; almost; some; close to; an estimated"
        ),
        "fr": "près de; environ; presque; autour de; quelque; approximativement; quasi",
        "es": "unos; unas; casi; cerca de; alrededor de; aproximadamente; en torno a; aprox\\.",
        "it": "circa; quasi; intorno a; attorno a; all['’]incirca",
        "pt": "cerca de; quase; aproximadamente; por volta de; em torno de; perto de",
        "nl": (
            "bijna; ongeveer; rond de; rond; circa; ca\\.; zo['’]n; omstreeks; nagenoeg; "
            "pakweg; zowat"
        ),
        "pl": "około; ok\\.; prawie; blisko; niemal; mniej więcej",
        "ru": "около; почти; примерно; порядка; приблизительно; почти что",
        "uk": "близько; майже; приблизно; майже що",
    }
)

OR_MORE: Table = _table(
    {
        "de": "und mehr; oder mehr",
        "en": "or more; and more",
        "fr": "ou plus",
        "es": "o más",
        "it": "o più",
        "pt": "ou mais",
        "nl": "of meer",
        "pl": "lub więcej; i więcej",
        "ru": "или более; и более",
        "uk": "або більше; і більше",
    }
)

RANGE_TO: Table = _table(
    {
        "de": "bis",
        "en": "to",
        "fr": "au; à",
        "es": "a; al",
        "it": "a; al",
        "pt": "a; ao",
        "nl": "tot",
        "pl": "do",
        "ru": "до",
        "uk": "до; по",
    }
)

RANGE_BETWEEN: Table = _table(
    {
        "de": "zwischen",
        "en": "between",
        "fr": "entre",
        "es": "entre",
        "it": "fra; tra",
        "pt": "entre",
        "nl": "tussen",
        "pl": "między; pomiędzy",
        "ru": "между",
        "uk": "між; поміж",
    }
)

RANGE_AND: Table = _table(
    {
        "de": "und",
        "en": "and",
        "fr": "et",
        "es": "y",
        "it": "e",
        "pt": "e",
        "nl": "en",
        "pl": "a; i",
        "ru": "и",
        "uk": "й; та; і",
    }
)

VAGUE: Table = _table(
    {
        "de": (
            "hunderttausende[rn]?=1e5; zehntausende[rn]?=1e4; tausende[rn]?=1e3; "
            "(?:mehrere|einige) tausend=1e3; hunderte[rn]?=1e2; dutzende[rn]?=12"
        ),
        "en": (
            "hundreds of thousands=1e5; tens of thousands=1e4; thousands=1e3; "
            "(?:several|a few) thousand=1e3; hundreds=1e2; dozens=12; tens=10"
        ),
        "fr": (
            "centaines de milliers=1e5; dizaines de milliers=1e4; milliers=1e3; centaines=1e2; "
            "dizaines=10"
        ),
        "es": (
            "(?:cientos|centenares) de miles=1e5; decenas de miles=1e4; miles=1e3; "
            "cientos|centenares=1e2; decenas=12"
        ),
        "it": (
            "centinaia di migliaia=1e5; decine di migliaia=1e4; migliaia=1e3; centinaia=1e2; "
            "decine=10"
        ),
        "pt": (
            "centenas de milhar(?:es)?=1e5; dezenas de milhar(?:es)?=1e4; milhares=1e3; "
            "centenas=1e2; dezenas=12"
        ),
        "nl": (
            "honderdduizenden=1e5; tienduizenden=1e4; duizenden=1e3; honderden=1e2; tientallen=10"
        ),
        "pl": (
            "setki tysięcy=1e5; dziesiątki tysięcy=1e4; kilka tysięcy=1e3; tysiące=1e3; "
            "setki=1e2; dziesiątki=10"
        ),
        "ru": (
            "сотни тысяч=1e5; десятки тысяч=1e4; несколько тысяч=1e3; тысячи=1e3; сотни=1e2; "
            "(?:несколько )?десятк(?:и|ов)=10"
        ),
        "uk": (
            "сотні тисяч=1e5; десятки тисяч=1e4; кілька тисяч=1e3; тисячі=1e3; сотні=1e2; "
            "(?:кілька )?десятк(?:и|ів)=10"
        ),
    }
)

# --------------------------------------------------------------------------- certainty

ALLEGED: Table = _table(
    {
        "de": "soll; sollen; angeblich\\w*; mutmaßlich\\w*; vermeintlich\\w*",
        "en": "allegedly; alleged; purportedly; supposedly; (?:is|are|was|were) said to",
        "fr": (
            "aurai[te]n?t?; seraie?n?t; prétendu\\w*; présumée?s?; supposément; "
            "soupçonnée? d['’]avoir"
        ),
        "es": (
            "supuestamente; supuest[oa]s?; presunt\\w*; habrían?; estarían?; serían?; tendrían?"
        ),
        "it": "sarebbero; sarebbe; avrebbero; avrebbe; presunt\\w*",
        "pt": (
            "teriam?; estariam?; seriam?; haveriam?; supostamente; suposto\\w*; alegadamente; "
            "presumivelmente"
        ),
        "nl": "zouden; zou; naar verluidt; vermeend\\w*; zogenaamd\\w*",
        "pl": "rzekom\\w*; podobno; jakoby; domniema\\w*",
        "ru": "якобы; предположительно; будто бы; по слухам",
        "uk": "нібито; буцімто; ймовірно; начебто; імовірно",
    }
)

REPORTED: Table = _table(
    {
        "de": (
            "laut; nach angaben; zufolge; offenbar; berichtete?n?; sei; seien; hätten; hätte; "
            "könne; müsse; wolle; dürfe; solle; gebe; (?<!\\bich )(?:habe|werde)"
        ),
        "en": "reportedly; according to; claimed; claims; apparently; said; says; told",
        "fr": "selon; d['’]après; a indiqué; ont indiqué; a déclaré; affirme\\w*",
        "es": "según; de acuerdo con; informó; afirmó; dijo; aseguró",
        "it": "secondo; stando a; a quanto si è appreso; ha detto; ha dichiarato",
        "pt": "segundo; de acordo com; conforme; disse; afirmou; informou",
        "nl": "volgens; naar eigen zeggen; zei; zegt; meldt\\w*",
        "pl": "według; zdaniem; jak podaje; jak poinformował\\w*; powiedział\\w*",
        "ru": (
            "по (?:\\w+ )?словам; по (?:\\w+ )?данным; по информации; согласно; сообщил\\w*; "
            "заявил\\w*"
        ),
        "uk": (
            "за (?:\\w+ )?словами; за (?:\\w+ )?даними; за інформацією; згідно з; "
            "повідомил\\w*; заявил\\w*"
        ),
    }
)

DENIAL: Table = _table(
    {
        "de": (
            "bestr(?:eitet|eiten|itt|itten); dementiert\\w*; wies\\w* .*\\bzurück; "
            "weis(?:t|en) .*\\bzurück"
        ),
        "en": "denied; denies; deny; rejected",
        "fr": "dément\\w*; démenti\\w*; nie; nient; a nié; ont nié; réfute\\w*",
        "es": "niega\\w*; negó; negaron; desmient\\w*; desmintió; desmintieron",
        "it": "nega\\w*; negato; smentit\\w*; smentisce",
        "pt": "nega\\w*; negou; desment\\w*",
        "nl": "ontkent; ontkennen; ontkend\\w*; ontkende\\w*; spreekt tegen",
        "pl": "zaprzecz\\w*; zdementował\\w*; dementuje",
        "ru": "опроверг\\w*; отверг\\w*; отрица\\w*; опровергл\\w*",
        "uk": "запереч\\w*; спростува\\w*; спростову\\w*",
    }
)

NEGATION: Table = _table(
    {
        "de": "nicht; niemand; nie; niemals; kein\\w*",
        "en": "not; never; nobody; no one",
        "fr": "ne; pas; jamais; personne",
        "es": "no; nunca; nadie; jamás",
        "it": "non; nessuno; mai",
        "pt": "não; nunca; ninguém; jamais",
        "nl": "niet; nooit; niemand; geen",
        "pl": "nie; nigdy; nikt",
        "ru": "не; никто; никогда",
        "uk": "не; ніхто; ніколи",
    }
)

RELATIVE_CLAUSE: Table = _table(
    {
        "de": "was; wie",
        "en": "which; what; as",
        "fr": "ce que; ce qu['’]; ce qui",
        "es": "lo que; algo que",
        "it": "cosa che; il che; ciò che",
        "pt": "o que; algo que",
        "nl": "wat",
        "pl": "co",
        "ru": "что",
        "uk": "що",
    }
)

# --------------------------------------------------------------------------- dates

DAYS_BACK: Mapping[str, Mapping[str, int]] = {
    "de": {"vorgestern": 2, "gestern": 1, "heute": 0},
    "en": {"yesterday": 1, "today": 0},
    "fr": {"avant-hier": 2, "hier": 1, "aujourd['’]hui": 0},
    "es": {"anteayer": 2, "antier": 2, "ayer": 1, "hoy": 0},
    "it": {"l['’]altro ieri": 2, "ieri": 1, "oggi": 0},
    "pt": {"anteontem": 2, "ontem": 1, "hoje": 0},
    "nl": {"eergisteren": 2, "gisteren": 1, "vandaag": 0},
    "pl": {"przedwczoraj": 2, "wczoraj\\w*": 1, "dzisiaj": 0, "dziś": 0},
    "ru": {"позавчера": 2, "вчера\\w*": 1, "сегодня\\w*": 0},
    "uk": {"позавчора": 2, "вчора\\w*": 1, "учора\\w*": 1, "сьогодні\\w*": 0},
}
PAST: Table = _table(
    {
        "de": "vergangene[nmrs]?; letzte[nmrs]?; vorige[nmrs]?",
        "en": "last; previous; past",
        "fr": "derni(?:er|ère); passée?",
        "es": "pasad[oa]; anterior",
        "it": "scors[oa]; passat[oa]",
        "pt": "passad[oa]",
        "nl": "vorige; afgelopen; verleden",
        "pl": "zeszł\\w*; ubiegł\\w*; ostatni\\w*; poprzedni\\w*",
        "ru": "прошл\\w*; минувш\\w*",
        "uk": "минул\\w*",
    }
)

THIS: Table = _table(
    {
        "de": "diese[nmrs]?",
        "en": "this",
        "fr": "cette; ce",
        "es": "esta; este",
        "it": "questa; questo; quest['’]",
        "pt": "nesta; neste; esta; este",
        "nl": "deze; dit",
        "pl": "tym; ten; tego; tej",
        "ru": "эт\\w*",
        "uk": "цьо\\w*; ц\\w*",
    }
)

PERIODS: Mapping[str, Mapping[str, str]] = {
    "de": {"woche": "week", "monat\\w*": "month", "jahr\\w*": "year"},
    "en": {"week": "week", "month": "month", "year": "year"},
    "fr": {"semaine": "week", "mois": "month", "année": "year", "an": "year"},
    "es": {"semana": "week", "mes": "month", "año": "year"},
    "it": {"settimana": "week", "mese": "month", "anno": "year"},
    "pt": {"semana": "week", "mês": "month", "ano": "year"},
    "nl": {"week": "week", "maand": "month", "jaar": "year"},
    "pl": {"tydzień": "week", "tygodni\\w*": "week", "miesiąc\\w*": "month", "rok\\w*": "year"},
    "ru": {"недел\\w*": "week", "месяц\\w*": "month", "год\\w*": "year"},
    "uk": {"тиж\\w*": "week", "місяц\\w*": "month", "рок\\w*": "year", "рік": "year"},
}


def has_cue(text: str, cues: Iterable[str]) -> bool:
    """Whether `text` has one of the `cues` starting at a word ("rose to" in "the toll rose
    to 820", not in "arose to"); case-insensitive. The one matcher for the cue lists."""
    folded = f" {text.casefold()} "
    return any(f" {cue}" in folded for cue in cues)


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
    "jumped to",
    "jumped from",
    "rose from",
    "climbed from",
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
    "elevan a",
    "llega a",
    "llegan a",
    "alcanza",
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


def phrases(table: Table, languages: Iterable[str]) -> str:
    """One whole-word alternation of `table`'s fragments for `languages`, longest first."""
    words = {word for language in languages for word in table.get(language, ())}
    return rf"(?<!\w)(?:{alternatives(words)})(?!\w)"


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
        refused refuses dismissed dismisses unfounded baseless groundless"""
    ),
    "de": _words(
        """nicht kein keine niemals bestritten bestreitet bestreiten
        zurückgewiesen wiesen weist dementiert dementierte haltlos"""
    ),
    "fr": _words(
        """ne pas jamais aucun aucune ni nié nie nient démenti dément démentent rejeté
        rejette réfute réfuté infondé"""
    ),
    "es": _words(
        """no nunca ningún ninguno ninguna ni negó niega niegan negado desmintió desmiente
        rechazó rechaza infundado"""
    ),
    "it": _words(
        """non mai nessun nessuno nessuna né negato nega negano smentito smentisce respinto
        respinge infondato"""
    ),
    "pt": _words(
        """não nunca nenhum nenhuma nem negou nega negam negado desmentiu desmente rejeitou
        rejeita infundado"""
    ),
    "nl": _words(
        """niet geen nooit noch ontkent ontkende ontkend verworpen wees weerlegd ongegrond"""
    ),
    "pl": _words(
        """nie nigdy żaden żadna żadne ani zaprzeczył zaprzeczyła zaprzecza zdementował
        odrzucił odrzuciła bezpodstawne"""
    ),
    "ru": _words(
        """не нет никогда ни никакой никаких опроверг опровергла опровергли отрицает
        отрицают отверг отвергла отвергли беспочвенные"""
    ),
    "uk": _words(
        """не ні немає ніколи жодного жодних спростував спростувала спростували заперечує
        заперечують відкинув відкинула безпідставні"""
    ),
}
"""Negation and denial words per language (ISO 639-1): merge's polarity (English
statements, German quotes) and verify's statement check."""

FURTHER_NEGATION_CUES: dict[str, frozenset[str]] = {
    "en": _words("cannot without"),
    "de": _words("keinen keinem keiner nie ohne"),
    "fr": _words("sans"),
    "es": _words("sin"),
    "it": _words("senza"),
    "pt": _words("sem"),
    "nl": _words("zonder"),
    "pl": _words("bez"),
    "ru": _words("без"),
    "uk": _words("без"),
}
"""More negation words ("without", "ohne", inflected "keinen"), read by verify's
statement check only: merge's polarity does not use them yet, because each one changes
which of the seeds' items merge (and so every recorded same-fact and summary answer)."""

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

_CONTRACTIONS = ((re.compile(r"n['’]t\b", re.I), " not"), (re.compile(r"\bn['’]", re.I), "ne "))


def plain_negations(text: str) -> str:
    """`text` folded for negation look-ups: lower case, contractions spelt out ("didn't"
    -> "did not", "n'a" -> "ne a"), and `NON_NEGATING_PHRASES` removed."""
    folded = text.casefold()
    for pattern, replacement in _CONTRACTIONS:
        folded = pattern.sub(replacement, folded)
    for phrase in NON_NEGATING_PHRASES:
        folded = folded.replace(phrase, " ")
    return folded


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

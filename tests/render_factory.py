"""Render test helpers: a realistic briefing built by hand, and an HTML page parser.

The briefing covers the five German seeds.
Quotes are verbatim from seeds/; ids are the seeds' content ids. It has findings with
several citations and every certainty, a figure series with 3,000 vs 11,000 vs
10,000–12,000 vs "mehr als 10.000", a contradiction, a timeline with day, week and
month precision, unresolved dates, a failure and quality numbers.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from summarizer.core.articles import Failure, Source
from summarizer.core.briefing import (
    Briefing,
    Change,
    Citation,
    Contradiction,
    FigureSeries,
    Finding,
    QualityReport,
    SeriesEntry,
    SourceCopy,
    Story,
    SummarySentence,
    TimelineEntry,
)
from summarizer.core.dates import DatePrecision, ResolvedDate
from summarizer.core.items import Certainty, Quantity

IDS = [
    "6604a57b5a9e0757",
    "48fb3006fc53d837",
    "545f754c2452874f",
    "ae33e2cff53223e5",
    "6809f6b9984345a3",
]
TITLES = [
    "Nordkorea und Russland besiegeln Militärbündnis",
    "Nordkorea schickt Soldaten: Pjöngjang bestätigt Unterstützung für Russland",
    "Russland und Nordkorea besiegeln strategisches Bündnis – Spannungen eskalieren",
    "Kim und Putin: Nordkorea schickt tausende Soldaten nach Russland",
    "Erste Verluste gemeldet Kiew: Russland hält Kims Soldaten in der zweiten Reihe",
]
PUBLISHED = [None, None, dt.date(2024, 10, 24), None, dt.date(2024, 12, 5)]
OUTLETS = ["Telepolis", None, None, None, "ntv.de"]


def cite(n: int, quote: str, item: str, speaker: str | None = None, **kw: object) -> Citation:
    """A citation of source number `n` (1-based, as rendered)."""
    return Citation.model_validate(
        {"source": IDS[n - 1], "quote": quote, "item": f"{IDS[n - 1]}:{item}"}
        | {"speaker": speaker}
        | kw
    )


def day(expression: str, iso: str, precision: DatePrecision = DatePrecision.DAY) -> ResolvedDate:
    return ResolvedDate(expression=expression, iso=iso, precision=precision, basis="absolute")


def unresolved(expression: str) -> ResolvedDate:
    return ResolvedDate(expression=expression)


RATIFIED_KCNA = cite(
    1,
    "Nordkorea hat vergangene Woche einen gegenseitigen Verteidigungsvertrag mit Russland "
    "ratifiziert, wie die staatliche Nachrichtenagentur des Landes, KCNA, mitteilte.",
    "c1",
    "KCNA",
    certainty=Certainty.REPORTED,
)
RATIFIED_NTV = cite(5, "Im November ratifizierten beide Länder das Abkommen dann.", "c4")
IN_FORCE = cite(
    5,
    'Der Vertrag sei "ab dem 4. Dezember 2024, dem Tag des Austauschs der '
    'Ratifizierungsschreiben, in Kraft", hieß es in einer Mitteilung aus Moskau.',
    "c5",
    "Russian Foreign Ministry",
    certainty=Certainty.REPORTED,
)
SIGNED_NTV = cite(
    5,
    "Nordkoreas Machthaber Kim Jong Un und Russlands Präsident Wladimir Putin hatten das "
    "Abkommen im Juni bei einem Besuch des Kreml-Chefs in Pjöngjang unterzeichnet.",
    "d2",
)
SIGNED_3 = cite(
    3,
    "Dieser Vertragsabschluss war das Ergebnis eines Treffens zwischen Russlands Präsident "
    "Wladimir Putin und Nordkoreas Machthaber Kim Jong Un im Juni in Pjöngjang.",
    "d1",
)
FIG_3000 = cite(
    3,
    "Neue Berichte bestätigen die Entsendung von 3.000 nordkoreanischen Soldaten nach Russland, "
    "die angeblich auf eine Verstärkung der russischen Truppen gegen die Ukraine vorbereitet "
    "werden.",
    "f1",
    certainty=Certainty.ALLEGED,
)
FIG_11000 = cite(
    4,
    "Die amerikanische Zeitung berichtete, dass Kim Jong-un Russland 11.000 Soldaten geschickt "
    'habe, aber - wohl wichtiger aus Moskauer Perspektive - auch "enorme Waffenbestände".',
    "f1",
    "New York Times",
    certainty=Certainty.REPORTED,
)
FIG_AT_LEAST_11000 = cite(
    1,
    "Nach Geheimdienstinformationen aus Südkorea, den USA und der Ukraine sind mindestens "
    "11.000 nordkoreanische Soldaten an die Front gegen die ukrainischen Streitkräfte verlegt "
    "worden.",
    "f2",
    "South Korean, US and Ukrainian intelligence",
    certainty=Certainty.REPORTED,
)
FIG_RANGE = cite(
    5,
    "Pjöngjang habe zwischen 10.000 und 12.000 Soldaten in das umkämpfte Gebiet Kursk "
    "entsandt, um den Krieg in Russland zu unterstützen",
    "f1",
    "National Resistance Center (Ukraine)",
    certainty=Certainty.REPORTED,
)
FIG_MORE_THAN = cite(
    2,
    "Im Herbst hatte der ukrainische Geheimdienst geschätzt, dass die Zahl der nordkoreanischen "
    "Soldaten, die auf der Seite Russlands kämpfen, mehr als 10.000 betragen könnte.",
    "f1",
    "Ukrainian intelligence",
    certainty=Certainty.REPORTED,
)
FIG_THOUSANDS = cite(
    2,
    "Die Entsendung der Soldaten erfolgte vor einigen Monaten, als Tausende nordkoreanische "
    "Soldaten nach Russland geschickt wurden, um an der Front in der Region Kursk zu kämpfen.",
    "f2",
)
CONFIRMED_TROOPS = cite(
    2,
    "Nordkorea hat erstmals offiziell bestätigt, dass es Truppen entsandt hat, um Russland im "
    "Krieg gegen die Ukraine zu unterstützen.",
    "c1",
    "North Korea",
    relay=["Yonhap"],
)
DENIED = cite(
    2,
    "Damals bezeichnete die nordkoreanische Vertretung bei der UNO diese Informationen als "
    '"haltlose Gerüchte".',
    "c3",
    "North Korean mission to the UN",
    certainty=Certainty.DENIED,
)
NO_COMMENT = cite(
    1,
    "Moskau und Pjöngjang haben sich bisher nicht direkt zur Präsenz nordkoreanischer Soldaten "
    "in Russland geäußert.",
    "c9",
)


def finding(
    fid: str,
    kind: str,
    statement: str,
    certainty: Certainty,
    citations: list[Citation],
    date: ResolvedDate | None = None,
) -> Finding:
    return Finding.model_validate(
        {
            "id": fid,
            "kind": kind,
            "statement": statement,
            "certainty": certainty,
            "citations": citations,
            "independent_sources": len({c.source for c in citations}),
            "date": date,
        }
    )


FINDINGS = [
    finding(
        "F1",
        "claim",
        "North Korea and Russia ratified a mutual defence treaty, according to KCNA.",
        Certainty.REPORTED,
        [RATIFIED_KCNA, RATIFIED_NTV],
    ),
    finding(
        "F2",
        "event",
        "The treaty entered into force on 4 December 2024, the day the ratification documents "
        "were exchanged, Moscow said.",
        Certainty.REPORTED,
        [IN_FORCE],
        day("ab dem 4. Dezember 2024", "2024-12-04"),
    ),
    finding(
        "F3",
        "event",
        "Putin and Kim signed the treaty in Pyongyang in June.",
        Certainty.CONFIRMED,
        [SIGNED_NTV, SIGNED_3],
        day("im Juni", "2024-06", DatePrecision.MONTH),
    ),
    finding(
        "F4",
        "figure",
        "New reports allegedly confirm that 3,000 North Korean soldiers were sent to Russia.",
        Certainty.ALLEGED,
        [FIG_3000],
    ),
    finding(
        "F5",
        "figure",
        "North Korea has sent 11,000 soldiers to Russia, the New York Times reported; "
        "intelligence services say at least 11,000.",
        Certainty.REPORTED,
        [FIG_11000, FIG_AT_LEAST_11000],
    ),
    finding(
        "F6",
        "figure",
        "Pyongyang reportedly sent between 10,000 and 12,000 soldiers to the Kursk region.",
        Certainty.REPORTED,
        [FIG_RANGE],
    ),
    finding(
        "F7",
        "figure",
        "In autumn, Ukrainian intelligence estimated more than 10,000 North Korean soldiers "
        "fighting for Russia.",
        Certainty.REPORTED,
        [FIG_MORE_THAN],
    ),
    finding(
        "F8",
        "claim",
        "North Korea has officially confirmed for the first time that it sent troops to support "
        "Russia.",
        Certainty.CONFIRMED,
        [CONFIRMED_TROOPS],
    ),
    finding(
        "F9",
        "claim",
        "North Korea's UN mission called the reports of its soldiers in Russia baseless rumours.",
        Certainty.DENIED,
        [DENIED],
    ),
    finding(
        "F10",
        "claim",
        "Moscow and Pyongyang have not commented directly on North Korean soldiers in Russia.",
        Certainty.CONFIRMED,
        [NO_COMMENT],
    ),
    finding(
        "F11",
        "figure",
        "Thousands of North Korean soldiers were sent to fight in the Kursk region months ago.",
        Certainty.CONFIRMED,
        [FIG_THOUSANDS],
    ),
]

SOLDIERS = "North Korean soldiers sent to Russia"


def entry(
    fid: str, amount: str, quantity: Quantity, citation: Citation, **kw: object
) -> SeriesEntry:
    return SeriesEntry.model_validate(
        {"finding_id": fid, "amount": amount, "quantity": quantity, "citation": citation}
        | {"speaker": citation.speaker}
        | kw
    )


SERIES = FigureSeries(
    id="S1",
    counted=SOLDIERS,
    unit="soldiers",
    classification="conflict",
    explanation="3,000 lies far below the 10,000–12,000 range and the 11,000 reported by others.",
    entries=[
        entry(
            "F4",
            "3.000",
            Quantity(kind="exact", value=3000, text="3.000"),
            FIG_3000,
            date=day("24. Oktober, 2024", "2024-10-21", DatePrecision.WEEK),
        ),
        entry(
            "F7",
            "mehr als 10.000",
            Quantity(kind="lower_bound", low=10000, text="mehr als 10.000"),
            FIG_MORE_THAN,
            date=unresolved("Im Herbst"),
        ),
        entry("F5", "11.000", Quantity(kind="exact", value=11000, text="11.000"), FIG_11000),
        entry(
            "F6",
            "zwischen 10.000 und 12.000",
            Quantity(kind="range", low=10000, high=12000, text="zwischen 10.000 und 12.000"),
            FIG_RANGE,
            scope="Kursk region",
            date=day("05.12.2024", "2024-12-05"),
        ),
        entry("F11", "Tausende", Quantity(kind="vague", text="Tausende"), FIG_THOUSANDS),
    ],
)


def make_briefing() -> Briefing:
    """A fresh full briefing (deep-copied, so tests may mutate it)."""
    sources = [
        Source(
            id=IDS[i],
            title=TITLES[i],
            path=f"seeds/{i:03d}_{IDS[i]}.txt",
            outlet=OUTLETS[i],
            published=PUBLISHED[i],
            language="de",
        )
        for i in range(5)
    ]
    briefing = Briefing(
        title="North Korean troops in Russia and the Moscow–Pyongyang treaty",
        generated_at=dt.datetime(2024, 12, 6, 9, 30, tzinfo=dt.UTC),
        sources=sources,
        summary=[
            SummarySentence(
                text="North Korea and Russia have ratified a mutual defence treaty, which "
                "entered into force on 4 December 2024.",
                finding_ids=["F1", "F2"],
            ),
            SummarySentence(
                text="Estimates of the North Korean soldiers sent to Russia range from 3,000 "
                "to 12,000.",
                finding_ids=["F4", "F5", "F6"],
            ),
            SummarySentence(
                text="Pyongyang has confirmed the deployment, after its UN mission had called "
                "such reports rumours.",
                finding_ids=["F8", "F9"],
            ),
        ],
        findings=FINDINGS,
        figure_series=[SERIES],
        contradictions=[
            Contradiction(
                id="X1",
                finding_ids=("F8", "F10"),
                explanation="Sources disagree on whether Pyongyang has acknowledged the troops",
            )
        ],
        timeline=[
            TimelineEntry(
                date=day("im Juni", "2024-06", DatePrecision.MONTH),
                finding_id="F3",
                event="Putin and Kim signed the treaty in Pyongyang.",
                citations=[SIGNED_NTV, SIGNED_3],
            ),
            TimelineEntry(
                date=day("24. Oktober, 2024", "2024-10-21", DatePrecision.WEEK),
                finding_id="F4",
                event="New reports of 3,000 North Korean soldiers in Russia.",
                citations=[FIG_3000],
            ),
            TimelineEntry(
                date=day("ab dem 4. Dezember 2024", "2024-12-04"),
                finding_id="F2",
                event="The treaty entered into force.",
                citations=[IN_FORCE],
            ),
        ],
        undated=[
            TimelineEntry(
                date=unresolved("vergangene Woche"),
                finding_id="F1",
                event="North Korea ratified the defence treaty.",
                citations=[RATIFIED_KCNA],
            ),
            TimelineEntry(
                date=unresolved("Im Herbst"),
                finding_id="F7",
                event="Ukrainian intelligence estimated more than 10,000 soldiers.",
                citations=[FIG_MORE_THAN],
            ),
        ],
        changes=[
            Change(kind="new", ref="F8", explanation="no earlier source"),
            Change(kind="changed", ref="S1", explanation="earlier 3.000; now 10.000–12.000"),
            Change(kind="contradicted", ref="X1", explanation="Pyongyang's silence is contested"),
        ],
        failures=[Failure(input="https://example.org/paywalled", reason="HTTP 403 Forbidden")],
        quality=QualityReport(
            sources=5,
            findings=11,
            items=42,
            grounded_exact=39,
            grounding_rate=39 / 42,
            cited_sentence_share=1.0,
            conflicts=1,
            contradictions=1,
            calls=7,
            cache_hits=2,
            prompt_tokens=18234,
            completion_tokens=3120,
            cost_usd=0.0046,
        ),
    )
    return briefing.model_copy(deep=True)


class Page(HTMLParser):
    """Elements (tag, attributes) and the text of an HTML page, via the stdlib parser."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        """Attributes of each `tag` element whose attributes include `attrs`."""
        return [
            found
            for name, found in self.elements
            if name == tag and all(found.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]


class Passages(HTMLParser):
    """Each `<details class="cite">` of a page: its label, marked quotes and links."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[dict[str, list[str]]] = []
        self._depth = 0
        self._into: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "details" and named.get("class") == "cite":
            self.found.append({"label": [], "quotes": [], "links": [], "text": []})
            self._depth = 1
            return
        if not self._depth:
            return
        if tag == "details":
            self._depth += 1
        self._into = {"summary": "label", "mark": "quotes"}.get(tag, self._into)
        if tag == "a":
            self.found[-1]["links"].append(named.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag == "details":
            self._depth -= 1
        if tag in ("summary", "mark"):
            self._into = None

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.found[-1]["text"].append(data)
            if self._into:
                self.found[-1][self._into].append(data)


def make_story_briefing() -> Briefing:
    """The briefing as two stories (treaty, troops), with a narrower series part of S1,
    a translated and a reprinted source, and one source with an https URL."""
    briefing = make_briefing()
    briefing.sources[3].url = "https://example.org/kim-putin"
    treaty = Story(
        id="T1",
        title="Moscow and Pyongyang ratify their defence treaty",
        source_ids=[IDS[0], IDS[2], IDS[4]],
        independent_sources=3,
        finding_ids=["F1", "F2", "F3"],
        top_finding_ids=["F1", "F2"],
    )
    troops = Story(
        id="T2",
        title="North Korean soldiers in Russia",
        source_ids=[IDS[1], IDS[3], IDS[4]],
        independent_sources=2,
        finding_ids=["F5", "F6", "F4", "F7", "F8", "F9", "F10", "F11"],
        top_finding_ids=["F5", "F6", "F4", "F8", "F9", "F10"],
        figure_series_ids=["S1", "S2"],
        contradiction_ids=["X1"],
        summary=[SummarySentence(text="Pyongyang confirmed sending troops.", finding_ids=["F8"])],
    )
    kursk = SERIES.model_copy(deep=True)
    kursk.id, kursk.scope, kursk.part_of = "S2", "Kursk region", "S1"
    kursk.classification = "single"
    kursk.entries = [e for e in kursk.entries if e.finding_id == "F6"]
    briefing.figure_series.append(kursk)
    briefing.stories = [treaty, troops]
    briefing.copies = [
        SourceCopy(source=IDS[3], original=IDS[1], kind="translation"),
        SourceCopy(source=IDS[2], original=IDS[0], kind="reprint"),
    ]
    return briefing


SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"


def make_hostile_briefing() -> Briefing:
    """The briefing with markup and a `javascript:` URL in article-derived fields."""
    briefing = make_briefing()
    briefing.title = f"{SCRIPT} Briefing"
    briefing.sources[0].title = f"{SCRIPT} {TITLES[0]}"
    briefing.sources[1].outlet = f'"><b>{IMG}'
    briefing.sources[2].url = "javascript:document.body.setAttribute('data-pwned','1')"
    hostile = briefing.findings[0].citations[0]
    hostile.quote = f'{IMG} Er sagte: "Bündnis" & mehr'
    briefing.findings[0].statement = f"{SCRIPT} Treaty ratified."
    briefing.figure_series[0].entries[0].citation.quote = f"{SCRIPT} 3.000"
    briefing.timeline[0].event = f"{IMG} Signed."
    briefing.failures[0].reason = SCRIPT
    return briefing

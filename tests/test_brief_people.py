"""build_brief's people-and-organisations and who-said-what sections, from hand-made stages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsprism.brief import build_brief, render_markdown
from newsprism.brief._build import (
    MAX_ENTITIES,
    MAX_QUOTES_PER_SPEAKER,
    MAX_SPEAKERS,
    _sentence_containing,
)
from newsprism.models import (
    Article,
    Brief,
    CopyKind,
    Entity,
    Mention,
    Quote,
    SourceGroup,
    SpeechKind,
    Story,
)

DIRECT = SpeechKind.DIRECT
INDIRECT = SpeechKind.INDIRECT

# id -> (outlet, hour published, text); numbered [1]..[4] in publication order. a9 is
# another story's article: nothing from it may reach the brief.
ARTICLES = {
    "a1": ("Harbour Wire", 7, '"We will rebuild the bridge," Peter Hallier said.'),
    "a2": ("Daily Courier", 8, '"We will rebuild the bridge," Peter Hallier said.'),
    "a3": ("Polesk Post", 9, "Peter Haller, the mayor, vowed: we will rebuild the bridge!"),
    "a4": (
        "Radio East",
        10,
        "Divers searched all night.\n"
        "Officials met at dawn. Mayor Hallier said the council had ignored warnings. "
        "He spoke to reporters.",
    ),
    "a9": ("Elsewhere Times", 11, "Piotr Halier, the former mayor, opened a bakery."),
}
STORY = Story("s1", ["a1", "a2", "a3", "a4"], "Polesk bridge collapse")


def _article(article_id: str) -> Article:
    outlet, hour, text = ARTICLES[article_id]
    return Article(
        id=article_id,
        origin=f"/data/{article_id}.txt",
        title=f"{outlet} on the bridge",
        text=text,
        outlet=outlet,
        url=f"https://example.org/{article_id}",
        published=datetime(2024, 5, 2, hour, tzinfo=UTC),
    )


def _groups() -> list[SourceGroup]:
    copies = SourceGroup(
        "g1", "a1", {"a1": CopyKind.ORIGINAL, "a2": CopyKind.COPY}, similarity={"a2": 0.99}
    )
    return [copies] + [SourceGroup(f"g{a[1]}", a, {a: CopyKind.ORIGINAL}) for a in ("a3", "a4")]


def _mention(text: str, article_id: str, label: str = "PERSON", role: str | None = None) -> Mention:
    return Mention(text, label, article_id, 0, role)


def _entities() -> list[Entity]:
    council = Entity(
        "council",
        "Polesk City Council",
        "ORG",
        [_mention("Polesk City Council", a, "ORG") for a in ("a1", "a3", "a4")],
    )
    hallier = Entity(
        "hallier",
        "Peter Hallier",
        "PERSON",
        [
            _mention("Peter Hallier", "a1", role="mayor of Polesk"),
            _mention("Peter Hallier", "a2", role="mayor of Polesk"),
            _mention("Peter Haller", "a3", role="mayor"),
            _mention("Mayor Hallier", "a4", role="mayor of Polesk"),
            # another story: neither its role nor its misspelling belongs in this brief
            *[_mention("Piotr Halier", "a9", role="former mayor") for _ in range(4)],
        ],
        suspect_forms=frozenset({"Peter Haller", "Piotr Halier"}),
    )
    sorokina = Entity(
        "sorokina",
        "Nadia Sorokina",
        "PERSON",
        [_mention("Nadia Sorokina", "a3", role="ministry spokeswoman")],
    )
    petrov = Entity("petrov", "Ivan Petrov", "PERSON", [_mention("Ivan Petrov", "a4")])
    polesk = Entity("polesk", "Polesk", "PLACE", [_mention("Polesk", a, "GPE") for a in ARTICLES])
    # deliberately not in display order: an organisation and a place come first
    return [council, polesk, hallier, sorokina, petrov]


def _quote(
    article_id: str,
    text: str,
    kind: SpeechKind = DIRECT,
    speaker: str | None = "Peter Hallier",
    speaker_id: str | None = "hallier",
    sentence: int = 0,
    channel: str | None = None,
) -> Quote:
    return Quote(
        article_id, (sentence,), text, kind, speaker, channel=channel, speaker_id=speaker_id
    )


def _quotes() -> list[Quote]:
    return [
        # listed out of order on purpose; a4's indirect quote must still come after direct ones
        _quote("a4", "the council had ignored warnings", INDIRECT, "Mayor Hallier", sentence=2),
        _quote("a2", "We will rebuild the bridge,"),  # a word-for-word copy of a1's
        _quote("a1", "We will rebuild the bridge,"),
        _quote("a3", "we will rebuild the bridge!", speaker="Peter Haller"),  # independent
        _quote("a4", "Nobody is to blame yet.", speaker="Hallier", sentence=3, channel="Telegram"),
        _quote("a1", "two people were missing", INDIRECT, "police", None),
        _quote("a3", "Divers are searching the river.", DIRECT, "The police", None),
        _quote("a3", "The ministry is sending engineers.", DIRECT, "she", "sorokina"),
        _quote("a4", "the bridge was old", INDIRECT, "a ministry official", "unknown-id"),
        _quote("a4", "Nobody knows yet.", DIRECT, None, None),  # no speaker: dropped
        _quote("a9", "The bakery opens Monday.", DIRECT, "Piotr Halier"),  # other story
    ]


def _build(quotes: list[Quote] | None = None, entities: list[Entity] | None = None) -> Brief:
    return build_brief(
        STORY,
        [_article(a) for a in ARTICLES],
        _groups(),
        [],
        [],
        _entities() if entities is None else entities,
        quotes=_quotes() if quotes is None else quotes,
    )


@pytest.fixture
def brief() -> Brief:
    return _build()


# --------------------------------------------------------------------------- people


def test_people_first_then_organisations_places_and_rare_names_left_out(brief: Brief) -> None:
    assert [(e.name, e.label) for e in brief.entities] == [
        ("Peter Hallier", "PERSON"),
        ("Nadia Sorokina", "PERSON"),  # one mention, but quoted: always kept
        ("Polesk City Council", "ORG"),
    ]  # Ivan Petrov (one mention, never quoted) and the place Polesk are not listed


def test_entity_variants_roles_and_probable_misspelling(brief: Brief) -> None:
    hallier = brief.entities[0]
    assert hallier.variants == {"Peter Hallier": [1, 2], "Mayor Hallier": [4], "Peter Haller": [3]}
    assert hallier.mentions == 4  # a9's mentions belong to another story
    assert hallier.roles == ["mayor of Polesk", "mayor"]  # most common first, this story only
    assert hallier.suspect_variants == ["Peter Haller"]  # "Piotr Halier" is not in the story
    council = brief.entities[2]
    assert council.roles == [] and council.suspect_variants == []
    assert council.variants == {"Polesk City Council": [1, 3, 4]}


def test_entity_cap_keeps_quoted_speakers(brief: Brief) -> None:
    many = [
        Entity(f"org{i:02}", f"Agency {i:02}", "ORG", [_mention(f"Agency {i:02}", "a1", "ORG")] * 2)
        for i in range(MAX_ENTITIES + 5)
    ]
    late = Entity("late", "Late Agency", "ORG", [_mention("Late Agency", "a4", "ORG")])
    spoke = _quote("a4", "Statement follows.", DIRECT, "Late Agency", "late")
    built = _build([spoke], [*many, late])
    names = [e.name for e in built.entities]
    assert len(names) == MAX_ENTITIES
    assert names[-1] == "Late Agency"  # one mention and last in line, but quoted
    assert names[:-1] == [f"Agency {i:02}" for i in range(MAX_ENTITIES - 1)]


# --------------------------------------------------------------------------- who said what


def test_speakers_grouped_and_ordered_by_quote_count_then_name(brief: Brief) -> None:
    assert [(s.name, s.role, len(s.quotes)) for s in brief.who_said_what] == [
        ("Peter Hallier", "mayor of Polesk", 4),  # canonical name and most common role
        ("police", None, 2),  # "police" and "The police" are one unnamed speaker
        ("a ministry official", None, 1),  # unresolved speaker id: grouped by its naming
        ("Nadia Sorokina", "ministry spokeswoman", 1),  # "she", resolved to the entity
    ]
    said = [q.text for s in brief.who_said_what for q in s.quotes]
    assert "Nobody knows yet." not in said  # no speaker
    assert "The bakery opens Monday." not in said  # another story


def test_copies_of_one_source_quoted_once_from_lowest_number(brief: Brief) -> None:
    hallier = brief.who_said_what[0]
    rebuild = [q for q in hallier.quotes if "rebuild" in q.text.lower()]
    # a2 copies a1 word for word: kept once, from [1]; a3 is an independent source
    assert [(q.citation.source, q.citation.outlet) for q in rebuild] == [
        (1, "Harbour Wire"),
        (3, "Polesk Post"),
    ]


def test_a_copys_reworded_quote_is_not_a_second_quote() -> None:
    quotes = [
        _quote("a1", "We will rebuild the bridge,"),
        _quote("a2", "We are going to build the bridge again,"),  # a2 is a copy of a1
    ]
    brief = _build(quotes)
    (hallier,) = brief.who_said_what
    assert [(q.text, q.citation.source) for q in hallier.quotes] == [
        ("We will rebuild the bridge,", 1)
    ]


def test_direct_quotes_first_with_citations_and_channel(brief: Brief) -> None:
    hallier = brief.who_said_what[0]
    assert [(q.kind, q.citation.source, q.channel) for q in hallier.quotes] == [
        ("direct", 1, None),
        ("direct", 3, None),
        ("direct", 4, "Telegram"),
        ("indirect", 4, None),
    ]
    direct, indirect = hallier.quotes[0], hallier.quotes[3]
    assert direct.text == "We will rebuild the bridge,"
    assert direct.citation.sentence == direct.text  # direct speech cites the words
    assert direct.citation.article_id == "a1"
    assert direct.citation.url == "https://example.org/a1"
    # indirect speech cites the article's sentence that reports it
    assert indirect.citation.sentence == "Mayor Hallier said the council had ignored warnings."


def test_indirect_quote_not_found_in_article_cites_its_own_text(brief: Brief) -> None:
    official = brief.who_said_what[2]
    assert official.quotes[0].citation.sentence == "the bridge was old"


@pytest.mark.parametrize(
    ("fragment", "sentence"),
    [
        ("repairs would start", 'Mr. Hallier said repairs would start "soon."'),
        ("nobody was", "Police said nobody was hurt."),
        ("not in the text", None),
    ],
)
def test_indirect_citation_sentence_from_article_text(fragment: str, sentence: str | None) -> None:
    text = (
        "A bridge fell.\n"
        'Rain fell overnight. Mr. Hallier said repairs would start "soon." Police said nobody '
        "was hurt."
    )
    assert _sentence_containing(text, fragment) == sentence


def test_speaker_and_quote_caps() -> None:
    crowd = [
        _quote("a3", f"Statement number {i}.", DIRECT, f"witness {i:02}", None)
        for i in range(MAX_SPEAKERS + 5)
    ]
    talkative = [_quote("a1", f"point {i}", INDIRECT, sentence=i) for i in range(5)]
    talkative += [_quote("a4", f"Direct {i}.", DIRECT, sentence=10 + i) for i in range(4)]
    built = _build(crowd + talkative)
    assert len(built.who_said_what) == MAX_SPEAKERS
    top = built.who_said_what[0]
    assert top.name == "Peter Hallier"  # nine quotes before the cap: ranked first
    assert len(top.quotes) == MAX_QUOTES_PER_SPEAKER
    assert [q.text for q in top.quotes] == [f"Direct {i}." for i in range(4)] + [
        "point 0",
        "point 1",
    ]
    assert [s.name for s in built.who_said_what[1:]] == [
        f"witness {i:02}" for i in range(MAX_SPEAKERS - 1)
    ]


def test_without_quotes_the_section_is_empty() -> None:
    built = build_brief(STORY, [_article(a) for a in ARTICLES], _groups(), [], [], _entities())
    assert built.who_said_what == []
    assert "Nadia Sorokina" not in [e.name for e in built.entities]  # no longer quoted
    assert "Who said what" not in render_markdown(built)


def test_markdown_of_built_brief(brief: Brief) -> None:
    md = render_markdown(brief)
    assert (
        "- **Peter Hallier**, mayor of Polesk (person, 4 mentions): Peter Hallier [1] [2]; "
        "Mayor Hallier [4]; Peter Haller [3] — probable misspelling"
    ) in md
    said = md.split("## Who said what\n", 1)[1].split("\n## ", 1)[0]
    assert said.strip().splitlines()[:7] == [
        "**Peter Hallier**, mayor of Polesk",
        "",
        "- “We will rebuild the bridge” — Harbour Wire [1]",
        "- “we will rebuild the bridge!” — Polesk Post [3]",
        "- “Nobody is to blame yet.” — Radio East [4], via Telegram",
        "- said that the council had ignored warnings — Radio East [4]",
        "",
    ]
    assert "**Nadia Sorokina**, ministry spokeswoman" in said


def test_passages_not_read_are_listed_with_their_source() -> None:
    from newsprism.brief import render_html
    from newsprism.models import SkippedPassage

    skipped = {
        "a3": [SkippedPassage(2, "Burmistrz powiedział, że most <b>", "not English (pl)", "pl")]
    }
    brief = build_brief(
        STORY, [_article(a) for a in ARTICLES], _groups(), [], [], _entities(), skipped=skipped
    )
    notes = {s.number: s.not_read for s in brief.sources}
    assert notes[3] == ["paragraph 3, not English (pl): “Burmistrz powiedział, że most <b>…”"]
    assert notes[1] == [] and notes[4] == []
    assert "not read: paragraph 3, not English (pl)" in render_markdown(brief)
    html = render_html(brief)
    assert "not read: paragraph 3, not English (pl)" in html
    assert "most &lt;b&gt;" in html and "most <b>" not in html


def test_roles_come_from_original_reports_over_copies() -> None:
    hydro = Entity(
        "hydro",
        "Lesna Hydro",
        "ORG",
        [
            _mention("Lesna Hydro", "a1", "ORG", role="state company"),
            _mention("Lesna Hydro", "a2", "ORG", role="company of state"),  # a2 copies a1
            _mention("Lesna Hydro", "a4", "ORG"),
        ],
    )
    brief = build_brief(STORY, [_article(a) for a in ARTICLES], _groups(), [], [], [hydro])
    (entity,) = brief.entities
    assert entity.roles == ["state company"]
    # when no original gives a role, a copy's role is still not used
    hydro.mentions[0] = _mention("Lesna Hydro", "a1", "ORG")
    brief = build_brief(STORY, [_article(a) for a in ARTICLES], _groups(), [], [], [hydro])
    (entity,) = brief.entities
    assert entity.roles == []

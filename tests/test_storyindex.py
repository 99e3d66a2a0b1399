"""Incremental story clustering (newsprism.storyindex) on invented news reports."""

from __future__ import annotations

import hashlib
import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from newsprism.models import Article
from newsprism.storyindex import (
    FLAG_FUTURE,
    FLAG_TEMPLATE,
    FLAG_UNDATED,
    StoryIndex,
    StoryParams,
    group_stories,
)

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def clock() -> datetime:
    return NOW


def article(article_id: str, title: str, text: str, published: datetime | None = None) -> Article:
    return Article(
        id=article_id,
        origin=f"test/{article_id}",
        title=title,
        text=text,
        outlet=f"Outlet {article_id}",
        published=published,
    )


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


# --------------------------------------------------------------------------- reports

# Background reports on unrelated subjects, so that word statistics are not empty.
BACKGROUND = [
    article(
        "bg-budget",
        "Parliament passes Tellaria budget after long night session",
        "The Tellarian parliament approved the 2026 budget early on Wednesday after a "
        "session that lasted through the night.\nFinance minister Oskar Brandvold said "
        "spending on schools and rail lines would rise by 4 percent.\nThe opposition "
        "Civic Union voted against, calling the deficit target unrealistic.",
        at(4),
    ),
    article(
        "bg-football",
        "Kestrel United win cup final on penalties",
        "Kestrel United beat Harrow Athletic on penalties to win the national cup "
        "final at Lindholm stadium.\nGoalkeeper Teo Marsk saved two spot kicks after a "
        "1-1 draw.\nAbout 38,000 supporters watched the match in heavy rain.",
        at(5),
    ),
    article(
        "bg-science",
        "Astronomers find water ice on distant moon",
        "Astronomers at the Orvik observatory reported signs of water ice on a moon "
        "orbiting a gas giant.\nThe team led by Dr Hanne Solberg used infrared "
        "measurements taken over three years.\nThe findings were published in a journal "
        "on Monday.",
        at(6),
    ),
    article(
        "bg-markets",
        "Shares in Norvale Bank fall after profit warning",
        "Shares in Norvale Bank dropped 12 percent after the lender cut its profit "
        "forecast.\nChief executive Lisbet Aamodt blamed higher funding costs and loan "
        "losses in commercial property.\nAnalysts expect the bank to reduce its dividend.",
        at(7),
    ),
]

FLOOD_DRAVSK = [
    article(
        "dravsk-1",
        "Olsa river floods Dravsk, 340 homes under water",
        "The Olsa river burst its banks in Dravsk on Thursday night after two days of "
        "heavy rain, flooding 340 homes in the old town.\nMayor Nadia Sorokina said 1,200 "
        "residents were evacuated to the Dravsk sports hall.\nFirefighters used boats to "
        "reach families trapped on Kolmar Street.\nThe regional water authority said the "
        "Olsa peaked at 6.8 metres, the highest level since 1997.",
        at(12, 7),
    ),
    article(
        "dravsk-2",
        "Dravsk evacuates 1,200 as Olsa bursts its banks",
        "About 1,200 people were moved out of their homes in Dravsk after the Olsa river "
        "overflowed overnight.\nMayor Nadia Sorokina told reporters that 340 houses were "
        "flooded and the sports hall was turned into a shelter.\nRescue crews in boats "
        "pulled residents from Kolmar Street, where water reached the first floors.\nThe "
        "river crest of 6.8 metres was the highest since 1997, the water authority said.",
        at(12, 11),
    ),
    article(
        "dravsk-3",
        "Clean-up begins in flooded Dravsk",
        "Residents of Dravsk began pumping water out of cellars as the Olsa river fell "
        "back on Saturday.\nMayor Nadia Sorokina said the 340 flooded homes would be "
        "inspected before families return from the sports hall.\nVolunteers cleared mud "
        "from Kolmar Street and the old town square.",
        at(14, 10),
    ),
]

FLOOD_VELMAR = [
    article(
        "velmar-1",
        "Tesna river floods Velmar, 85 homes damaged",
        "The Tesna river overflowed in Velmar on Thursday after heavy rain, damaging 85 "
        "homes near the railway bridge.\nMayor Jonas Kettel said 260 residents spent the "
        "night in the Velmar school gym.\nFirefighters pumped water from the Brekke Road "
        "underpass.\nThe Tesna rose to 3.1 metres, a level last seen in 2011.",
        at(12, 8),
    ),
    article(
        "velmar-2",
        "Velmar shelters 260 as Tesna overflows",
        "Some 260 Velmar residents were sheltered in the school gym after the Tesna river "
        "flooded 85 houses.\nMayor Jonas Kettel praised volunteers who filled sandbags "
        "along Brekke Road.\nThe river reached 3.1 metres at the railway bridge, its "
        "highest since 2011.",
        at(12, 13),
    ),
    article(
        "velmar-3",
        "Velmar counts flood damage as Tesna recedes",
        "Officials in Velmar began counting the damage on Friday as the Tesna river "
        "receded.\nMayor Jonas Kettel said the 85 damaged homes near the railway bridge "
        "would get emergency grants.\nBrekke Road reopened to traffic in the afternoon.",
        at(13, 15),
    ),
]

# Same people, same town, a different event three weeks apart.
BRAWL = article(
    "ardenne-brawl",
    "Councillor Piet Ardenne arrested after brawl at Keldor harbour",
    "Keldor councillor Piet Ardenne was arrested after a fight outside the Anchor bar at "
    "Keldor harbour on Saturday night.\nPolice said Ardenne and harbour master Rune "
    "Ostby were both questioned.\nArdenne, who chairs the Keldor harbour committee, denied "
    "starting the fight.\nHarbour master Rune Ostby declined to comment.",
    at(1, 22),
)
WAREHOUSE = [
    article(
        "ardenne-fire-1",
        "Councillor Piet Ardenne questioned over Keldor harbour warehouse fire",
        "Keldor councillor Piet Ardenne was questioned by police after a fire destroyed "
        "a harbour warehouse on Saturday.\nHarbour master Rune Ostby said the warehouse "
        "held 40 tonnes of fishing nets.\nArdenne, who chairs the Keldor harbour committee, "
        "said he had nothing to do with the fire.\nPolice said Rune Ostby and Ardenne "
        "were both at the harbour that night.",
        at(21, 22),
    ),
    article(
        "ardenne-fire-2",
        "Keldor warehouse fire: police question councillor Ardenne",
        "Police in Keldor questioned councillor Piet Ardenne after a warehouse on the "
        "harbour burned down on Saturday night.\nThe warehouse stored 40 tonnes of fishing "
        "nets, harbour master Rune Ostby said.\nArdenne, chair of the Keldor harbour "
        "committee, denied any part in the fire.",
        at(22, 9),
    ),
]


def index_with(*groups: list[Article]) -> StoryIndex:
    index = StoryIndex(clock=clock)
    for group in groups:
        for item in group:
            index.add(item)
    return index


# --------------------------------------------------------------------------- joining


def test_two_reports_of_one_event_join() -> None:
    index = index_with(BACKGROUND)
    first = index.add(FLOOD_DRAVSK[0])
    second = index.add(FLOOD_DRAVSK[1])
    assert second == first
    assert index.story_of("dravsk-2") == index.story_of("dravsk-1")
    # The background reports stayed on their own.
    assert all(index.story_of(a.id) != first for a in BACKGROUND)


def test_story_ids_derive_from_the_first_article_and_are_stable() -> None:
    runs = [index_with(BACKGROUND, FLOOD_DRAVSK) for _ in range(2)]
    story = runs[0].story_of("dravsk-1")
    assert story == "s-" + hashlib.sha1(b"dravsk-1").hexdigest()[:12]
    assert [s.id for s in runs[0].stories()] == [s.id for s in runs[1].stories()]


def test_similar_event_in_another_town_stays_apart() -> None:
    index = index_with(BACKGROUND, FLOOD_DRAVSK, FLOOD_VELMAR)
    dravsk = {index.story_of(a.id) for a in FLOOD_DRAVSK}
    velmar = {index.story_of(a.id) for a in FLOOD_VELMAR}
    assert len(dravsk) == 1
    assert len(velmar) == 1
    assert dravsk != velmar
    largest = index.stories()[:2]
    assert sorted(len(s.article_ids) for s in largest) == [3, 3]


def test_earlier_incident_with_the_same_people_stays_apart() -> None:
    index = index_with(BACKGROUND, [BRAWL], WAREHOUSE)
    fire = index.story_of("ardenne-fire-1")
    assert index.story_of("ardenne-fire-2") == fire
    assert index.story_of("ardenne-brawl") != fire


def test_the_date_gap_is_what_keeps_the_earlier_incident_apart() -> None:
    # Control: the same brawl report dated the day of the fire is close enough to join,
    # so it is the 20-day gap, not the wording, that separates the two events above.
    same_day = article(BRAWL.id, BRAWL.title, BRAWL.text, WAREHOUSE[0].published)
    index = index_with(BACKGROUND, WAREHOUSE, [same_day])
    assert index.story_of("ardenne-brawl") == index.story_of("ardenne-fire-1")
    # And with the real date it opens its own story even when it arrives last.
    index = index_with(BACKGROUND, WAREHOUSE, [BRAWL])
    assert index.story_of("ardenne-brawl") != index.story_of("ardenne-fire-1")


def test_an_overwhelming_match_joins_across_the_date_gap() -> None:
    # The brawl report republished word for word three weeks later is the same story.
    republished = article("ardenne-brawl-again", BRAWL.title, BRAWL.text, at(1, 22) + 21 * DAY)
    index = index_with(BACKGROUND, [BRAWL], WAREHOUSE, [republished])
    assert index.story_of("ardenne-brawl-again") == index.story_of("ardenne-brawl")
    assert index.story_of("ardenne-brawl") != index.story_of("ardenne-fire-1")


def test_story_title_is_the_headline_of_the_earliest_dated_report() -> None:
    index = index_with(BACKGROUND, [FLOOD_DRAVSK[1], FLOOD_DRAVSK[0]])
    story = next(s for s in index.stories() if "dravsk-1" in s.article_ids)
    assert story.article_ids == ["dravsk-2", "dravsk-1"]  # order of arrival
    assert story.title == FLOOD_DRAVSK[0].title  # published four hours earlier


def test_group_stories_adds_in_publication_order_with_undated_last() -> None:
    undated = article("dravsk-undated", FLOOD_DRAVSK[2].title, FLOOD_DRAVSK[2].text)
    articles = [*FLOOD_VELMAR, undated, *reversed(FLOOD_DRAVSK), *BACKGROUND]
    stories = group_stories(articles)
    by_article = {a: s for s in stories for a in s.article_ids}
    dravsk = by_article["dravsk-1"]
    assert set(dravsk.article_ids) == {"dravsk-1", "dravsk-2", "dravsk-3", "dravsk-undated"}
    assert dravsk.article_ids[-1] == "dravsk-undated"
    assert dravsk.title == FLOOD_DRAVSK[0].title
    assert by_article["velmar-1"] is not dravsk
    assert [len(s.article_ids) for s in stories][:2] == [4, 3]  # largest first


# --------------------------------------------------------------------------- dates


def test_undated_article_is_placed_by_content_and_flagged() -> None:
    index = index_with(BACKGROUND, FLOOD_DRAVSK[:2], FLOOD_VELMAR[:2])
    undated = article("velmar-undated", FLOOD_VELMAR[2].title, FLOOD_VELMAR[2].text)
    assert index.add(undated) == index.story_of("velmar-1")
    assert index.flags() == {"velmar-undated": FLAG_UNDATED}


def test_future_and_1970_dates_are_flagged_and_ignored() -> None:
    index = index_with(BACKGROUND, FLOOD_DRAVSK[:2])
    future = article("dravsk-future", FLOOD_DRAVSK[2].title, FLOOD_DRAVSK[2].text, NOW + 40 * DAY)
    epoch = article(
        "dravsk-epoch",
        "Dravsk mayor asks for army help after Olsa flood",
        "Mayor Nadia Sorokina asked the army for pumps and lorries as the Olsa river kept "
        "340 homes in Dravsk under water.\nThe 1,200 evacuated residents stayed a second "
        "night in the sports hall.\nSoldiers began laying sandbags along Kolmar Street.",
        datetime(1970, 1, 1, tzinfo=UTC),
    )
    story = index.story_of("dravsk-1")
    # Taken at face value both dates are far more than a week from the story; they join
    # it all the same because their dates are not trusted and the content matches.
    assert index.add(future) == story
    assert index.add(epoch) == story
    flags = index.flags()
    assert flags["dravsk-future"] == FLAG_FUTURE
    assert flags["dravsk-epoch"] == FLAG_TEMPLATE
    # The story's title still comes from the earliest trustworthy date.
    title = next(s.title for s in index.stories() if s.id == story)
    assert title == FLOOD_DRAVSK[0].title


def test_one_timestamp_shared_across_stories_is_a_template_date() -> None:
    stamp = datetime(2026, 3, 2, 14, 37, 5, tzinfo=UTC)
    template = [
        article(a.id + "-t", a.title, a.text, stamp)
        for a in (BACKGROUND[0], BACKGROUND[1], BACKGROUND[2], FLOOD_VELMAR[0])
    ]
    index = index_with(BACKGROUND[3:], FLOOD_DRAVSK, template)
    flags = index.flags()
    assert {a.id for a in template} <= set(flags)
    assert all(flags[a.id] == FLAG_TEMPLATE for a in template)
    # A later article with that stamp is flagged at once and placed by content: the
    # Velmar report joins Velmar's template-dated report despite the 10-day "gap".
    late = article("velmar-2-t", FLOOD_VELMAR[1].title, FLOOD_VELMAR[1].text, stamp)
    assert index.add(late) == index.story_of("velmar-1-t")
    assert index.flags()["velmar-2-t"] == FLAG_TEMPLATE
    assert not {a.id for a in FLOOD_DRAVSK} & set(index.flags())


def test_copies_sharing_one_timestamp_are_not_a_template() -> None:
    stamp = FLOOD_DRAVSK[0].published
    copies = [
        article(f"copy-{n}", FLOOD_DRAVSK[0].title, FLOOD_DRAVSK[0].text, stamp) for n in range(5)
    ]
    index = index_with(BACKGROUND, copies)
    assert len({index.story_of(c.id) for c in copies}) == 1
    assert index.flags() == {}


# --------------------------------------------------------------------------- short


SHORT_BRIDGE = article(
    "bridge",
    "Floods in Dravsk and Velmar",
    "The Olsa and Tesna rivers flooded homes in Dravsk and Velmar, mayors Nadia Sorokina "
    "and Jonas Kettel said.",
    at(12, 16),
)


def test_headline_plus_one_line_cannot_merge_two_stories() -> None:
    index = index_with(BACKGROUND, FLOOD_DRAVSK[:2], FLOOD_VELMAR[:2])
    dravsk, velmar = index.story_of("dravsk-1"), index.story_of("velmar-1")
    assert dravsk != velmar
    joined = index.add(SHORT_BRIDGE)
    # It is placed in one story, and the two stories stay as they were.
    assert index.story_of("bridge") == joined
    assert index.story_of("dravsk-2") == dravsk
    assert index.story_of("velmar-2") == velmar
    # Nor does it seed a chain: later long reports still go to their own event.
    assert index.add(FLOOD_DRAVSK[2]) == dravsk
    assert index.add(FLOOD_VELMAR[2]) == velmar
    assert len(index.stories()) == len(BACKGROUND) + 2 + (joined not in {dravsk, velmar})


def test_only_a_long_report_can_trigger_a_merge() -> None:
    # With no bar at all for merging, a long report close to both stories merges them,
    # while the headline-plus-one-line report saying the same never does.
    eager = StoryParams(merge=0.0, merge_probe=0.0)
    long_bridge = article(
        "long-bridge",
        "Floods in Dravsk and Velmar",
        "\n".join([FLOOD_DRAVSK[0].text, FLOOD_VELMAR[0].text]),
        at(12, 16),
    )
    for bridge, merged in ((SHORT_BRIDGE, False), (long_bridge, True)):
        index = StoryIndex(eager, clock=clock)
        for item in [*BACKGROUND, *FLOOD_DRAVSK[:2], *FLOOD_VELMAR[:2]]:
            index.add(item)
        assert index.story_of("dravsk-1") != index.story_of("velmar-1")
        index.add(bridge)
        assert (index.story_of("dravsk-1") == index.story_of("velmar-1")) is merged


def test_short_article_weighs_little_in_its_story() -> None:
    index = index_with(BACKGROUND, FLOOD_DRAVSK[:2], [SHORT_BRIDGE])
    state = index.to_state()
    weights = {a: m["weight"] for a, m in state["articles"].items()}
    assert weights["bridge"] < 0.5 * weights["dravsk-1"]
    assert weights["bridge"] <= 0.25
    assert state["articles"]["bridge"]["short"] is True
    assert state["articles"]["dravsk-1"]["short"] is False


# --------------------------------------------------------------------------- editing


def test_merge_and_split() -> None:
    index = index_with(BACKGROUND, FLOOD_DRAVSK, FLOOD_VELMAR)
    dravsk, velmar = index.story_of("dravsk-1"), index.story_of("velmar-1")

    survivor = index.merge(velmar, dravsk)
    assert survivor == dravsk  # the older story keeps its id
    merged = next(s for s in index.stories() if s.id == survivor)
    assert sorted(merged.article_ids) == sorted(a.id for a in FLOOD_DRAVSK + FLOOD_VELMAR)
    assert velmar not in {s.id for s in index.stories()}
    assert all(index.story_of(a.id) == survivor for a in FLOOD_VELMAR)

    new = index.split(survivor, ["velmar-1", "velmar-2", "velmar-3"])
    assert new != survivor
    assert new == "s-" + hashlib.sha1(b"velmar-1").hexdigest()[:12]
    assert {index.story_of(a.id) for a in FLOOD_VELMAR} == {new}
    assert {index.story_of(a.id) for a in FLOOD_DRAVSK} == {survivor}

    # A further report close to both does not undo the editor's split.
    extra = article(
        "dravsk-4",
        "Dravsk flood: 340 homes, 1,200 evacuated",
        FLOOD_DRAVSK[0].text + "\n" + FLOOD_VELMAR[0].text,
        at(13, 9),
    )
    index.add(extra)
    assert index.story_of("velmar-1") != index.story_of("dravsk-1")

    with pytest.raises(ValueError):
        index.split(survivor, ["velmar-1"])  # not in that story any more
    with pytest.raises(ValueError):
        index.split(survivor, [])


# --------------------------------------------------------------------------- state


def test_state_round_trip_gives_identical_assignments_for_further_adds() -> None:
    first_half = [*BACKGROUND, FLOOD_DRAVSK[0], FLOOD_VELMAR[0], BRAWL]
    second_half = [*FLOOD_DRAVSK[1:], *FLOOD_VELMAR[1:], *WAREHOUSE, SHORT_BRIDGE]
    second_half.append(article("late-undated", WAREHOUSE[1].title, WAREHOUSE[1].text))

    original = index_with(first_half)
    state = json.loads(json.dumps(original.to_state()))  # through JSON, as a store would
    restored = StoryIndex.from_state(state, clock=clock)
    assert restored.to_state() == original.to_state()

    assert [original.add(a) for a in second_half] == [restored.add(a) for a in second_half]
    assert original.to_state() == restored.to_state()
    assert [(s.id, s.article_ids, s.title) for s in original.stories()] == [
        (s.id, s.article_ids, s.title) for s in restored.stories()
    ]
    assert original.flags() == restored.flags() == {"late-undated": FLAG_UNDATED}


def test_state_of_another_version_is_refused() -> None:
    state = index_with(BACKGROUND).to_state()
    state["version"] = 999
    with pytest.raises(ValueError):
        StoryIndex.from_state(state)


def test_adding_the_same_article_twice_is_a_no_op() -> None:
    index = index_with(BACKGROUND, FLOOD_DRAVSK)
    before = index.to_state()
    assert index.add(FLOOD_DRAVSK[1]) == index.story_of("dravsk-1")
    assert index.to_state() == before


# --------------------------------------------------------------------------- scale


def _name(rng: random.Random) -> str:
    return "".join(rng.choices("bcdfghklmnprstvz", k=3)).title() + rng.choice(["ov", "ek", "an"])


def _synthetic(n: int, rng: random.Random, vocabulary: list[str]) -> Article:
    """An unrelated synthetic report: random common words, its own names and number,
    and one sentence that every report shares."""
    words = rng.choices(vocabulary, k=120)
    lines = [" ".join(words[i : i + 20]) + "." for i in range(0, 120, 20)]
    person, place = f"{_name(rng)} {_name(rng)}", _name(rng)
    lines.insert(
        1, f"{person} of {place} told the council on Tuesday that {1000 + n} permits were issued."
    )
    published = at(10) + timedelta(minutes=n)
    return article(f"syn-{n}", f"{person} speaks in {place}", "\n".join(lines), published)


def test_candidate_work_stays_bounded_as_the_index_grows() -> None:
    rng = random.Random(5)
    vocabulary = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=7)) for _ in range(3000)]
    index = StoryIndex(clock=clock)
    p = index.params
    examined: list[int] = []
    scanned: list[int] = []
    for n in range(2000):
        index.add(_synthetic(n, rng, vocabulary))
        examined.append(index.last_examined)
        scanned.append(index.last_scanned)
    assert max(examined) <= p.candidates
    assert max(scanned) <= p.query_terms * p.posting_cap
    # Flat: posting lists fill up to their cap (after about 1,250 articles here), and from
    # then on the work per article no longer grows with the index.
    assert max(examined[1500:]) <= max(examined[1000:1500])
    assert sum(scanned[1750:]) / 250 <= 1.05 * sum(scanned[1250:1500]) / 250
    # The index really is large, and unrelated articles were not lumped together.
    assert len(index.stories()) > 1900
    assert max(len(s.article_ids) for s in index.stories()) <= 3

"""Who said what: quotes and attributions read from small invented articles.

Every article here is made up; each is parsed with the real spaCy model (loaded once for
the module), paragraph by paragraph, exactly as the extract stage does.
"""

from __future__ import annotations

import time

import pytest

from newsprism.extract._nlp import load_spacy
from newsprism.extract.attribution import find_attribution, quoted_regions
from newsprism.extract.quotes import find_quotes
from newsprism.extract.sentences import iter_sentence_spans, paragraphs
from newsprism.models import Article, Quote, SpeechKind

DIRECT, INDIRECT = SpeechKind.DIRECT, SpeechKind.INDIRECT


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_spacy()


def _spans(nlp, text: str):  # type: ignore[no-untyped-def]
    article = Article(id="art-1", origin="test", title="Test", text=text, outlet="Test")
    docs = list(nlp.pipe(paragraphs(text)))
    return [(sentence.index, span) for sentence, span in iter_sentence_spans(article, docs)]


def read(nlp, *paras: str) -> list[Quote]:  # type: ignore[no-untyped-def]
    """The quotes of an article made of these paragraphs."""
    quotes = find_quotes("art-1", _spans(nlp, "\n".join(paras)))
    assert all(q.article_id == "art-1" and q.speaker_id is None for q in quotes)
    return quotes


def one(quotes: list[Quote], words: str) -> Quote:
    """The single quote whose text contains ``words``."""
    found = [q for q in quotes if words in q.text]
    assert len(found) == 1, [(q.speaker, q.text) for q in quotes]
    return found[0]


def attribution(nlp, sentence: str) -> str | None:  # type: ignore[no-untyped-def]
    [(_, span)] = _spans(nlp, sentence)
    return find_attribution(span)


INTRO = (
    "Regional governor Aliaksandr Kavalenka visited the sports hall in Dravsk on Tuesday, "
    "where Mayor Nadia Sorokina was handing out blankets."
)

# --------------------------------------------------------------------------- quotation marks


def test_curly_quote_with_verb_after_and_surname_resolved(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(nlp, INTRO, "“The state will not leave Dravsk alone,” Kavalenka said.")
    quote = one(quotes, "leave Dravsk")
    assert quote.text == "The state will not leave Dravsk alone"
    assert quote.kind is DIRECT
    assert quote.speaker == "Aliaksandr Kavalenka"
    assert quote.verb == "said"
    assert quote.sentence_indices == (1,)
    assert quote.channel is None and quote.addressee is None


def test_straight_quotes_and_pronoun_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "Halina Maroz, 71, was carried to the sports hall by boat.",
        '"I opened the door and the water was already at my knees," she said.',
    )
    quote = one(quotes, "my knees")
    assert quote.text == "I opened the door and the water was already at my knees"
    assert (quote.kind, quote.speaker, quote.verb) == (DIRECT, "Halina Maroz", "said")
    assert quote.sentence_indices == (1,)


def test_single_curly_quotes_with_apostrophes_inside(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        INTRO,
        "‘The residents’ homes are gone and we don’t know how many,’ Sorokina said.",
    )
    quote = one(quotes, "homes are gone")
    assert quote.text == "The residents’ homes are gone and we don’t know how many"
    assert quote.speaker == "Nadia Sorokina"


def test_guillemets(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(nlp, INTRO, "«The water is dirty and some walls could collapse», Sorokina said.")
    quote = one(quotes, "water is dirty")
    assert quote.text == "The water is dirty and some walls could collapse"
    assert (quote.kind, quote.speaker) == (DIRECT, "Nadia Sorokina")


def test_inverted_verb_with_title_keeps_the_name_without_title(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(nlp, "“Nobody will be left behind,” said Mayor Nadia Sorokina.")
    quote = one(quotes, "left behind")
    assert (quote.speaker, quote.verb, quote.kind) == ("Nadia Sorokina", "said", DIRECT)


def test_told_reporters_gives_the_addressee(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(nlp, INTRO, "“We will rebuild every house,” Kavalenka told reporters.")
    quote = one(quotes, "rebuild")
    assert quote.speaker == "Aliaksandr Kavalenka"
    assert (quote.verb, quote.addressee, quote.channel) == ("told", "reporters", None)


def test_told_reporters_at_a_press_conference(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        INTRO,
        "“Help is coming from Rusava,” Kavalenka told reporters at a press conference in Polesk.",
    )
    quote = one(quotes, "Help is coming")
    assert quote.speaker == "Aliaksandr Kavalenka"
    assert quote.addressee == "reporters"
    assert quote.channel == "a press conference"


def test_wrote_on_telegram(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(nlp, INTRO, "“Help is on the way to every street,” Kavalenka wrote on Telegram.")
    quote = one(quotes, "Help is on the way")
    assert (quote.speaker, quote.verb, quote.channel) == (
        "Aliaksandr Kavalenka",
        "wrote",
        "Telegram",
    )


def test_said_in_a_post_on_x(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp, INTRO, "“Rescuers are working through the night,” Sorokina said in a post on X."
    )
    quote = one(quotes, "through the night")
    assert (quote.speaker, quote.verb, quote.channel) == ("Nadia Sorokina", "said", "X")


def test_said_at_a_press_conference(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp, INTRO, "“The dam had been inspected in May,” Kavalenka said at a press conference."
    )
    quote = one(quotes, "inspected in May")
    assert (quote.verb, quote.channel, quote.addressee) == ("said", "a press conference", None)


def test_according_to_with_quotation_marks_is_direct(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(nlp, INTRO, "According to Sorokina, “the water is still rising in the east.”")
    quote = one(quotes, "still rising")
    assert quote.kind is DIRECT
    assert quote.speaker == "Nadia Sorokina"
    assert quote.verb == "According to"
    assert quote.text == "the water is still rising in the east."


# --------------------------------------------------------------------------- reported speech


def test_according_to_without_quotation_marks_is_indirect(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(nlp, "According to the Red Cross, 300 people spent the night in shelters.")
    quote = one(quotes, "300 people")
    assert quote.kind is INDIRECT
    assert quote.speaker == "Red Cross"
    assert quote.verb == "According to"
    assert quote.text == "300 people spent the night in shelters"
    assert quote.sentence_indices == (0,)


def test_indirect_speech_with_that(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "The mayor of Dravsk, Nadia Sorokina, said on Tuesday that nearly 450 homes had been "
        "flooded.",
    )
    quote = one(quotes, "450 homes")
    assert quote.kind is INDIRECT
    assert quote.speaker == "Nadia Sorokina"
    assert quote.text == "nearly 450 homes had been flooded"
    assert quote.verb == "said"


def test_indirect_speech_without_that_and_pronoun(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(nlp, INTRO, "She said the town would need help for months, not days.")
    quote = one(quotes, "help for months")
    assert quote.kind is INDIRECT
    assert quote.speaker == "Nadia Sorokina"
    assert quote.text == "the town would need help for months, not days"
    assert quote.sentence_indices == (1,)


def test_indirect_speech_reported_after_the_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(nlp, "Two people have died, police said.")
    quote = one(quotes, "died")
    assert (quote.kind, quote.speaker, quote.verb, quote.text) == (
        INDIRECT,
        "police",
        "said",
        "Two people have died",
    )


def test_indirect_speech_told_reporters_that(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp, INTRO, "Kavalenka told reporters that the dam had been inspected last spring."
    )
    quote = one(quotes, "inspected")
    assert quote.kind is INDIRECT
    assert (quote.speaker, quote.addressee) == ("Aliaksandr Kavalenka", "reporters")
    assert quote.text == "the dam had been inspected last spring"


def test_indirect_speech_wrote_on_telegram(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "Hryhoriy Zhabinski, the emergency situations minister, arrived at noon.",
        "Zhabinski wrote on Telegram that rescuers would work through the night.",
    )
    quote = one(quotes, "rescuers")
    assert quote.kind is INDIRECT
    assert (quote.speaker, quote.verb, quote.channel) == ("Hryhoriy Zhabinski", "wrote", "Telegram")
    assert quote.text == "rescuers would work through the night"


def test_participle_adding_that_keeps_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        INTRO,
        "“This is the worst flood in half a century,” Kavalenka said, adding that the army had "
        "been asked to help.",
    )
    assert one(quotes, "worst flood").speaker == "Aliaksandr Kavalenka"
    added = one(quotes, "the army")
    assert (added.kind, added.speaker, added.verb) == (INDIRECT, "Aliaksandr Kavalenka", "adding")
    assert added.text == "the army had been asked to help"


def test_a_partial_quote_inside_reported_speech_stays_indirect(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        INTRO,
        'She said a first payment was possible "in the second half of the year" if funds arrived.',
    )
    quote = one(quotes, "second half")
    assert quote.kind is INDIRECT
    assert quote.speaker == "Nadia Sorokina"
    assert quote.text.startswith("a first payment was possible")


# --------------------------------------------------------------------------- quotes over sentences


def test_quote_spanning_two_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        INTRO,
        "“We are going street by street. Nobody will be left behind,” Sorokina said.",
    )
    quote = one(quotes, "street by street")
    assert quote.text == "We are going street by street. Nobody will be left behind"
    assert quote.sentence_indices == (1, 2)
    assert quote.speaker == "Nadia Sorokina"


def test_quote_running_on_into_the_next_paragraph(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        INTRO,
        "“Nobody should go back to the lower town tonight.",
        "“The walls could collapse at any moment,” Sorokina said.",
    )
    quote = one(quotes, "go back")
    assert quote.text == (
        "Nobody should go back to the lower town tonight. The walls could collapse at any moment"
    )
    assert quote.sentence_indices == (1, 2)
    assert (quote.speaker, quote.verb) == ("Nadia Sorokina", "said")


def test_quote_paragraph_with_the_speaker_in_the_next_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        INTRO,
        "“We are ready to help every family. Nobody will sleep in the cold.”",
        "She said.",
    )
    quote = one(quotes, "every family")
    assert quote.speaker == "Nadia Sorokina"
    assert quote.verb == "said"
    assert quote.sentence_indices == (1, 2, 3)


def test_role_speaker_after_the_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "Nadia Sorokina, the mayor of Dravsk, spent the night at the shelter.",
        "“We will rebuild every house, every school and every road.” the mayor added.",
    )
    quote = one(quotes, "every road")
    assert (quote.speaker, quote.verb) == ("Nadia Sorokina", "added")


def test_speaker_introduced_with_a_colon(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        INTRO,
        "Sorokina told reporters:",
        "“Nobody should go back to the lower town until rescuers say it is safe.”",
    )
    quote = one(quotes, "lower town")
    assert (quote.speaker, quote.verb, quote.addressee) == ("Nadia Sorokina", "told", "reporters")
    assert quote.sentence_indices == (1, 2)


def test_following_quote_paragraph_continues_the_same_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "Vera Tsikhun, 58, lives two streets from the river.",
        "“We heard the sirens, but we thought it was a test,” she said.",
        "“My mother is 84. We carried her out on a chair.”",
    )
    first, second = one(quotes, "sirens"), one(quotes, "My mother")
    assert first.speaker == second.speaker == "Vera Tsikhun"
    assert first.verb == "said" and second.verb is None
    assert second.sentence_indices == (2, 3)


def test_interrupted_quote_is_one_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp, INTRO, "“Every family will be helped,” Kavalenka said, “and nobody will be forgotten.”"
    )
    [quote] = [q for q in quotes if q.kind is DIRECT]
    assert quote.text == "Every family will be helped, and nobody will be forgotten."
    assert quote.speaker == "Aliaksandr Kavalenka"


# --------------------------------------------------------------------------- nested quotes


def test_inner_quote_without_a_named_speaker_belongs_to_the_outer_one(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "Halina Maroz, 71, was rescued by boat.",
        "“He told me, ‘Leave everything,’ so I left the cat,” Maroz said.",
    )
    [quote] = quotes
    assert quote.speaker == "Halina Maroz"
    assert quote.text == "He told me, ‘Leave everything,’ so I left the cat"


def test_inner_quote_with_its_own_named_speaker_is_listed(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "Halina Maroz, 71, was rescued by boat.",
        "“Then the captain told us, ‘Leave everything and run,’ and we ran,” Maroz said.",
    )
    outer = one(quotes, "and we ran")
    inner = next(q for q in quotes if q.text == "Leave everything and run")
    assert outer.speaker == "Halina Maroz"
    assert (inner.speaker, inner.verb, inner.kind) == ("captain", "told", DIRECT)
    assert inner.sentence_indices == outer.sentence_indices == (1,)


def test_two_speakers_in_one_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "Vera Tsikhun, a nurse, and Andrei Palyn, a teacher, waited at the hall.",
        "“We are cold,” Tsikhun said, but Palyn insisted: “We are fine.”",
    )
    cold, fine = one(quotes, "cold"), one(quotes, "fine")
    assert (cold.speaker, cold.verb) == ("Vera Tsikhun", "said")
    assert (fine.speaker, fine.verb) == ("Andrei Palyn", "insisted")
    assert cold.sentence_indices == fine.sentence_indices == (1,)


def test_question_asked_and_interview_channel(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "Vera Tsikhun, a nurse, met the minister at the hall.",
        "“Where is the help?” asked Tsikhun.",
        "“The dam was old,” the minister told the BBC in an interview.",
    )
    question = one(quotes, "Where is the help")
    assert (question.text, question.speaker, question.verb) == (
        "Where is the help?",
        "Vera Tsikhun",
        "asked",
    )
    old = one(quotes, "dam was old")
    assert (old.speaker, old.addressee, old.channel) == ("minister", "BBC", "an interview")


# --------------------------------------------------------------------------- resolving speakers


def test_she_prefers_the_last_woman_over_a_later_man(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "Marta Wiśniewska met the deputy minister, Ivan Petrov, at the shelter.",
        "“These are not buildings you can simply dry out,” she said.",
        "“We will pay for every house,” he said.",
    )
    assert one(quotes, "dry out").speaker == "Marta Wiśniewska"
    assert one(quotes, "every house").speaker == "Ivan Petrov"


def test_titles_tell_gender(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "Mrs Drozd and Mr Kulik waited outside the town hall.",
        "“Nobody told us anything about the dam,” she said.",
    )
    assert one(quotes, "Nobody told us").speaker == "Drozd"


def test_slavic_surname_ending_tells_gender(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "Olga Smirnova, a nurse, and Ivan Volkov, a driver, helped the evacuees.",
        "“We worked through the night without a break,” she said.",
    )
    assert one(quotes, "through the night").speaker == "Olga Smirnova"


def test_pronoun_takes_the_most_recent_person_when_gender_is_unknown(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "Dana Kulik spoke first, and then Alex Maroz took the microphone.",
        "“We need more boats,” Maroz said. “And we need them today,” he added.",
    )
    assert one(quotes, "more boats").speaker == "Alex Maroz"
    assert one(quotes, "today").speaker == "Alex Maroz"


def test_names_inside_quotes_are_not_antecedents(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "Vera Tsikhun lives two streets from the river.",
        "“I called Ivan Petrov and nobody answered,” she said.",
    )
    assert one(quotes, "nobody answered").speaker == "Vera Tsikhun"


def test_title_and_surname_resolve_to_the_full_name(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "The deputy minister, Ivan Petrov, arrived in the evening.",
        "“The money is already on its way,” Mr Petrov said.",
    )
    assert one(quotes, "money").speaker == "Ivan Petrov"


def test_the_mayor_resolves_to_the_person_introduced_as_mayor(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        INTRO,
        "Residents queued for hot food.",
        "“Every family will get a bed tonight,” the mayor said.",
    )
    assert one(quotes, "a bed").speaker == "Nadia Sorokina"


def test_the_governor_resolves_through_a_title_before_the_name(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(nlp, INTRO, "“Compensation will be paid,” the governor said.")
    assert one(quotes, "Compensation").speaker == "Aliaksandr Kavalenka"


def test_unnamed_speakers_keep_their_words_without_article(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "“The dam was inspected in May,” a ministry official said.",
        "State media reported that the dam had been built in 1968.",
        "“The river is still rising,” police said.",
    )
    assert one(quotes, "inspected in May").speaker == "ministry official"
    built = one(quotes, "1968")
    assert (built.speaker, built.kind, built.verb) == ("State media", INDIRECT, "reported")
    assert one(quotes, "still rising").speaker == "police"


def test_it_and_the_company_resolve_to_the_organisation(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "Lesna Hydro, which operates the dam, said it was cooperating with investigators.",
        "“Our engineers are on site,” the company said in a statement.",
        "It said the reservoir level had been normal.",
    )
    assert one(quotes, "cooperating").speaker == "Lesna Hydro"
    on_site = one(quotes, "on site")
    assert (on_site.speaker, on_site.channel) == ("Lesna Hydro", "a statement")
    assert one(quotes, "reservoir level").speaker == "Lesna Hydro"


def test_they_resolves_to_a_group(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(nlp, "Officials said the figure could rise. They said more boats were needed.")
    assert one(quotes, "figure").speaker == "Officials"
    assert one(quotes, "more boats").speaker == "Officials"


def test_scare_quotes_are_not_speech(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(nlp, INTRO, "Kavalenka called the response “adequate” and left.")
    assert quotes == []


def test_unattributed_quote_keeps_no_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(nlp, "The banner over the road read “Dravsk will rise again after the flood”.")
    [quote] = quotes
    assert (quote.text, quote.kind, quote.speaker, quote.verb) == (
        "Dravsk will rise again after the flood",
        DIRECT,
        None,
        None,
    )


# --------------------------------------------------------------------------- find_attribution


@pytest.mark.parametrize(
    ("sentence", "origin"),
    [
        ("According to the Red Cross, 300 people were evacuated.", "Red Cross"),
        ("A ministry official said the dam had failed.", "ministry official"),
        ("Two people died, state media reported.", "state media"),
        ("Kavalenka told reporters the dam was safe.", "Kavalenka"),
        ("“Nobody will be left behind,” said Mayor Nadia Sorokina.", "Nadia Sorokina"),
        ("The mayor of Dravsk, Nadia Sorokina, said 450 homes were flooded.", "Nadia Sorokina"),
        ("“I told them to leave,” Sorokina said.", "Sorokina"),
        ("The Interior Ministry said 20 people were rescued.", "Interior Ministry"),
        (
            "“We have 300 homes flooded,” Emergency Situations Minister Hryhoriy Zhabinski "
            "told reporters.",
            "Hryhoriy Zhabinski",
        ),
        (
            "Regional governor Aliaksandr Kavalenka said the state would help.",
            "Aliaksandr Kavalenka",
        ),
    ],
)
def test_find_attribution_names_the_origin(nlp, sentence: str, origin: str) -> None:  # type: ignore[no-untyped-def]
    assert attribution(nlp, sentence) == origin


@pytest.mark.parametrize(
    "sentence",
    [
        "It said the river was rising.",
        "He said the dam was old.",
        "The river rose by three metres overnight.",
        "Residents were told to leave their homes.",
        "The bank raised its forecast, citing higher import prices.",
    ],
)
def test_find_attribution_is_none_without_a_named_origin(nlp, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert attribution(nlp, sentence) is None


def test_find_attribution_is_fast(nlp) -> None:  # type: ignore[no-untyped-def]
    spans = _spans(nlp, "\n".join([INTRO, "“We will rebuild,” Kavalenka told reporters."] * 50))
    start = time.perf_counter()
    origins = [find_attribution(span) for _, span in spans]
    assert origins.count("Kavalenka") == 50
    assert time.perf_counter() - start < 1.0


# --------------------------------------------------------------------------- quotation marks


def test_quoted_regions_pair_marks_and_skip_apostrophes() -> None:
    text = "“He said ‘run’ and we didn’t wait,” she said of the residents’ homes."
    outer, inner = quoted_regions(text)
    assert text[outer.start : outer.end] == "He said ‘run’ and we didn’t wait,"
    assert (outer.depth, outer.closed) == (0, True)
    assert text[inner.start : inner.end] == "run" and inner.depth == 1
    assert quoted_regions("Rock ’n’ roll isn’t dead, the band’s singer said.") == []
    text = 'He is 5\'10" tall and said "fine" twice.'
    [straight] = quoted_regions(text)
    assert text[straight.start : straight.end] == "fine"


def test_unclosed_double_quote_runs_to_the_end_and_single_is_dropped() -> None:
    [region] = quoted_regions("She said: “We need boats and we need them now")
    assert region.closed is False
    assert quoted_regions("the ‘so-called plan was dropped") == []


# --------------------------------------------------------------------------- odd input


def test_empty_article_has_no_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    assert find_quotes("art-1", []) == []
    assert read(nlp, "") == []
    assert read(nlp, "   ", "—") == []


def test_unbalanced_quotation_marks_do_not_crash(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        INTRO,
        "Sorokina said: “We need boats and we need them now",
        "The river kept rising through the night.",
        "Stray ” marks » and « odd ‘ ones ’ ” here.",
    )
    quote = one(quotes, "need boats")
    assert quote.text == "We need boats and we need them now"
    assert (quote.speaker, quote.kind, quote.sentence_indices) == ("Nadia Sorokina", DIRECT, (1,))
    assert all(q.sentence_indices for q in quotes)


def test_a_5000_character_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    clause = (
        "“We are fine,” she said, and the water rose by 3 metres near the residents’ homes "
        "while the mayor’s team waited"
    )
    text = ", ".join([clause] * 48)
    assert len(text) >= 5_000
    start = time.perf_counter()
    quotes = read(nlp, "Nadia Sorokina, the mayor, arrived.", text)
    assert time.perf_counter() - start < 30
    fine = [q for q in quotes if q.text == "We are fine"]
    assert len(fine) >= 40
    assert all(q.kind is DIRECT for q in fine)


def test_all_caps_article(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = read(
        nlp,
        "MAYOR NADIA SOROKINA VISITED THE SHELTER.",
        "“WE WILL HAVE TO CHECK EVERY WALL,” SHE SAID.",
    )
    quote = one(quotes, "EVERY WALL")
    assert quote.text == "WE WILL HAVE TO CHECK EVERY WALL"
    assert quote.kind is DIRECT
    assert quote.sentence_indices == (1,)

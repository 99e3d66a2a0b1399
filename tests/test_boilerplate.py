"""The plain-text boilerplate line filter: furniture goes, prose stays."""

from __future__ import annotations

import pytest

from newsprism.ingest._boilerplate import (
    ALL_RULES,
    HTML_SAFE_RULES,
    is_boilerplate_line,
    matching_rule,
    strip_boilerplate,
)

BOILERPLATE = [
    # skip links and menus
    "Skip to main content",
    "Skip past newsletter promotion",
    "Skip to navigation",
    "Menu",
    "  Menu  ",
    # newsletters
    "Sign up to our newsletter",
    "Sign up for our daily newsletter and get the news first",
    "Sign up to First Edition, our free daily newsletter – every weekday morning at 7am",
    "Get the day's top stories delivered to your inbox every morning.",
    "Subscribe now",
    # cookies and privacy
    "We use cookies to give you the best experience on our website.",
    "We use cookies and similar technologies to personalise content and ads.",
    "This site uses cookies. By continuing to browse you agree to our use of cookies.",
    "Privacy notice",
    "Privacy policy",
    "Accept all",
    "Accept all cookies",
    "Manage cookies",
    # sharing
    "Share on Facebook",
    "Share on Twitter",
    "Share on X",
    "Share on WhatsApp",
    "Share this article",
    "Share",
    "Facebook Twitter WhatsApp Email",
    "Like this story? Share it with a friend!",
    "- Share via email",
    # photo credits and captions
    "Photograph: Ivo Petrak/Courier Agency",
    "Photograph: Ivo Petrak/AFP/Getty Images",
    "Police officers at the scene on Monday. Photograph: Anna Lis/Reuters",
    "Photo: Jan Novak",
    "Photo: Jan Novak/AP",
    "Image credit: Getty Images",
    "Image: Dravsk Courier",
    "Photo by Jan Novak/Reuters",
    "(Reuters/John Doe)",
    "Reuters/John Doe",
    "(AP Photo/Jane Roe)",
    "Firefighters at the scene on Tuesday. (AP Photo/Jane Roe)",
    "Getty Images",
    "AFP via Getty Images",
    # advertising
    "Advertisement",
    "ADVERTISEMENT",
    "Story continues below advertisement",
    # most read, related, read more
    "Most read",
    "Most viewed",
    "Related stories",
    "Related: Dam repairs delayed again",
    "Read more:",
    "Read more: Velna river levels: what we know so far",
    "READ MORE: Governor declares emergency",
    "You may also like",
    # copyright
    "© 2026 The Dravsk Courier",
    "© The Dravsk Courier 2026",
    "Copyright 2026 The Dravsk Courier. All rights reserved.",
    "Copyright © 2026 Dravsk Media Group",
    "All rights reserved.",
    # breadcrumbs
    "Home | World | Europe",
    "Home › News › Regional",
    "News > World > Europe",
    # comment counts
    "248 comments",
    "Comments (12)",
    "12 Comments",
    "View comments",
    "Comments are closed.",
    # follow us
    "Follow us on Twitter",
    "Follow us on Facebook and Instagram",
    "Follow The Dravsk Courier on X",
    "Follow @dravskcourier on Twitter for the latest",
    # other promos and credits
    "Click here to download our app",
    "Download the Courier app",
    "Reporting by Jan Novak; Editing by Anna Lis",
    "(Reporting by Jan Novak; Editing by Anna Lis)",
    "Additional reporting by Ivo Petrak",
    "Associated Press writer Anna Lis contributed to this report.",
    "Published 10 March 2026",
    "Updated: 10 March 2026 14:05 CET",
    "Updated at 1:23 p.m.",
]

PROSE = [
    "The company's share price fell 4%.",
    "A photograph of the dam circulated online.",
    "Residents were asked to share cars to reach the shelters.",
    "Share prices of insurers fell on Tuesday.",
    "The governor said she would follow the situation closely on Tuesday.",
    "Follow-up inspections are planned for April.",
    "Most residents read the warning on their phones before dawn.",
    "The menu at the shelter included soup and bread.",
    "Engineers accepted all of the inspectors' recommendations.",
    "He said cookies and tea were handed out to volunteers.",
    "Photographs taken by residents show water over the road.",
    "The photo, taken on Monday, shows a crack in the spillway.",
    "Reuters reported that the dam had been inspected in 2023.",
    '"We use everything we have," said the chief engineer.',
    "Copyright law was changed in 2019 to cover such images.",
    "Advertisements for the flood relief fund appeared in newspapers.",
    "The home ministry said it would follow up on Thursday.",
    "Related costs could reach 40 million euros, the authority said.",
    "More-detailed reports are expected on Friday.",
    "Sign up sheets for volunteers were posted at the town hall.",
    "Comments from residents were collected by the council.",
    "Like many on Facebook, residents posted photos of the flood.",
    "Reporting by local media suggested the dam had cracked.",
    "Published figures show 40% of homes in Lisna were flooded.",
    "Privacy policy experts said the new rules would apply from May.",
    "Send the documents to the council by Friday.",
    "Image processing software was used to measure the crack.",
    "The ratio of night shifts to day shifts was 1/2 last year.",
    "Source: the water authority said the figures were preliminary and could change.",
]


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    assert is_boilerplate_line(line), matching_rule(line)


@pytest.mark.parametrize("line", PROSE)
def test_prose_lines_are_kept(line: str) -> None:
    assert not is_boilerplate_line(line), matching_rule(line)


def test_blank_and_whitespace_lines_are_not_boilerplate() -> None:
    assert not is_boilerplate_line("")
    assert not is_boilerplate_line("   \t ")


def test_strip_boilerplate_keeps_paragraphs_in_order_and_collapses_blank_runs() -> None:
    pasted = "\r\n".join(
        [
            "Skip to main content",
            "Menu",
            "Home | World | Europe",
            "",
            "Floodwater tore through the spillway of the Dravsk dam on Tuesday.",
            "Share on Facebook",
            "Share on Twitter",
            "",
            "",
            "",
            "About 1,200 residents were told to leave their homes before dawn.",
            "Photograph: Ivo Petrak/Courier Agency",
            "The company's share price fell 4%.",
            "Advertisement",
            "Sign up to our newsletter",
            "",
            "Most read",
            "© 2026 The Dravsk Courier. All rights reserved.",
        ]
    )
    assert strip_boilerplate(pasted) == "\n".join(
        [
            "Floodwater tore through the spillway of the Dravsk dam on Tuesday.",
            "",
            "About 1,200 residents were told to leave their homes before dawn.",
            "The company's share price fell 4%.",
        ]
    )


def test_link_list_after_related_header_is_dropped_until_prose_resumes() -> None:
    text = "\n".join(
        [
            "The governor declared a state of emergency for the Velna valley.",
            "Related stories",
            "Velna river levels: what we know so far",
            "Dravsk schools close as storm approaches",
            "Opinion: our dams need money, not promises",
            "Hydrologists warned that more rain was forecast for Thursday.",
        ]
    )
    assert strip_boilerplate(text).splitlines() == [
        "The governor declared a state of emergency for the Velna valley.",
        "Hydrologists warned that more rain was forecast for Thursday.",
    ]


def test_tag_line_after_tags_header_is_dropped() -> None:
    text = "The dam was last inspected in 2023.\nTags\nfloods, dams, Velna valley, Dravsk\n"
    assert strip_boilerplate(text) == "The dam was last inspected in 2023."


def test_without_link_list_rule_headlines_after_header_stay() -> None:
    text = "Related stories\nDravsk schools close as storm approaches"
    rules = ALL_RULES - {"link_list"}
    assert strip_boilerplate(text, rules=rules) == "Dravsk schools close as storm approaches"


def test_rules_argument_limits_the_filter() -> None:
    text = "Advertisement\n© 2026 The Dravsk Courier"
    assert strip_boilerplate(text, rules={"copyright"}) == "Advertisement"
    assert strip_boilerplate(text, rules=()) == text


def test_unknown_rule_group_is_an_error() -> None:
    with pytest.raises(ValueError, match="no_such_rule"):
        strip_boilerplate("text", rules={"no_such_rule"})


def test_html_safe_rules_leave_out_groups_that_lowered_benchmark_f1() -> None:
    assert HTML_SAFE_RULES < ALL_RULES
    assert {"copyright", "url_only"}.isdisjoint(HTML_SAFE_RULES)
    assert {"label", "related", "link_list", "newsletter", "photo_credit"} <= HTML_SAFE_RULES


def test_empty_text() -> None:
    assert strip_boilerplate("") == ""
    assert strip_boilerplate("\n\n  \n") == ""

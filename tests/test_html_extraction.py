"""HTML -> article: main text without furniture, metadata, and the input errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsprism.errors import (
    BrokenHtmlError,
    EmptyInputError,
    InputError,
    NotAnArticleError,
)
from newsprism.ingest._html import HtmlDocument, extract_html, extract_text_only

FIXTURES = Path(__file__).parent / "fixtures" / "html"
TITLE = "Floodwater breaches Dravsk dam spillway as river hits record height"
CANONICAL = "https://www.dravsk-courier.example/news/2026/mar/10/dravsk-dam-spillway-breach"

BODY_SENTENCES = [
    "Floodwater tore through the spillway of the Dravsk dam early on Tuesday, after three days "
    "of heavy rain pushed the Velna river to its highest level since records began in 1911.",
    "About 1,200 residents of the villages of Lisna and Horod were told to leave their homes "
    "before dawn.",
    '"The structure is sound, but we are not taking any chances with people\'s lives," said '
    "Tomas Reiner",
    "The regional governor, Helena Marsk, declared a state of emergency for the Velna valley",
    "They estimated that the reservoir held about 85 million cubic metres of water, roughly 12% "
    "more than its designed capacity.",
    "The national infrastructure ministry said in a statement that it would review the "
    "inspection record once the emergency was over.",
    "The company's share price fell 4% after the contractor",
    "A photograph of the dam circulated online showing water spilling over the side",
]

FURNITURE = [
    "Skip to main content",
    "We use cookies",
    "Privacy notice",
    "Accept all",
    "Reject all",
    "Menu",
    "Home | News",
    "Share on Facebook",
    "Share on Twitter",
    "Share on WhatsApp",
    "Share this article",
    "Photograph: Ivo Petrak",
    "Water pours over the damaged spillway",
    "Rescue workers carry a resident to safety",
    "Advertisement",
    "Sign up",
    "Morning Briefing",
    "delivered to your inbox",
    "Read more",
    "Related stories",
    "Velna river levels: what we know so far",
    "Dravsk schools close as storm approaches",
    "Most read",
    "Train strike called off",
    "248 comments",
    "Follow our live coverage",
    "Follow us on Twitter",
    "All rights reserved",
    "©",
    "Terms of use",
]


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def article() -> HtmlDocument:
    return extract_html(fixture("article_heavy_boilerplate.html"), source="article.html")


# ----------------------------------------------------------------------------- main text


@pytest.mark.parametrize("sentence", BODY_SENTENCES)
def test_body_sentences_are_kept(article: HtmlDocument, sentence: str) -> None:
    assert sentence in article.text


@pytest.mark.parametrize("furniture", FURNITURE)
def test_page_furniture_is_removed(article: HtmlDocument, furniture: str) -> None:
    assert furniture not in article.text


def test_one_paragraph_per_line_in_page_order(article: HtmlDocument) -> None:
    lines = article.text.split("\n")
    assert len(lines) == 9
    assert all(line.strip() == line and line for line in lines)
    assert lines[0].startswith("Floodwater tore through the spillway")
    assert lines[-1].startswith("The company's share price fell 4%")


def test_headline_is_not_repeated_in_the_text(article: HtmlDocument) -> None:
    assert TITLE not in article.text


# ----------------------------------------------------------------------------- metadata


def test_metadata(article: HtmlDocument) -> None:
    assert article.title == TITLE  # " | The Dravsk Courier" suffix removed
    assert article.author == "Mira Kovalenko"
    assert article.published == "2026-03-10T14:05:00+01:00"
    assert article.site_name == "The Dravsk Courier"
    assert article.canonical_url == CANONICAL  # <link rel=canonical> wins over og:url
    assert article.language == "en"  # from <html lang="en-GB">
    assert article.hostname == "dravsk-courier.example"


def test_og_url_is_used_when_there_is_no_canonical_link() -> None:
    html = re.sub(r'<link rel="canonical"[^>]*>', "", fixture("article_heavy_boilerplate.html"))
    doc = extract_html(html, source="article.html")
    assert doc.canonical_url == f"{CANONICAL}?src=og"


def test_relative_canonical_link_is_resolved_against_the_page_url() -> None:
    html = fixture("article_heavy_boilerplate.html").replace(f'href="{CANONICAL}"', 'href="/a/b"')
    doc = extract_html(html, source="page", url="https://mirror.example.org/x/y.html")
    assert doc.canonical_url == "https://mirror.example.org/a/b"


def test_canonical_url_is_none_when_the_page_declares_none() -> None:
    html = re.sub(r'<link rel="canonical"[^>]*>', "", fixture("article_heavy_boilerplate.html"))
    html = re.sub(r'<meta property="og:url"[^>]*>', "", html)
    doc = extract_html(html, source="page", url="https://mirror.example.org/x/y.html")
    assert doc.canonical_url is None
    assert doc.hostname == "mirror.example.org"


def test_json_ld_date_is_used_without_meta_tags() -> None:
    html = fixture("article_heavy_boilerplate.html")
    html = re.sub(r'<meta property="article:published_time"[^>]*>', "", html)
    html = re.sub(r"<time[^>]*>(.*?)</time>", r"\1", html)
    ld = '{"@context": "https://schema.org", "@type": "NewsArticle", '
    ld += '"datePublished": "2026-03-10T09:30:00Z"}'
    html = html.replace("</head>", f'<script type="application/ld+json">{ld}</script></head>')
    doc = extract_html(html, source="page")
    assert doc.published == "2026-03-10T09:30:00Z"


def test_date_falls_back_to_trafilatura_when_page_has_no_timestamp() -> None:
    html = fixture("article_heavy_boilerplate.html")
    html = re.sub(r'<meta property="article:published_time"[^>]*>', "", html)
    html = re.sub(r'<time datetime="[^"]*" class="published">', "<time>", html)
    doc = extract_html(html, source="page")
    assert doc.published == "2026-03-10"


def test_truncated_markup_is_still_read() -> None:
    html = fixture("article_heavy_boilerplate.html")
    cut = html[: html.index("<p>Opposition politicians")]
    doc = extract_html(cut, source="truncated.html")
    assert BODY_SENTENCES[0] in doc.text
    assert "Opposition politicians" not in doc.text


# ----------------------------------------------------------------------------- not an article


def test_index_page_is_not_an_article() -> None:
    with pytest.raises(NotAnArticleError) as caught:
        extract_html(fixture("index_page.html"), source="index_page.html")
    error = caught.value
    assert error.input == "index_page.html"
    assert str(error).startswith("index_page.html: is not an article")
    assert error.detail is not None
    assert re.search(r"teaser items|words of main text|links", error.detail)


def test_link_roundup_is_not_an_article_because_main_text_is_links() -> None:
    with pytest.raises(NotAnArticleError, match=r"link_roundup\.html") as caught:
        extract_html(fixture("link_roundup.html"), source="link_roundup.html")
    assert caught.value.detail is not None
    assert re.fullmatch(r"\d+% of the main text is links", caught.value.detail)


def test_short_stub_page_is_not_an_article() -> None:
    with pytest.raises(NotAnArticleError, match=r"stub_page\.html") as caught:
        extract_html(fixture("stub_page.html"), source="stub_page.html")
    assert caught.value.detail is not None
    assert re.match(r"only \d+ words of main text", caught.value.detail)


def test_article_check_can_be_switched_off() -> None:
    doc = extract_html(fixture("index_page.html"), source="index_page.html", check_article=False)
    assert "Floodwater breaches Dravsk dam spillway" in doc.text
    stub = extract_html(fixture("stub_page.html"), source="stub_page.html", check_article=False)
    assert stub.text.startswith("Our live blog on the Velna valley floods has moved")


def test_long_article_with_heavy_boilerplate_passes_the_check(article: HtmlDocument) -> None:
    assert len(article.text.split()) >= 250


# ----------------------------------------------------------------------------- broken and empty


def test_broken_markup_raises_broken_html_error() -> None:
    with pytest.raises(BrokenHtmlError, match=r"^broken\.html: is broken HTML") as caught:
        extract_html(fixture("broken.html"), source="broken.html")
    assert caught.value.input == "broken.html"


@pytest.mark.parametrize(
    ("markup", "detail"),
    [
        ("\x00\x01\x02binary", "NUL bytes"),
        ("just a sentence without any markup", "no HTML markup"),
        ("<<<>>>", "could not build a document"),
    ],
)
def test_unparsable_inputs_raise_broken_html_error(markup: str, detail: str) -> None:
    with pytest.raises(BrokenHtmlError, match=re.escape(detail)) as caught:
        extract_html(markup, source="input-7")
    assert str(caught.value).startswith("input-7: ")


def test_page_without_visible_text_is_empty() -> None:
    with pytest.raises(EmptyInputError, match=r"^empty_page\.html: is empty") as caught:
        extract_html(fixture("empty_page.html"), source="empty_page.html")
    assert caught.value.input == "empty_page.html"


@pytest.mark.parametrize("markup", ["", "   ", "\n\t\n"])
def test_whitespace_only_input_is_empty(markup: str) -> None:
    with pytest.raises(EmptyInputError, match=r"^blank\.html: "):
        extract_html(markup, source="blank.html")


def test_whitespace_fixture_is_empty() -> None:
    with pytest.raises(EmptyInputError, match="whitespace"):
        extract_html(fixture("whitespace.html"), source="whitespace.html")


def test_all_errors_are_input_errors() -> None:
    for name in ("broken.html", "empty_page.html", "index_page.html", "stub_page.html"):
        with pytest.raises(InputError):
            extract_html(fixture(name), source=name)


# ----------------------------------------------------------------------------- text only


def test_extract_text_only_matches_extract_html_text(article: HtmlDocument) -> None:
    assert extract_text_only(fixture("article_heavy_boilerplate.html")) == article.text


def test_extract_text_only_skips_the_article_check() -> None:
    assert "Our live blog" in extract_text_only(fixture("stub_page.html"))


def test_extract_text_only_returns_empty_string_for_empty_pages() -> None:
    assert extract_text_only(fixture("empty_page.html")) == ""
    assert extract_text_only("") == ""


def test_extract_text_only_still_rejects_broken_markup() -> None:
    with pytest.raises(BrokenHtmlError):
        extract_text_only(fixture("broken.html"))


def test_chinese_and_japanese_text_counts_words_by_characters() -> None:
    from newsprism.ingest._html import _words

    assert _words("ダムの放水路が決壊した") == 6  # 11 characters -> about 6 words
    assert _words("The dam held.") == 3

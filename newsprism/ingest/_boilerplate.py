"""Line-by-line boilerplate filter for article text.

Text pasted from a browser (and, as a second pass, text that trafilatura pulled out of
HTML) still carries page furniture: "Skip to main content", cookie banners, newsletter
promos, share buttons, photo credits, "Read more:" links, copyright footers, breadcrumbs,
comment counters. This module drops those lines and keeps the paragraphs.

Why hand-written: no maintained library filters *plain text* line by line. jusText,
trafilatura, readability and boilerpy all classify HTML blocks using markup, link density
and DOM position, none of which survive a copy-paste; applied to plain text they either
keep everything or drop short real paragraphs. So the rules here look only at the words
of one line (plus, for link lists, the line before it).

How the rules were chosen: each rule describes a kind of page furniture that is common
across news sites in general (the list in the module's specification: skip links, menus,
newsletter and cookie notices, share buttons, credits, ads, "most read", "related", copyright,
breadcrumbs, comment counts, "follow us"), written as a pattern anchored at the start of
the line or as an exact short phrase, so that ordinary prose that merely contains a word
such as "share" or "photograph" is kept. Rules are never keyed to a particular site's
wording. The HTML pipeline (``_html.py``) additionally measured every rule group on the
article-extraction benchmark and only enables the groups that did not lower its F1; see
``HTML_SAFE_RULES`` below.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

__all__ = [
    "ALL_RULES",
    "CONTEXT_RULES",
    "HTML_SAFE_RULES",
    "RULES",
    "is_boilerplate_line",
    "matching_rule",
    "strip_boilerplate",
]

# ----------------------------------------------------------------------------- helpers

_BULLET = re.compile(r"^[\s\-–—•·*▪►]+")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def _normalise(line: str) -> str:
    """Strip bullets, surrounding space and trailing ornaments; collapse inner spaces."""
    text = _SPACE.sub(" ", line).strip()
    text = _BULLET.sub("", text)
    return text.strip()


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _key(text: str) -> str:
    """Lower-case, letters and digits only, single spaces: for exact phrase lookup."""
    return " ".join(_WORD.findall(text.lower()))


# ----------------------------------------------------------------------------- phrases

# Whole lines that are only a widget or a navigation label (compared after _key()).
_LABEL_LINES = """
menu|main menu|navigation|open menu|close menu|close|search|toggle navigation|skip ad
home|sections|advertisement|advertisements|advertising|advert|ad|ads|sponsored
sponsored content|paid content|paid post|promoted|promoted content|partner content
story continues below|article continues below|story continues below advertisement
article continues below advertisement|continue reading below|continue reading
most read|most viewed|most popular|most shared|most commented|trending|trending now
popular now|top stories|more stories|latest stories|latest news|editor s picks
editors picks|recommended|recommended for you|recommended stories|you may also like
you might also like|you may like|more from|more on this story|related|related stories
related articles|related content|related coverage|related links|related topics
related news|also read|read also|read more|read next|see more|see also|more like this
don t miss|do not miss|in case you missed it|around the web|more|more news
share|share this|share this article|share this story|share this page|share article
share story|share on facebook|share on twitter|share on x|share on whatsapp
share on linkedin|share via email|share via e mail|tweet|email|print|e mail
print this page|print article|order reprints|reprints|copy link|link copied
comments|comment|view comments|show comments|hide comments|load comments
leave a comment|add a comment|post a comment|join the conversation|comments are closed
comments closed|be the first to comment|this article has been sent to
subscribe|subscribe now|sign up|sign in|log in|login|register|log out|logout
my account|create account|create an account|newsletter|newsletters|free newsletter
cookie settings|cookie preferences|manage cookies|cookie policy|cookies
accept|accept all|accept cookies|accept all cookies|reject all|allow all|decline
i agree|got it|privacy|privacy notice|privacy policy|privacy settings
terms of use|terms of service|terms and conditions|contact us|about us
back to top|go to top|next article|previous article|next story|previous story
tags|topics|filed under|hide caption|toggle caption|enlarge this image|view gallery
listen to this article|thanks for signing up|thank you for signing up
thanks for subscribing|thank you for subscribing|sorry
"""
_LABELS = frozenset(
    item.strip() for row in _LABEL_LINES.strip().splitlines() for item in row.split("|")
)

_SOCIAL_WORDS = (
    "facebook twitter x whatsapp linkedin pinterest reddit email e mail print telegram "
    "messenger sms copy link flipboard tumblr instagram youtube tiktok threads bluesky "
    "mastodon share tweet pin comments comment"
)
_SOCIAL = frozenset(_SOCIAL_WORDS.split())

# ----------------------------------------------------------------------------- rules


def _label(text: str) -> bool:
    return _key(text) in _LABELS


_SKIP = re.compile(r"(?i)^skip (?:to|past|navigation|ad\b|advert)")


def _skip_link(text: str) -> bool:
    return bool(_SKIP.match(text)) and _words(text) <= 10


def _social_buttons(text: str) -> bool:
    """A row of share buttons: "Facebook Twitter WhatsApp Email"."""
    tokens = _key(text).split()
    return 2 <= len(tokens) <= 12 and all(token in _SOCIAL for token in tokens)


_SHARE = re.compile(
    r"(?i)^(?:click to |tap to )?(?:share|tweet)(?: (?:this|it|on|via|to|with)\b)"
    r"|^(?:send|e-?mail) (?:this|it) to a friend"
)
_SHARE_ANY = re.compile(r"(?i)\bshare (?:it|this(?: article| story| post)?) with\b")


def _share(text: str) -> bool:
    if _SHARE.match(text) and _words(text) <= 8:
        return True
    return bool(_SHARE_ANY.search(text)) and _words(text) <= 15


_NEWSLETTER = re.compile(
    r"(?i)^(?:sign(?:ing)? up|subscribe|register|join|get|enter your email|want more)\b"
    r".*\b(?:newsletters?|inbox|e-?mail updates|email alerts|daily briefing|bulletin)\b"
)
_NEWSLETTER_ANY = re.compile(
    r"(?i)(?:\b(?:delivered|straight|direct(?:ly)?|right) (?:to|in|into) your inbox\b"
    r"|\bsign up (?:to|for) (?:our|the) [\w\s'’-]{0,40}newsletter"
    r"|\bsubscribe to (?:our|the) [\w\s'’.-]{0,40}newsletter)"
)
_SUBSCRIBE = re.compile(
    r"(?i)^(?:(?:subscribe|sign up|register)(?: now| today| here| for free)?\W*$"
    r"|sign in to (?:continue|read|comment)|log in to (?:continue|read|comment)"
    r"|already a subscriber|already have an account"
    r"|become a (?:member|subscriber)|support (?:our|independent) journalism"
    r"|thanks? (?:you )?for (?:signing up|subscribing)"
    r"|there was (?:an|a problem|a) error processing)"
)


def _newsletter(text: str) -> bool:
    words = _words(text)
    if words > 40:
        return False
    if _NEWSLETTER.match(text) or _NEWSLETTER_ANY.search(text):
        return True
    return bool(_SUBSCRIBE.match(text)) and words <= 25


_COOKIE_NOTICE = re.compile(
    r"(?i)^(?:we(?: and our partners)? use cookies|we use (?:technologies|tracking)"
    r"|(?:this|our) (?:web)?site uses cookies|by (?:continuing|using|clicking)\b.{0,60}"
    r"\b(?:cookies|privacy policy|terms)|we value your privacy|we care about your privacy)"
)
_COOKIE_LABEL = re.compile(
    r"(?i)^(?:(?:accept|reject|manage|allow|customi[sz]e) (?:all )?cookies"
    r"|cookie (?:policy|settings|preferences|notice|consent)|privacy (?:notice|policy|settings)"
    r"|your privacy (?:choices|rights))\b"
)


def _cookies(text: str) -> bool:
    words = _words(text)
    if _COOKIE_NOTICE.match(text) and words <= 80:
        return True
    return bool(_COOKIE_LABEL.match(text)) and words <= 8


_CREDIT_LABEL = re.compile(
    r"(?i)^(?:photo(?:graph)?s?|image|picture|pic|illustration|graphic|video|footage|"
    r"(?:photo|image|picture|video) credits?|credits?|source image|main image|top image)"
    r"\s*(?:by\b|:|：|©)"
)
_CREDIT_TAIL = re.compile(
    r"(?i)(?:\b(?:photograph|photo|image|picture|illustration|credit|composite)s?(?: credit)?"
    r"\s*[:：©]\s*[^.!?]{1,80}|\((?:photo|image|picture|credit)s?\b[^)]{0,80}\))\s*$"
)
_AGENCIES = (
    r"reuters|ap|afp|epa|getty(?: images)?|shutterstock|alamy|pa(?: media| wire)?|"
    r"ansa|dpa|xinhua|anadolu|bloomberg|nurphoto|sipa|zuma(?: press)?|rex|"
    r"associated press|agence france[- ]presse|efe|kyodo|yonhap|tass|imago|"
    r"unsplash|istock(?:photo)?|sopa images|lightrocket|upi"
)
_AGENCY_CREDIT = re.compile(
    rf"(?i)^\(?(?:[\w.'’ -]{{0,40}}(?:/|\bvia\b|\bfor\b)\s*)?(?:{_AGENCIES})(?: photos?)?\b"
    rf"(?:\s*(?:/|via)\s*[\w.'’ -]{{1,40}})?\)?\.?$"
)
_PAREN_CREDIT = re.compile(
    rf"(?i)\((?:(?:{_AGENCIES})(?: photos?)?\s*/[^)]{{1,50}}|[^)]{{1,50}}/\s*(?:{_AGENCIES})|"
    r"(?:photo|image|picture|credit)s?\s*(?:by|:)[^)]{1,60})\)\s*$"
)
_PHOTO_BY = re.compile(r"(?i)^(?:photo|photograph|image|picture|illustration)s? by \S.{0,60}$")


def _photo_credit(text: str) -> bool:
    words = _words(text)
    if words > 45:
        return False
    if _CREDIT_LABEL.match(text) and words <= 30:
        return True
    if _PHOTO_BY.match(text) and words <= 12:
        return True
    if _AGENCY_CREDIT.match(text) and words <= 10:
        return True
    return bool(_CREDIT_TAIL.search(text) or _PAREN_CREDIT.search(text))


_RELATED = re.compile(
    r"(?i)^\[?(?:related(?: stories| articles| content| coverage| post| reading| video| links)?"
    r"|read more|read also|also read|read next|read|see more|see also|more|watch|watch more|"
    r"listen|more on this(?: story)?|recommended|also on [\w.-]+|more from [\w .'’-]{1,30}"
    r"|more coverage|more news|more reading|further reading|must read|trending|"
    r"editor'?s? picks?|you may also like|you might also like|don'?t miss|"
    r"in case you missed it)(?:\s*[:：|»›>]\s*|\s+[-–—]\s+)\S"
)
_ALSO_ON = re.compile(r"(?i)^also on [\w-]+\.[a-z]{2,}\b")


def _related(text: str) -> bool:
    if _words(text) > 30:
        return False
    return bool(_RELATED.match(text) or _ALSO_ON.match(text))


_COPYRIGHT = re.compile(
    r"(?i)^(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})|copyright\s+\S+(?:\s+\S+)?\s+(?:19|20)\d\d\b)"
)
_RIGHTS = re.compile(r"(?i)\ball rights reserved\b")


def _copyright(text: str) -> bool:
    words = _words(text)
    if _COPYRIGHT.match(text) and words <= 40:
        return True
    return bool(_RIGHTS.search(text)) and words <= 40


_CRUMB_SEPARATORS = re.compile(r"\s+(?:\||›|»|>|/|·|•)\s+|\s*[›»]\s*")


def _breadcrumb(text: str) -> bool:
    """ "Home | World | Europe", "News › UK › Politics" (not table rows, not URLs)."""
    if text.startswith("|") or "://" in text or _words(text) > 14:
        return False
    parts = [p for p in _CRUMB_SEPARATORS.split(text) if p.strip()]
    if len(parts) < 2 or (len(parts) == 2 and _key(parts[0]) != "home"):
        return False
    return not any(
        _words(part) > 4 or part.rstrip().endswith((".", "!", "?", ":")) or re.search(r"\d", part)
        for part in parts
    )


_COMMENT_COUNT = re.compile(
    r"(?i)^(?:\(?\d[\d,.]*k?\)?\s+(?:comments?|replies|responses|shares?)"
    r"|(?:comments?|replies|responses)\s*[:(]?\s*\d[\d,.]*k?\)?"
    r"|(?:view|show|read|see|load)(?: all)?(?: \d+)? comments?|\[ ?read all comments ?\]"
    r"|(?:\d+|no|one|two) thoughts? on\b.{0,120}"
    r"|tell us what you think\W*|what do you think\?.{0,60}|have your say\W*)$"
)


def _comment_count(text: str) -> bool:
    return bool(_COMMENT_COUNT.match(text))


_FOLLOW = re.compile(
    r"(?i)^(?:follow (?:us|@?[\w.'’&-]+(?: [\w.'’&-]+){0,6})|like us|join us) on "
    r"(?:[\w@(). ,-]{0,40})?\b(?:twitter|facebook|instagram|x|linkedin|youtube|tiktok|"
    r"threads|bluesky|mastodon|telegram|whatsapp|google news|flipboard)\b"
)
_FOLLOW_AT = re.compile(r"(?i)^follow @\w+")


def _follow(text: str) -> bool:
    if _words(text) > 40:
        return False
    return bool(_FOLLOW.match(text) or _FOLLOW_AT.match(text))


_CLICK = re.compile(r"(?i)\bclick(?:ing)? (?:here|this link|the link|below)\b|\btap here\b")


def _click_here(text: str) -> bool:
    return bool(_CLICK.search(text)) and _words(text) <= 25


_DOWNLOAD_APP = re.compile(r"(?i)^(?:download|get|install) (?:the|our) [\w .'’-]{0,30}\bapp\b")


def _app_promo(text: str) -> bool:
    return bool(_DOWNLOAD_APP.match(text)) and _words(text) <= 20


_URL_ONLY = re.compile(
    r"(?i)^(?:[\w ]{1,20}:\s*)?(?:https?://\S+|www\.\S+|[\w.-]+\.(?:com|org|net|co\.uk)/\S*"
    r"|[\w.+-]+@[\w-]+\.[\w.-]+|@\w{2,})\.?$"
)


def _url_only(text: str) -> bool:
    return bool(_URL_ONLY.match(text))


_AGENCY_BYLINE = re.compile(
    r"(?i)^(?:\((?:additional )?(?:reporting|writing|editing|compiled|translated) by\b[^)]*\)\.?"
    r"|(?:additional )?(?:reporting|writing|editing) by\b[^;]*;.*"
    r"|additional reporting by\b.{0,80}|editing by\b.{0,80})$"
)
_CONTRIBUTED = re.compile(r"(?i)\bcontributed (?:to )?(?:this|the) (?:report|story|article)\b")
_SOURCE = re.compile(r"(?i)^source\s*:\s*[\w .,'’&-]{1,40}$")


def _credits(text: str) -> bool:
    words = _words(text)
    if _AGENCY_BYLINE.match(text) and words <= 45:
        return True
    if _CONTRIBUTED.search(text) and words <= 30:
        return True
    return bool(_SOURCE.match(text))


_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DAYS = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?"
)
_ZONES = r"gmt|utc|bst|cet|cest|eet|est|edt|cst|cdt|mst|mdt|pst|pdt|ist|jst|aest|et|pt|ct"
_STAMP = re.compile(
    r"(?i)^(?:first |last )?(?:published|updated|posted|modified)(?: on| at)?\s*:?\s*"
    rf"(?:(?:\d[\d:./-]*|{_MONTHS}|{_DAYS}|{_ZONES}|a\.?m\.?|p\.?m\.?|ago|hours?|hrs?|"
    r"minutes?|mins?|days?|weeks?|seconds?|at|on|the|of|\||[,.:()+-])\s*)+$"
)


def _timestamp(text: str) -> bool:
    return bool(_STAMP.match(text)) and _words(text) <= 14


_PROMO = re.compile(
    r"(?i)^(?:if you (?:enjoyed|liked|value|appreciate|found) (?:this|our)\b"
    r"|have a (?:news )?tip\b|got a (?:news )?tip\b|do you have a story\b"
    r"|this copy is for your personal,? non-commercial use"
    r"|an error (?:has )?occurred,? please try again"
    r"|(?:please )?(?:enable|turn on) javascript"
    r"|your browser does not support"
    r"|we'?re sorry,? (?:but )?(?:this|your)"
    r"|support (?:our|independent|quality) journalism"
    r"|(?:become|join) (?:a|our) (?:member|subscriber|supporter)s?\b"
    r"|to continue reading,)"
)


def _promo(text: str) -> bool:
    return bool(_PROMO.match(text)) and _words(text) <= 60


Rule = Callable[[str], bool]

#: Every line rule, by group name, in the order they are tried.
RULES: dict[str, Rule] = {
    "label": _label,
    "skip_link": _skip_link,
    "social_buttons": _social_buttons,
    "share": _share,
    "newsletter": _newsletter,
    "cookies": _cookies,
    "photo_credit": _photo_credit,
    "related": _related,
    "copyright": _copyright,
    "breadcrumb": _breadcrumb,
    "comment_count": _comment_count,
    "follow": _follow,
    "click_here": _click_here,
    "app_promo": _app_promo,
    "url_only": _url_only,
    "credits": _credits,
    "timestamp": _timestamp,
    "promo": _promo,
}

#: Rules that look at neighbouring lines. "link_list": after a "Related stories" / "Don't
#: miss" / "Read more:" / "Tags" line, the headline-like lines that follow are the list.
CONTEXT_RULES = frozenset({"link_list"})

#: Every rule group name.
ALL_RULES: frozenset[str] = frozenset(RULES) | CONTEXT_RULES

#: Rule groups the HTML pipeline applies after trafilatura: the ones that did not lower
#: F1 on the article-extraction benchmark (bench/extraction.py). Left out, measured by
#: removing one group at a time: "copyright" (-0.0002 F1: the benchmark's gold keeps some
#: wire copyright lines) and "url_only" (-0.0015: gold keeps contact e-mails, handles and
#: shop links). A rule dropping whole lines in capitals (cross-promotion links on some
#: sites) cost 0.0008 F1, because real subheads are often in capitals too, and was removed.
HTML_SAFE_RULES: frozenset[str] = ALL_RULES - {"copyright", "url_only"}

# Labels after which a list of links follows.
_LIST_HEADERS = frozenset(
    item.strip()
    for item in """
related|related stories|related articles|related content|related coverage|related links
related news|you may also like|you might also like|you may like|more stories|most read
most viewed|most popular|top stories|latest stories|latest news|don t miss|do not miss
recommended|recommended for you|recommended stories|more from|more on this story|more
see also|read more|read next|also read|read also|in case you missed it|trending
trending now|popular now|editor s picks|editors picks|more like this|more news
tags|topics|filed under|around the web
""".replace("\n", "|").split("|")
    if item.strip()
)
_TAG_HEADERS = frozenset({"tags", "topics", "filed under"})
_MAX_LIST_ITEMS = 10


def _is_list_header(text: str, rule: str | None) -> bool:
    return rule == "related" or (rule == "label" and _key(text) in _LIST_HEADERS)


def _is_list_item(text: str) -> bool:
    """A headline-like link: short and not a finished sentence."""
    return _words(text) <= 16 and not re.search(r"[.!?…:;\"”]\s*$", text)


def matching_rule(line: str, rules: Iterable[str] | None = None) -> str | None:
    """Name of the first line rule that marks ``line`` as boilerplate, or None."""
    text = _normalise(line)
    if not text:
        return None
    names = RULES if rules is None else rules
    for name in names:
        rule = RULES.get(name)
        if rule is not None and rule(text):
            return name
    return None


def is_boilerplate_line(line: str) -> bool:
    """True when ``line`` is page furniture rather than article prose."""
    return matching_rule(line) is not None


def strip_boilerplate(text: str, *, rules: Iterable[str] | None = None) -> str:
    """Drop boilerplate lines, collapse runs of blank lines, keep paragraph lines.

    ``rules`` limits the filter to some rule groups (names from :data:`ALL_RULES`); the
    default is all of them. Line endings become ``\\n``; kept lines are right-stripped.
    """
    active = tuple(ALL_RULES if rules is None else rules)
    unknown = set(active) - ALL_RULES
    if unknown:
        raise ValueError(f"unknown boilerplate rule groups: {sorted(unknown)}")
    link_lists = "link_list" in active
    kept: list[str] = []
    blank = False
    in_list = 0  # > 0 while inside a link list: how many more items may follow
    tag_line = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            blank = bool(kept)
            continue
        rule = matching_rule(line, active)
        if rule is not None:
            if link_lists and _is_list_header(_normalise(line), rule):
                in_list = _MAX_LIST_ITEMS
                tag_line = _key(_normalise(line)) in _TAG_HEADERS
            continue
        if in_list:
            text_ = _normalise(line)
            if tag_line and not re.search(r"[.!?]\s*$", text_):
                in_list, tag_line = 0, False
                continue
            if not tag_line and _is_list_item(text_):
                in_list -= 1
                continue
            in_list, tag_line = 0, False
        if blank:
            kept.append("")
            blank = False
        kept.append(line)
    return "\n".join(kept)

"""The rich text of a plan's sections: plain paragraphs or a small safe subset of HTML.

The editor is a textarea. A blank line starts a new paragraph; a block that is not already an
HTML block gets its own <p>, with single line breaks kept as <br>. The result is sanitised by
nh3 (Rust's ammonia), so what is stored is always safe to render with |safe. What the sanitiser
dropped is reported by name, so the editor can tell the author ("script", "onerror", ...)."""

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "a", "blockquote"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed together with their content: their text is code or styling, never prose.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript"}
)
BLOCK_TAGS = frozenset({"p", "ul", "ol", "h3", "h4", "blockquote"})
# nh3 adds rel to every link; it is ours, not the author's.
OUR_ATTRIBUTES = {"a": {"rel"}}

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_BLOCK_START = re.compile(r"^<(" + "|".join(sorted(BLOCK_TAGS)) + r")[\s>]", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20]+")
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\s*")


@dataclass(frozen=True)
class CleanResult:
    html: str
    removed: list[str] = field(default_factory=list)


def clean(text: str) -> CleanResult:
    """The safe HTML of `text` and the names of what was removed from it (in order, once each)."""
    source = _paragraphs(text or "")
    html = nh3.clean(
        source,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",
        strip_comments=True,
    )
    return CleanResult(html=_EMPTY_PARAGRAPH.sub("", html).strip(), removed=_removed(source))


def _paragraphs(text: str) -> str:
    """Blank-line separated blocks; a block that is not an HTML block becomes one paragraph."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = [block.strip() for block in _PARAGRAPH_BREAK.split(text) if block.strip()]
    return "\n\n".join(
        block if _BLOCK_START.match(block) else "<p>" + block.replace("\n", "<br>\n") + "</p>"
        for block in blocks
    )


class _Inventory(HTMLParser):
    """Collects the names of tags, attributes and link schemes the sanitiser will not keep."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.removed: list[str] = []

    def _note(self, name: str) -> None:
        if name not in self.removed:
            self.removed.append(name)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self._note(tag)
            # An event handler on a dropped tag is the attack itself: name it too.
            for name, _value in attrs:
                if name.startswith("on"):
                    self._note(name)
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | OUR_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self._note(name)
            elif name == "href":
                self._check_link(value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self._note("comment")

    def _check_link(self, href: str) -> None:
        scheme = urlsplit(_CONTROL.sub("", href)).scheme.lower()
        if not scheme:
            self._note("relative link")
        elif scheme not in URL_SCHEMES:
            self._note(f"{scheme}: link")


def _removed(source: str) -> list[str]:
    inventory = _Inventory()
    inventory.feed(source)
    inventory.close()
    return inventory.removed


_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(p|li|h3|h4|blockquote)>|<br\s*/?>", re.IGNORECASE)


def to_text(html: str) -> str:
    """The plain text of stored HTML, one line per block (for comparing versions)."""
    text = _BLOCK_END.sub("\n", html or "")
    text = unescape(_TAG.sub("", text))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


_TAG_TOKEN = re.compile(r"<(/?)([a-z0-9]+)[^>]*>")
CONTAINERS = frozenset({"ul", "ol", "li", "blockquote"})


def to_editor(html: str) -> str:
    """Stored HTML as the author would type it: top-level paragraphs become plain text with
    blank lines between them; lists, headings and quotes stay HTML. clean() turns it back."""
    html = html or ""
    parts: list[str] = []
    depth, position, opened = 0, 0, -1
    for tag in _TAG_TOKEN.finditer(html):
        closing, name = tag.group(1) == "/", tag.group(2)
        if name in CONTAINERS:
            depth += -1 if closing else 1
        elif name == "p" and depth == 0 and not closing:
            opened = tag.start()
        elif name == "p" and depth == 0 and opened >= 0:
            inner = html[opened + len("<p>") : tag.start()]  # stored <p> has no attributes
            if "\n" not in inner.replace("<br>\n", "") and inner == inner.strip():
                parts += [html[position:opened], "\n\n", inner.replace("<br>\n", "\n"), "\n\n"]
                position = tag.end()
            opened = -1
    parts.append(html[position:])
    return re.sub(r"\n{3,}", "\n\n", "".join(parts)).strip()

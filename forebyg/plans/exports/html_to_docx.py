"""Sanitised section HTML (plans.richtext's subset: p, strong, em, ul, ol, li, h3, h4, a,
blockquote, br) as Word paragraphs, runs and lists. Anything else is kept as plain text."""

import re
from html.parser import HTMLParser

from docx.document import Document
from docx.text.paragraph import Paragraph

WHITESPACE = re.compile(r"\s+")
BLOCK_STYLES = {"p": "Normal", "h3": "Heading 3", "h4": "Heading 4"}
LIST_STYLES = {"ul": "List Bullet", "ol": "List Number"}
MAX_LIST_DEPTH = 3  # Word's default template has list styles for three levels


def restarted_numbering(document: Document) -> int:
    """A numbering of the "List Number" style that starts again at 1. Word continues one
    numbering through every list of a style; each <ol> of the plan is a list of its own."""
    style = document.styles["List Number"].element
    num_id = style.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


class _Builder(HTMLParser):
    def __init__(self, document: Document) -> None:
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph: Paragraph | None = None
        self.bold = self.italic = self.quote = 0
        self.lists: list[str] = []
        self.numbering: list[int | None] = []  # per open list: its own numbering, for <ol>
        self.link: str | None = None
        self.link_text = ""

    def _style(self, tag: str) -> str:
        if tag == "li" and self.lists:
            depth = min(len(self.lists), MAX_LIST_DEPTH)
            base = LIST_STYLES[self.lists[-1]]
            return base if depth == 1 else f"{base} {depth}"
        if self.quote and tag == "p":
            return "Quote"
        return BLOCK_STYLES.get(tag, "Normal")

    def _open(self, tag: str) -> Paragraph:
        self.paragraph = self.document.add_paragraph(style=self._style(tag))
        if tag == "li" and self.numbering and self.numbering[-1] is not None:
            num_pr = self.paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = self.numbering[-1]
        return self.paragraph

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_STYLES or tag == "li":
            self._open(tag)
        elif tag in LIST_STYLES:
            restart = tag == "ol" and not self.lists
            self.lists.append(tag)
            self.numbering.append(restarted_numbering(self.document) if restart else None)
            self.paragraph = None
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "blockquote":
            self.quote += 1
            self.paragraph = None
        elif tag == "br":
            (self.paragraph or self._open("p")).add_run().add_break()
        elif tag == "a":
            self.link, self.link_text = dict(attrs).get("href") or None, ""

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_STYLES or tag == "li":
            self.paragraph = None
        elif tag in LIST_STYLES and self.lists:
            self.lists.pop()
            self.numbering.pop()
            self.paragraph = None
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
            self.paragraph = None
        elif tag == "a":
            # Word would need a relationship per hyperlink; the address in brackets prints too.
            if self.link and self.link_text.strip() != self.link:
                self._write(f" ({self.link.removeprefix('mailto:')})")
            self.link = None

    def handle_data(self, data: str) -> None:
        text = WHITESPACE.sub(" ", data)
        if self.paragraph is None:
            if not text.strip():
                return
            self._open("p")
        if self.link is not None:
            self.link_text += text
        self._write(text)

    def _write(self, text: str) -> None:
        paragraph = self.paragraph or self._open("p")
        if not paragraph.text:
            text = text.lstrip()
        if not text:
            return
        run = paragraph.add_run(text)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None
        if self.link is not None:
            run.underline = True


def add_html(document: Document, body: str) -> None:
    """Append the sanitised HTML `body` to `document` as paragraphs."""
    builder = _Builder(document)
    builder.feed(body)
    builder.close()

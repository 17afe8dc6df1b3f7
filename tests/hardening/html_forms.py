"""The POST forms of a page, as a hostile client sees them: action and named controls."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Control:
    name: str
    kind: str  # the input's type, "select" or "textarea"
    options: list[str] = field(default_factory=list)


@dataclass
class HtmlForm:
    action: str
    controls: dict[str, Control] = field(default_factory=dict)


class _FormFinder(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: Control | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form" and found.get("method", "").lower() == "post":
            self._form = HtmlForm(found.get("action") or self.page_url)
            self.forms.append(self._form)
        elif self._form is not None and tag in {"input", "select", "textarea"}:
            name = found.get("name")
            if not name or name == "csrfmiddlewaretoken":
                return
            kind = found.get("type", "text") if tag == "input" else tag
            control = self._form.controls.setdefault(name, Control(name, kind))
            if kind in {"checkbox", "radio"}:
                control.options.append(found.get("value", "on"))
            if tag == "select":
                self._select = control
        elif tag == "option" and self._select is not None:
            self._select.options.append(found.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def post_forms(body: str, page_url: str) -> list[HtmlForm]:
    finder = _FormFinder(page_url)
    finder.feed(body)
    return finder.forms

"""A keyboard-only user: Tab to a control, checking on every stop that focus can be seen.

Only page.keyboard acts on the page; locators are used to look (is this the focused element?),
never to click or fill. Every element Tab stops at must show where focus is: an outline or a box
shadow on the element, or, for DKFDS's check boxes and radio buttons (the input is hidden and
its label draws the box), on the label's ::before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page

MAX_TAB_STOPS = 200  # more than any page has; a control never reached fails instead of looping

# The focused element (or the label that draws a hidden check box) and whether focus shows on it.
FOCUS_SCRIPT = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return {visible: false, what: 'nothing'};
    const shows = (node, pseudo) => {
        const style = getComputedStyle(node, pseudo);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        return outline || (style.boxShadow && style.boxShadow !== 'none');
    };
    let visible = shows(element, null);
    if (!visible && (element.type === 'checkbox' || element.type === 'radio') && element.id) {
        const label = document.querySelector(`label[for="${CSS.escape(element.id)}"]`);
        visible = !!label && (shows(label, '::before') || shows(label, null));
    }
    const name = (element.getAttribute('aria-label') || element.textContent || element.name || '')
        .trim().replace(/\\s+/g, ' ').slice(0, 60);
    return {visible, what: `<${element.localName}${element.id ? '#' + element.id : ''}> ${name}`};
}"""


@dataclass
class KeyboardUser:
    """Moves through PAGE with the keyboard only; collects every stop where focus is invisible."""

    page: Page
    invisible_focus: list[str] = field(default_factory=list)

    def tab_to(self, target: Locator, *, backwards: bool = False) -> None:
        """Press Tab (Shift+Tab) until TARGET has focus; fail if it never gets it."""
        __tracebackhide__ = True
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(MAX_TAB_STOPS):
            self.page.keyboard.press(key)
            self.check_focus()
            if self.has_focus(target):
                return
        raise AssertionError(f"{key} never reached {target} in {MAX_TAB_STOPS} stops")

    def has_focus(self, target: Locator) -> bool:
        """TARGET (one element, or any of several: a radio group) has focus."""
        return bool(target.evaluate_all("all => all.includes(document.activeElement)"))

    def check_focus(self) -> None:
        focus = self.page.evaluate(FOCUS_SCRIPT)
        if not focus["visible"]:
            self.invisible_focus.append(f"{self.page.url}: {focus['what']}")

    def type_into(self, target: Locator, text: str) -> None:
        self.tab_to(target)
        self.page.keyboard.type(text)

    def choose(self, select: Locator, label: str) -> None:
        """Tab to the drop-down SELECT and move with the arrow keys to the option LABEL."""
        __tracebackhide__ = True
        self.tab_to(select)
        labels = [text.strip() for text in select.locator("option").all_inner_texts()]
        assert label in labels, f"{label!r} is not an option of {select}: {labels}"
        current = select.evaluate("element => element.selectedIndex")
        target = labels.index(label)
        key = "ArrowDown" if target > current else "ArrowUp"
        for _ in range(abs(target - current)):
            self.page.keyboard.press(key)
        chosen = select.evaluate("element => element.options[element.selectedIndex].text")
        assert chosen.strip() == label, f"the arrow keys chose {chosen!r}, not {label!r}"

    def choose_radio(self, radios: Locator, radio: Locator) -> None:
        """Tab into the group of RADIOS (Tab stops once in a group) and arrow down to RADIO."""
        __tracebackhide__ = True
        self.tab_to(radios)
        for _ in range(radios.count()):
            if self.has_focus(radio):
                break
            self.page.keyboard.press("ArrowDown")
            self.check_focus()
        if not radio.is_checked():
            self.page.keyboard.press("Space")
        assert radio.is_checked(), f"the arrow keys did not choose {radio}"

    def tick(self, box: Locator) -> None:
        """Tab to a check box or radio button and press Space."""
        self.tab_to(box)
        self.page.keyboard.press("Space")
        assert box.is_checked(), f"Space did not tick {box}"

"""Checks that every page a test renders must pass."""

from collections import Counter
from html.parser import HTMLParser


class PageParser(HTMLParser):
    """Collect what the invariants need: the html tag, ids, forms and their fields."""

    def __init__(self) -> None:
        super().__init__()
        self.html_attrs: dict[str, str | None] = {}
        self.ids: Counter[str] = Counter()
        self.forms: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.html_attrs = attributes
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1
        if tag == "form":
            self.forms.append({"attrs": attributes, "fields": set()})
        if tag in {"input", "select", "textarea", "button"} and self.forms:
            self.forms[-1]["fields"].add(attributes.get("name"))


def check_page(html: str) -> None:
    """Fail when a page lacks lang/dir, repeats an id or posts without a token."""
    parser = PageParser()
    parser.feed(html)
    assert parser.html_attrs.get("lang") in {"ar", "fr", "en"}, "html has no lang"
    expected = "rtl" if parser.html_attrs["lang"] == "ar" else "ltr"
    assert parser.html_attrs.get("dir") == expected, "html dir does not fit lang"
    repeated = [name for name, count in parser.ids.items() if count > 1]
    assert not repeated, f"duplicate ids: {repeated}"
    for form in parser.forms:
        if (form["attrs"].get("method") or "get").lower() == "post":
            assert "csrf_token" in form["fields"] or form["attrs"].get(
                "action", ""
            ).endswith("/status"), f"POST form without a CSRF token: {form['attrs']}"

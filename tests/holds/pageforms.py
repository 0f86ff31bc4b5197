"""The fields of the forms of an HTML page, with the values a browser would send."""
from html.parser import HTMLParser

SKIPPED_TYPES = {"submit", "button", "reset", "file", "image"}


class _FormFields(HTMLParser):
    """Collects {name: value} over every form of a page, as first rendered."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values = {}
        self._select = None
        self._select_first = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type", "text") not in SKIPPED_TYPES:
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                self.values.setdefault(name, None)
            else:
                self.values[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select, self._select_first = name, None
            self.values.setdefault(name, None)
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
                self.values[self._select] = value
            if "selected" in attrs:
                self.values[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def fields(html):
    """{name: value or None (an unchecked box)} of every field of every form."""
    parser = _FormFields()
    parser.feed(html)
    return parser.values

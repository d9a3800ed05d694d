"""The forms of a page as a browser would submit them: enough HTML parsing for the load test's people."""

from html.parser import HTMLParser


class Form:
    def __init__(self, action, method):
        self.action, self.method, self.fields = action, method, []

    def data(self, **overrides):
        data = [(name, value) for name, value in self.fields if name not in overrides]
        for name, value in overrides.items():
            for one in value if isinstance(value, (list, tuple)) else [value]:
                data.append((name, one))
        return data


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.links, self._form, self._textarea, self._select = [], [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = Form(attrs.get("action") or "", (attrs.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name") and tag != "option":
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file", "image"):
                self._form.fields.append((attrs["name"], attrs.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
        elif tag == "select":
            self._select = [attrs["name"], None, None]  # name, first option, selected option
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in attrs:
                self._select[2] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, first, selected = self._select
            value = selected if selected is not None else first
            if value is not None:
                self._form.fields.append((name, value))
            self._select = None


def parse(html):
    parser = _Forms()
    parser.feed(html)
    return parser


def form(html, action_contains="", *, with_field=None):
    """The first form whose action contains this text (and that has this field), or None."""
    for candidate in parse(html).forms:
        if action_contains in candidate.action and (with_field is None or with_field in dict(candidate.fields)):
            return candidate
    return None


def links(html, contains):
    return [href for href in parse(html).links if contains in href]

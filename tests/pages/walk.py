"""Every page of the site, read from the URL conf, and a walk that requests them as each role.

The pages are not listed by hand: a page added later is walked without anyone remembering to, and a
page that takes a kind of argument no filler knows fails `unknown_arguments()` (and so the test)
until one is written here. Ids are named by the models `tests/security/test_idor.py` maps them to.
"""

import traceback
from dataclasses import dataclass

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from inspections.report import section_keys
from inspections.rows import ROW_SETS
from tests.security.test_idor import model_for

# Not pages of this site: Django's admin, the JSON API (its own tests, Schemathesis among them, cover
# every answer), the language switch (a POST that redirects), and the health check, whose 503 is its
# answer when no daily checkpoint has run (tests/test_healthz.py).
SKIPPED_NAMESPACES = {"admin", "api"}
SKIPPED_NAMES = {"set_language", "api-schema", "api-docs", "healthz"}
# Arguments that are not ids: the values each may take.
# `key`: the rows behind a figure of the annual summary, or a section of it.
# `who`: the part a person is picked for in the disclosure registers (registers.views.disclosure.PEOPLE).
WORDS = {"key": lambda: sorted(set(ROW_SETS) | set(section_keys())), "who": lambda: sorted(_disclosure_people())}


def _disclosure_people():
    from registers.views.disclosure import PEOPLE

    return PEOPLE
# Variants of a list page a person reaches from its own links (filters, modes), asked besides the bare page.
QUERIES = {
    "documents:ledger": ["?mode=documents", "?q=BGS", "?status=out"],
    "documents:loans": ["?status=out", "?status=requested"],
}


@dataclass(frozen=True)
class Page:
    name: str
    route: str
    ids: tuple  # (kwarg, model) for each integer argument
    words: tuple  # kwargs that take a word

    @property
    def is_print(self):
        # A print is asked for by POST (it records itself); the one- and two-object prints need nothing else.
        return "print" in self.name


def pages():
    """Every named page of the URL conf, with what its arguments name."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name and pattern.name not in SKIPPED_NAMES:
                route = prefix + str(pattern.pattern)
                converters = getattr(pattern.pattern, "converters", {})
                ids = tuple(
                    (kwarg, model_for(kwarg, route))
                    for kwarg, converter in converters.items()
                    if type(converter).__name__ == "IntConverter"
                )
                words = tuple(kwarg for kwarg, converter in converters.items() if type(converter).__name__ != "IntConverter")
                yield Page(f"{namespace}:{pattern.name}" if namespace else pattern.name, route, ids, words)

    return list(walk(get_resolver().url_patterns, "", ""))


def unknown_arguments():
    """(page, argument) for every argument no filler knows how to fill."""
    unknown = []
    for page in pages():
        unknown += [(page.name, kwarg) for kwarg, model in page.ids if model is None]
        unknown += [(page.name, kwarg) for kwarg in page.words if kwarg not in WORDS]
    return unknown


# A page with two ids names an object and one of its parts: the part is chosen, the whole follows.
PARTS = {("inventories/", "item_pk"): ("pk", "inventory_id"), ("inventories/", "device_item_pk"): ("pk", "inventory_id")}


def urls_of(page, ids_of, every_word=True):
    """The addresses of `page` for the objects `ids_of(model)` gives (every one for a page without ids).

    A page taking a word is asked with every word it takes, or (not `every_word`) with the first only.
    """
    if not page.ids:
        words = [{}]
        for kwarg in page.words:
            choices = WORDS[kwarg]()
            words = [{**kwargs, kwarg: word} for kwargs in words for word in (choices if every_word else choices[:1])]
        urls = [reverse(page.name, kwargs=kwargs) for kwargs in words]
        if not page.words:
            urls += [urls[0] + query for query in QUERIES.get(page.name, [])]
        return urls
    if len(page.ids) == 1:
        (kwarg, model), = page.ids
        return [reverse(page.name, kwargs={kwarg: pk}) for pk in ids_of(model)]
    (kwarg, model), = [(kwarg, model) for kwarg, model in page.ids if any(
        page.route.startswith(prefix) and kwarg == part for prefix, part in PARTS
    )]
    (parent_kwarg, parent_field), = [whole for (prefix, part), whole in PARTS.items() if part == kwarg]
    rows = model._default_manager.filter(pk__in=list(ids_of(model))).values_list("pk", parent_field)
    return [reverse(page.name, kwargs={kwarg: pk, parent_kwarg: parent}) for pk, parent in rows]


class Walker:
    """Signed-in clients, one per person, that ask for pages and collect every answer of 500 or more."""

    def __init__(self, people):
        self.clients = {}
        for name, user in people.items():
            client = Client(raise_request_exception=True)
            client.force_login(user)
            self.clients[name] = client
        self.requests = 0

    def ask(self, page, url, people):
        """({person: status}, {person: failure}) for `people` asking for `url`; a failure is an exception or a 5xx."""
        answers, failures = {}, {}
        for name in people:
            self.requests += 1
            try:
                # In a savepoint: a page that breaks the transaction must not break the pages after it.
                with transaction.atomic():
                    response = self.clients[name].get(url)
                    if response.status_code == 405 and page.is_print:
                        response = self.clients[name].post(url, {})
            except Exception:  # noqa: BLE001 - whatever a page raises is what this walk looks for
                failures[name] = traceback.format_exc(limit=-10)
                continue
            answers[name] = response.status_code
            if response.status_code >= 500:
                failures[name] = f"answered {response.status_code}"
        return answers, failures

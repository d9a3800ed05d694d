"""`{% colon %}`, `{% list_comma %}`, `{% list_semicolon %}`, `{{ aside|bracketed }}`: the marks between translated pieces (documents.punctuation)."""

from django import template

from documents import punctuation

register = template.Library()

register.simple_tag(punctuation.colon, name="colon")
register.simple_tag(punctuation.list_comma, name="list_comma")
register.simple_tag(punctuation.list_semicolon, name="list_semicolon")
register.filter("bracketed", punctuation.bracketed)

"""Keyset ("cursor") pagination for API lists: the ledger's own sorts and cursors (documents.pagination).

`?sort=` picks one of the view's sorts (each ends in a unique key); `next`
and `previous` are links carrying `after`/`before` cursors. A deep page costs
what the first costs.
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from documents.pagination import decode_cursor, paginate

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class KeysetPagination(BasePagination):
    def paginate_queryset(self, queryset, request, view=None):
        sorts = view.sorts
        sort = request.query_params.get("sort") or next(iter(sorts))
        if sort not in sorts:
            raise ValidationError({"sort": [_("Choose one of: %s.") % ", ".join(sorts)]})
        keys = sorts[sort][1]
        after, before = request.query_params.get("after"), request.query_params.get("before")
        for name, cursor in (("after", after), ("before", before)):
            if cursor and decode_cursor(queryset, keys, cursor) is None:
                raise ValidationError({name: [_("This cursor is not one this list gave; start again from the first page.")]})
        self.request = request
        self.page = paginate(queryset, keys=keys, after=after, before=before, size=self._limit(request))
        return self.page.rows

    def _limit(self, request):
        raw = request.query_params.get("limit")
        if raw in (None, ""):
            return DEFAULT_LIMIT
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
            raise ValidationError({"limit": [_("Give a number from 1 to %d.") % MAX_LIMIT]})
        return int(raw)

    def _link(self, name, cursor):
        if not cursor:
            return None
        url = self.request.build_absolute_uri()
        for param in ("after", "before"):
            url = remove_query_param(url, param)
        return replace_query_param(url, name, cursor)

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self._link("after", self.page.next_cursor),
                "previous": self._link("before", self.page.previous_cursor),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        def query(name, schema, description):
            return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}

        return [
            query("sort", {"type": "string", "enum": list(view.sorts)}, "Order of the list; each ends in a unique key."),
            query("after", {"type": "string"}, "Cursor from a `next` link: the rows after it."),
            query("before", {"type": "string"}, "Cursor from a `previous` link: the rows before it."),
            query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}, f"Rows per page (default {DEFAULT_LIMIT})."),
        ]

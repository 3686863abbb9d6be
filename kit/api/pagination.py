"""Pages of every API list: `?page=` (from 1) and `?page_size=` (default 50, at most 500).

Counted and paged up to kit.pagination.MAX_PAGED_ROWS rows: past them, `count` stops at the bound
and `count_is_bounded` is true; a page past the bound is 404 with a message saying so."""

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kit.pagination import MAX_PAGED_ROWS, BoundedPaginator


def _whole_number(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdecimal()) or int(raw) < 1:
        raise ValidationError({name: [_("A whole number from 1 up.")]})
    return int(raw)


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page numbers, with junk refused: `page` and `page_size` must be whole numbers from 1
    (400 naming the parameter); a `page_size` above 500 is clamped to 500; a page past the last is 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = BoundedPaginator
    # Django's own message: "That page contains no results", or why the bound stops the paging.
    invalid_page_message = "{message}"

    def paginate_queryset(self, queryset, request, view=None):
        _whole_number(request, self.page_query_param)
        _whole_number(request, self.page_size_query_param)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.shown_count,
                "count_is_bounded": paginator.is_bounded,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"The number of records, counted up to {MAX_PAGED_ROWS:,}: past that, {MAX_PAGED_ROWS} "
            "and count_is_bounded is true."
        )
        response["properties"] = {
            "count": response["properties"]["count"],
            "count_is_bounded": {
                "type": "boolean",
                "description": f"More than {MAX_PAGED_ROWS:,} records: only the first {MAX_PAGED_ROWS:,} are paged "
                "(a page past them is 404); narrow the filters to reach the others.",
            },
            **{k: v for k, v in response["properties"].items() if k != "count"},
        }
        response["required"] = ["count", "count_is_bounded", "results"]
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["default"] = self.page_size
                parameter["description"] = (
                    f"Rows per page: {self.page_size} by default; above {self.max_page_size} is clamped to "
                    f"{self.max_page_size}. Not a whole number from 1: 400."
                )
            else:
                parameter["description"] = (
                    "Page number from 1; not a whole number from 1: 400; past the last, or past the "
                    f"first {MAX_PAGED_ROWS:,} records: 404."
                )
        return parameters

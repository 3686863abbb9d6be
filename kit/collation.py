"""People and places sorted as Chinese readers expect: by pinyin (李 before 王 before 张).

PostgreSQL's ICU collation "zh-x-icu" orders Han characters by pinyin; SQLite has no such
collation and keeps its plain (code point) order. Every list that sorts by a name goes
through `by_pinyin`, so the rule lives here once.
"""

from django.db.models import F
from django.db.models.functions import Collate

PINYIN_COLLATION = "zh-x-icu"


class Pinyin(Collate):
    def __init__(self, expression):
        super().__init__(expression, PINYIN_COLLATION)

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.get_source_expressions()[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, **extra_context)


def is_name_field(field: str) -> bool:
    """Names are what people look up by ear: `name`, `head_name`, `person_name`, `last_name`…"""
    return field.lstrip("-").rsplit("__", 1)[-1].endswith("name")


def by_pinyin(*fields: str) -> list:
    """`order_by` arguments for `fields` ("-name" descending), names in pinyin order."""
    ordering = []
    for field in fields:
        if not isinstance(field, str) or not is_name_field(field):
            ordering.append(field)
            continue
        expression = Pinyin(F(field.lstrip("-")))
        ordering.append(expression.desc() if field.startswith("-") else expression.asc())
    return ordering

"""Model constraints refused in officers' words, beside the field they are about."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import router


class FieldConstraintsMixin:
    """`constraint_fields = {constraint name: field}`: a form or `full_clean` shows that constraint's
    `violation_error_message` beside the field, once, instead of Django's non-field "Constraint “…” is
    violated." (Django puts every check constraint's refusal among the non-field errors.)"""

    constraint_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(type(self), instance=self)
        errors: dict = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as exc:
                    field = self.constraint_fields.get(constraint.name)
                    if field is None and exc.code == "unique" and len(getattr(constraint, "fields", ())) == 1:
                        field = constraint.fields[0]
                    if field is not None:
                        errors.setdefault(field, []).extend(exc.error_list)
                    else:
                        errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

"""A base for POST-only inline actions (htmx): act on one scoped record, answer
with the re-rendered panel for htmx, or a redirect with a message otherwise."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from kit.versioning import StaleVersionError
from kit.views import ScopedMixin


def error_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [str(m) for errors in exc.error_dict.values() for e in errors for m in e.messages]
    return [str(m) for m in exc.messages]


class ScopedActionView(ScopedMixin, SingleObjectMixin, View):
    """Subclasses set `model`, `permission_required` and implement `act()`;
    `panel_template` and `panel_context(obj)` render the result."""

    panel_template = ""
    success_message = ""

    def act(self, obj):
        raise NotImplementedError

    def panel_context(self, obj, **extra) -> dict:
        raise NotImplementedError

    def target(self, obj):
        return obj

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        errors: list[str] = []
        status = 200
        try:
            self.act(obj)
        except StaleVersionError as exc:
            errors, status = [str(exc)], 409
        except ValidationError as exc:
            errors = error_messages(exc)
        target = self.target(obj)
        if request.htmx:
            # htmx swaps 2xx only: the stale-version case answers 200 with the message in the panel.
            context = self.panel_context(target, action_errors=errors, action_name=self.action_name())
            return render(request, self.panel_template, context)
        for message in errors:
            messages.error(request, message)
        if not errors and self.success_message:
            messages.success(request, self.success_message)
        response = HttpResponseRedirect(target.get_absolute_url())
        if status == 409:
            response.status_code = 303
        return response

    def action_name(self) -> str:
        return self.__class__.__name__

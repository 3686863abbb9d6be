"""Helpers shared by the community pages."""


class ServiceSaveMixin:
    """Create/update views whose save is one service call, made in `save_with_service(form, instance, expected)`."""

    def save_with_service(self, form, instance, expected: int | None):
        raise NotImplementedError

    def perform_save(self, form):
        instance = form.save(commit=False)
        expected = form.cleaned_data.get("expected_version") if instance.pk else None
        return self.save_with_service(form, instance, expected)

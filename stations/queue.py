"""The work queue: what waits on a user, gathered from every app.

Apps register providers in their AppConfig.ready(); a provider takes the user
and returns QueueEntry items, using a constant number of queries. The home
page merges and sorts them. Stored reminders (jobs, the bureau) are one
provider among others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from kit.urgency import urgency

Provider = Callable[[object], Iterable["QueueEntry"]]
_providers: list[Provider] = []


@dataclass(frozen=True)
class QueueEntry:
    title: str
    url: str
    kind_label: str
    due_date: date | None = None
    priority: int = 50
    detail: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def urgency(self) -> str:
        return urgency(self.due_date)

    @property
    def overdue(self) -> bool:
        return self.due_date is not None and self.due_date < timezone.localdate()


def register_provider(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def queue_for(user) -> list[QueueEntry]:
    entries = [entry for provider in _providers for entry in provider(user)]
    far = date.max
    return sorted(entries, key=lambda e: (e.priority, e.due_date or far, e.title))

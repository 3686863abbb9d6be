"""The main menu. Apps register their entries in AppConfig.ready(); the
context processor shows each entry to users holding its permission."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None
    icon: str = "circle"
    order: int = 100
    bureau_only: bool = False

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_items: list[NavItem] = []


def register_nav(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _items):
        _items.append(item)


def nav_for(user) -> list[NavItem]:
    from stations.scoping import is_bureau_level

    if not user.is_authenticated:
        return []
    bureau = is_bureau_level(user)
    return [
        item
        for item in sorted(_items, key=lambda i: i.order)
        if (item.permission is None or user.has_perm(item.permission)) and (bureau or not item.bureau_only)
    ]

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


@dataclass(frozen=True)
class NavGroup:
    """One menu entry: a module's items under its name (a dropdown when more than one)."""

    label: str
    items: list[NavItem]

    @property
    def icon(self) -> str:
        return self.items[0].icon

    @property
    def url_names(self) -> list[str]:
        return [item.url_name for item in self.items]


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


def nav_groups_for(user) -> list[NavGroup]:
    """The user's menu grouped by module (the app named by the URL's namespace)."""
    from django.apps import apps

    groups: dict[str, list[NavItem]] = {}
    for item in nav_for(user):
        # Un-namespaced entries (the queue, the organisation pages) stand alone.
        key = item.url_name.split(":")[0] if ":" in item.url_name else item.url_name
        groups.setdefault(key, []).append(item)
    result = []
    for key, items in groups.items():
        label = apps.get_app_config(key).verbose_name if len(items) > 1 else items[0].label
        result.append(NavGroup(label=str(label), items=items))
    return result

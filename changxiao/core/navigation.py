"""The main menu, by mechanism: each app registers its entries and who sees them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str = ""
    visible: Callable[[object], bool] = lambda user: True


@dataclass(frozen=True)
class NavSection:
    key: str
    label: str
    icon: str
    order: int
    items: list[NavItem] = field(default_factory=list)


_SECTIONS: dict[str, NavSection] = {}


def register_section(section: NavSection) -> None:
    _SECTIONS[section.key] = section


@lru_cache(maxsize=1024)
def _menu_url(url_name: str, urlconf, script_prefix: str) -> str:
    return reverse(url_name, urlconf=urlconf)


def menu_url(url_name: str) -> str:
    """The address of a menu entry (a URL name without arguments), reversed once per URL configuration: every staff
    page's layout asks for some forty of them."""
    return _menu_url(url_name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def navigation_for(user) -> list[dict]:
    menu = []
    for section in sorted(_SECTIONS.values(), key=lambda s: s.order):
        items = [
            {
                "label": item.label,
                "url": menu_url(item.url_name),
                "icon": item.icon,
                "url_name": item.url_name,
            }
            for item in section.items
            if item.visible(user)
        ]
        if items:
            menu.append({"key": section.key, "label": section.label, "icon": section.icon, "items": items})
    return menu


@dataclass(frozen=True)
class PublicEntry:
    """One thing the public can do on the public site (/public/): each app registers its own in navigation.py."""

    label: str
    description: str
    url_name: str
    icon: str = ""
    order: int = 100


_PUBLIC_ENTRIES: dict[str, PublicEntry] = {}


def register_public_entry(entry: PublicEntry) -> None:
    _PUBLIC_ENTRIES[entry.url_name] = entry


def public_entries() -> list[dict]:
    return [
        {"label": e.label, "description": e.description, "url": menu_url(e.url_name), "icon": e.icon}
        for e in sorted(_PUBLIC_ENTRIES.values(), key=lambda e: (e.order, e.url_name))
    ]


@dataclass(frozen=True)
class PublicHighlight:
    """A dated item the public home shows (a published article, a bulletin …): each app registers a provider."""

    title: str
    url: str
    date: object
    label: str = ""
    summary: str = ""


_HIGHLIGHT_PROVIDERS: dict[str, Callable[[int], list[PublicHighlight]]] = {}


def register_public_highlights(key: str, provider: Callable[[int], list[PublicHighlight]]) -> None:
    """`provider(limit)` gives an app's latest public items, newest first (publicity's articles …)."""
    _HIGHLIGHT_PROVIDERS[key] = provider


def public_highlights(limit: int = 6) -> list[PublicHighlight]:
    """The newest public items of every app, newest first."""
    items = [item for provider in _HIGHLIGHT_PROVIDERS.values() for item in provider(limit)]
    return sorted(items, key=lambda item: str(item.date), reverse=True)[:limit]

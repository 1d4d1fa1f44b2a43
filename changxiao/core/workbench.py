"""The workbench gathers each user's to-dos from providers that every app registers."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from .deadlines import DeadlineStatus, deadline_status, status_colour

# Red first, then yellow, then the rest; within a colour the earliest due date first.
_SEVERITY = {
    DeadlineStatus.OVERDUE: 0,
    DeadlineStatus.DUE_SOON: 1,
    DeadlineStatus.ON_TRACK: 2,
    None: 3,
}


@dataclass
class Todo:
    title: str
    url: str
    source: str
    due: date | None = None
    detail: str = ""
    count: int | None = None
    status: DeadlineStatus | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.status = deadline_status(self.due)

    @property
    def colour(self) -> str:
        return status_colour(self.status) if self.status else "grey"


Provider = Callable[[object], Iterable[Todo]]
_PROVIDERS: list[Provider] = []


def register_provider(provider: Provider) -> Provider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def todos_for(user) -> list[Todo]:
    todos = [todo for provider in _PROVIDERS for todo in provider(user)]
    return sorted(todos, key=lambda t: (_SEVERITY.get(t.status, 3), t.due or date.max, t.title))

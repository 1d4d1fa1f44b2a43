"""What needs a leader's attention across mechanisms (a seam, docs/architecture.md section 4): a red 督办单, a round
whose 公示 drew objections, a feedback item escalated, a funding rule not met … Each app that holds such records
registers a provider in its `attention` module; the cockpit asks `attention_for` and imports no app.

A provider is `provider(user, region_path) -> list[AttentionItem]`: the items inside the jurisdiction `region_path`
(a Region's path) that `user` may see, each linking to its record."""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date

RED, YELLOW = "red", "yellow"
SEVERITY_ORDER = {RED: 0, YELLOW: 1}


@dataclass(frozen=True)
class AttentionItem:
    mechanism: str  # the mechanism it comes from, translated ("Supervision")
    kind: str  # what it is, translated ("Red supervision order")
    title: str
    owner: str  # the unit that must act, by name
    url: str  # the record's page
    severity: str = RED
    deadline: date | None = None
    region_path: str = ""

    def as_data(self) -> dict:
        """Plain data for a snapshot (dates as ISO text)."""
        data = asdict(self)
        data["deadline"] = self.deadline.isoformat() if self.deadline else ""
        return {key: str(value) for key, value in data.items()}


AttentionProvider = Callable[[object, str], list[AttentionItem]]
_PROVIDERS: list[AttentionProvider] = []


def register_attention_provider(provider: AttentionProvider) -> AttentionProvider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def attention_for(user, region_path: str, *, limit: int = 200) -> list[AttentionItem]:
    """Every provider's items for the jurisdiction: red before yellow, the earliest deadline first."""
    items = [item for provider in _PROVIDERS for item in provider(user, region_path)]
    items.sort(key=lambda i: (SEVERITY_ORDER.get(i.severity, 9), i.deadline or date.max, i.title))
    return items[:limit]

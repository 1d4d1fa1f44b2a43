"""The permission step every service and view takes, written once. What a person may do is decided by the owning
app's named predicates (`can_verify`, `can_manage_plan`, …); these only turn a refusal into the 403 every caller
answers with."""

from django.core.exceptions import PermissionDenied


def require(allowed: bool) -> None:
    """Refuse the step (403) unless the app's predicate allowed it."""
    if not allowed:
        raise PermissionDenied

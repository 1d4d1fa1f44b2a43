"""The periodic sweep: idempotent steps registered by each app, run by `manage.py sweep`."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepStep:
    name: str
    func: Callable[[], int]
    order: int


_STEPS: dict[str, SweepStep] = {}


def sweep_step(name: str, order: int = 100):
    """Register a step. It must be safe to run any number of times and return how many rows it handled."""

    def decorator(func: Callable[[], int]) -> Callable[[], int]:
        _STEPS[name] = SweepStep(name=name, func=func, order=order)
        return func

    return decorator


def registered_steps() -> list[SweepStep]:
    return sorted(_STEPS.values(), key=lambda s: (s.order, s.name))


def run_sweep(only: list[str] | None = None) -> dict[str, int | str]:
    """Run every step; one failing step is logged and does not stop the others."""
    results: dict[str, int | str] = {}
    for step in registered_steps():
        if only and step.name not in only:
            continue
        started = time.monotonic()
        try:
            results[step.name] = step.func()
        except Exception as exc:  # keep the other steps running; the error is logged with its trace
            logger.exception("sweep step %s failed", step.name)
            results[step.name] = f"error: {exc}"
        logger.debug("sweep step %s took %.3fs", step.name, time.monotonic() - started)
    return results

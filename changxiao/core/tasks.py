"""Background work on existing engines: a thread of the web process by default, inline in tests.

A task takes primary keys, never model instances, and claims its row with a conditional UPDATE, so the
sweep can pick up anything a crashed process left behind without running it twice.
"""

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connection, transaction

logger = logging.getLogger(__name__)


def _run(func: Callable, args: tuple) -> None:
    close_old_connections()
    try:
        func(*args)
    except Exception:
        logger.exception("background task %s failed", getattr(func, "__name__", func))
    finally:
        connection.close()


def enqueue(func: Callable, *args) -> None:
    if settings.TASK_BACKEND == "immediate":
        transaction.on_commit(lambda: func(*args))
        return
    transaction.on_commit(lambda: threading.Thread(target=_run, args=(func, args), daemon=True).start())

"""Per-client rate limits for public endpoints: a fixed window counted in the cache (Redis in production).

    @rate_limit("public-read", limit=120, per_seconds=60)
    def public_page(request): ...

Over the limit the client gets 429 with a polite message in its language and a Retry-After header."""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The client address; behind the trusted proxies of REVERSE_PROXY_COUNT, from X-Forwarded-For."""
    hops = getattr(settings, "REVERSE_PROXY_COUNT", 0)
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def hit(bucket: str, key: str, *, limit: int, per_seconds: int) -> bool:
    """Count one request; False when the client is over the limit for the current window."""
    window = int(time.time() // per_seconds)
    cache_key = f"ratelimit:{bucket}:{key}:{window}"
    cache.add(cache_key, 0, timeout=per_seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=per_seconds + 1)
        count = 1
    return count <= limit


def rate_limit(bucket: str, *, limit: int, per_seconds: int = 60, methods: tuple[str, ...] = ()):
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if (not methods or request.method in methods) and not hit(
                bucket, client_ip(request), limit=limit, per_seconds=per_seconds
            ):
                response = render(request, "429.html", status=429)
                response["Retry-After"] = str(per_seconds)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

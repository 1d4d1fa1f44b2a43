"""Demonstration data of the portal (filled in below)."""

from changxiao.core.demo import register_demo


@register_demo("portal", order=80)
def load(stdout) -> None:
    return None

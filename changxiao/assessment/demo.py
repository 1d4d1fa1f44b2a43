"""The indicator sets shipped with the platform are loaded with the demo data (and by `load_indicator_sets`)."""

from changxiao.core.demo import register_demo

from .indicator_data import load_shipped


@register_demo("assessment", order=50)
def load(stdout) -> list:
    for indicator_set, created in load_shipped():
        stdout.write(
            f"assessment: {indicator_set} {'loaded' if created else 'already present'}"
            f" ({indicator_set.indicators.count()} indicators)"
        )
    return []

"""Citizens' feedback for tests, submitted by `feedback_submit` as the public form submits it (routed, given its
deadlines and tracking code by the same rules).

    item = FeedbackFactory(region=world.gusu)                                  # a demand about activities
    item = FeedbackFactory(kind="complaint", region=world.gusu, venue=world.venue_unit, content="电梯坏了没人修")
"""

import factory

from changxiao.core.tests.factories import ServiceFactory
from changxiao.feedback.models import Category, FeedbackItem
from changxiao.feedback.services import feedback_submit


def shipped_category(name: str = "活动内容") -> Category:
    """A category shipped with the platform (offered in every jurisdiction)."""
    return Category.objects.get_or_create(owner=None, name=name)[0]


class FeedbackFactory(ServiceFactory):
    """An item submitted from `region` (required), in a shipped category unless `category` is given."""

    class Meta:
        model = FeedbackItem

    kind = "demand"
    category = factory.LazyFunction(shipped_category)
    content = "希望图书馆周一也开放"

    @classmethod
    def make(cls, **fields) -> FeedbackItem:
        item, _created = feedback_submit(**fields)
        return item

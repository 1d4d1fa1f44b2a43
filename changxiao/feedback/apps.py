from django.utils.translation import gettext_lazy as _

from changxiao.core import apps as platform


class FeedbackConfig(platform.MechanismAppConfig):
    name = "changxiao.feedback"
    label = "feedback"
    verbose_name = _("Citizen feedback")
    url_prefix = "feedback/"
    has_sweep_steps = True
    has_metrics = True
    extra_registry_modules = ("staffing",)
    audit_exclude_models = {
        "PhoneView": "it is itself the log of every full view of a citizen's phone number, only ever appended to",
    }
    # A citizen's phone number is encrypted at rest; the audit log would keep it in a second place.
    audit_exclude_fields = ("phone_encrypted",)

    def ready(self) -> None:
        super().ready()
        from changxiao.core import events

        # The outcome of a finding raised from a citizen's feedback, told by supervision through core's seam.
        events.finding_outcome.connect(_receive_finding_outcome, dispatch_uid="feedback.finding_outcome")
        from changxiao.orgs.models import Unit
        from changxiao.orgs.views_choices import searchable

        from .forms import ANY_UNIT

        # A transfer may suggest any active unit, as its form has always offered.
        searchable(ANY_UNIT, lambda user: Unit.objects.active())


def _receive_finding_outcome(sender, *, event, **kwargs) -> None:
    from .services import supervision_outcome_record

    supervision_outcome_record(event=event)

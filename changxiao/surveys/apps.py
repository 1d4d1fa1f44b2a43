from django.utils.translation import gettext_lazy as _

from changxiao.core import apps as platform


class SurveysConfig(platform.MechanismAppConfig):
    name = "changxiao.surveys"
    label = "surveys"
    verbose_name = _("Public evaluation")
    url_prefix = "surveys/"
    # Survey links are the public site's busiest addresses (every respondent opens and posts one): matched first.
    public_url_order = 0
    has_sweep_steps = True
    has_metrics = True
    audit_exclude_models = {
        # The busiest write of the platform is one INSERT per response (services.response_submit), which no
        # signal sees; a log row per response would double it. A response is never edited: the office's one
        # decision on it, including a flagged response or not, is on the campaign's timeline.
        "Response": "anonymous answers stored by one INSERT; the office's review is on the campaign's timeline",
        "IndexTally": "running sums derived from the responses by the sweep, rebuilt from them at any time",
    }
    # The sweep's watermark on a campaign: machine bookkeeping, not a change anyone made.
    audit_exclude_fields = ("tallied_up_to",)

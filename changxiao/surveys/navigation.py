from django.utils.translation import gettext_lazy as _

from changxiao.core.navigation import (
    NavItem,
    NavSection,
    PublicEntry,
    register_public_entry,
    register_section,
)

register_section(
    NavSection(
        key="surveys",
        label=_("Public evaluation"),
        icon="bi-emoji-smile",
        order=45,
        items=[
            NavItem(_("Survey campaigns"), "surveys:campaign_list", "bi-qr-code"),
            NavItem(_("Questionnaires"), "surveys:questionnaire_list", "bi-ui-checks"),
        ],
    )
)

register_public_entry(
    PublicEntry(
        label=_("Public satisfaction survey results"),
        description=_(
            "How satisfied residents are with public cultural services, from the published surveys."
        ),
        url_name="public:survey_results_list",
        icon="bi-emoji-smile",
        order=30,
    )
)

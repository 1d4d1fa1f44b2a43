from django.utils.translation import gettext_lazy as _

from changxiao.core.navigation import NavItem, NavSection, register_section

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

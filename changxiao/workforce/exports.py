"""Excel export of the staff in post: a unit's roster or a jurisdiction's, with the gaps; personal data masked."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core import numbers
from changxiao.core.deadlines import local_today
from changxiao.core.exports import Column, ExportDefinition, register_export

from .queries import staff


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


register_export(
    ExportDefinition(
        name="workforce-staff",
        title=gettext_lazy("Staff in post"),
        file_stem="staff",
        queryset=lambda user, params: staff(user, params, local_today()),
        columns=[
            Column(gettext_lazy("Jurisdiction"), lambda p: p.unit.region.name, 12),
            Column(gettext_lazy("Unit"), lambda p: p.unit.name, 28),
            Column(gettext_lazy("Full name"), lambda p: p.practitioner.name_masked, 10),
            Column(
                gettext_lazy("Identity card number"),
                lambda p: p.practitioner.id_number_masked,
                20,
                numbers.XLSX_TEXT,
            ),
            Column(gettext_lazy("Phone"), lambda p: p.practitioner.phone_masked, 14, numbers.XLSX_TEXT),
            Column(gettext_lazy("Post role"), lambda p: p.get_role_display(), 16),
            Column(gettext_lazy("Kind of post"), lambda p: p.get_kind_display(), 14),
            Column(gettext_lazy("Since"), lambda p: p.start, 12),
            Column(gettext_lazy("Requires a certificate"), lambda p: _yes_no(p.requires_certificate), 10),
            Column(gettext_lazy("Certificate missing"), lambda p: _yes_no(p.has_gap), 10),
        ],
    )
)

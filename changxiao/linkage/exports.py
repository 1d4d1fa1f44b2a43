"""Excel exports of the linkage: the menu (searched and filtered as on its page) and the orders a person sees."""

from django.utils.translation import gettext_lazy

from changxiao.core import numbers
from changxiao.core.exports import Column, ExportDefinition, register_export

from . import queries
from .models import Menu, Offering


def _menu_items(user, params):
    value = str(params.get("menu") or "")
    if not value.isdecimal() or len(value) > 18:
        return Offering.objects.none()
    menu = Menu.objects.visible_to(user).filter(pk=int(value)).first()
    if menu is None:
        return Offering.objects.none()
    return queries.menu_items(menu, params)


register_export(
    ExportDefinition(
        name="linkage-menu",
        title=gettext_lazy("Service menu"),
        file_stem="menu",
        queryset=_menu_items,
        columns=[
            Column(gettext_lazy("Item number"), lambda o: o.code, 10, numbers.XLSX_TEXT),
            Column(gettext_lazy("Title"), lambda o: o.title, 30),
            Column(gettext_lazy("Kind"), lambda o: o.get_kind_display(), 10),
            Column(gettext_lazy("Provider"), lambda o: o.provider.name, 24),
            Column(gettext_lazy("Audience served at once"), lambda o: o.capacity, 10, numbers.XLSX_INTEGER),
            Column(gettext_lazy("Cost borne by"), lambda o: o.get_cost_borne_display(), 18),
            Column(gettext_lazy("Available from"), lambda o: o.available_from, 12, numbers.XLSX_DATE),
            Column(gettext_lazy("Available until"), lambda o: o.available_until, 12, numbers.XLSX_DATE),
            Column(
                gettext_lazy("Deliveries offered in the year"), lambda o: o.places, 10, numbers.XLSX_INTEGER
            ),
            Column(gettext_lazy("Deliveries ordered"), lambda o: o.places_taken, 10, numbers.XLSX_INTEGER),
        ],
    )
)

register_export(
    ExportDefinition(
        name="linkage-orders",
        title=gettext_lazy("Orders"),
        file_stem="orders",
        queryset=lambda user, params: queries.orders(user, params),
        columns=[
            Column(gettext_lazy("Order number"), lambda o: o.code, 14, numbers.XLSX_TEXT),
            Column(gettext_lazy("Title"), lambda o: o.offering.title, 28),
            Column(gettext_lazy("Provider"), lambda o: o.offering.provider.name, 22),
            Column(gettext_lazy("Ordering unit"), lambda o: o.unit.name, 22),
            Column(gettext_lazy("Place"), lambda o: o.region.name, 12),
            Column(gettext_lazy("State"), lambda o: o.get_state_display(), 14),
            Column(gettext_lazy("Ordered at"), lambda o: o.ordered_at, 16, numbers.XLSX_DATETIME),
            Column(gettext_lazy("Answer by"), lambda o: o.reply_due, 12, numbers.XLSX_DATE),
            Column(gettext_lazy("Answered on"), lambda o: o.answered_on, 12, numbers.XLSX_DATE),
            Column(gettext_lazy("Date of delivery"), lambda o: o.scheduled_on, 12, numbers.XLSX_DATE),
            Column(gettext_lazy("Delivered on"), lambda o: o.delivered_on, 12, numbers.XLSX_DATE),
            Column(gettext_lazy("Attendance"), lambda o: o.attendance, 10, numbers.XLSX_INTEGER),
            Column(gettext_lazy("Delivered"), lambda o: o.get_extent_display() if o.extent else "", 12),
            Column(gettext_lazy("Rating"), lambda o: o.rating, 8, numbers.XLSX_INTEGER),
        ],
    )
)

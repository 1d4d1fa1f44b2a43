from django.urls import path

from . import views, views_public

app_name = "portal"

urlpatterns = [
    path("", views.facilities, name="facilities"),
    path("facilities/new/", views.facility_add, name="facility_add"),
    path("facilities/<int:pk>/", views.facility, name="facility"),
    path("facilities/<int:pk>/edit/", views.facility_edit, name="facility_edit"),
    path("facilities/<int:pk>/hours/", views.hours_add, name="hours_add"),
    path("hours/<int:pk>/remove/", views.hours_remove, name="hours_remove"),
    path("facilities/<int:pk>/closures/", views.closure_announce, name="closure_announce"),
    path("closures/<int:pk>/cancel/", views.closure_cancel, name="closure_cancel"),
    path("facilities/<int:pk>/activities/", views.activity_add, name="activity_add"),
    path("activities/<int:pk>/", views.activity, name="activity"),
    path("activities/<int:pk>/attendance/", views.attendance_record, name="attendance_record"),
    path("activities/<int:pk>/cancel/", views.activity_cancel, name="activity_cancel"),
    path("breaches/", views.breaches, name="breaches"),
    path("breaches/<int:pk>/escalate/", views.breach_escalate, name="breach_escalate"),
    path("rules/", views.rules, name="rules"),
    path("metrics/<str:code>/records/", views.metric_records, name="metric_records"),
]

# The public site (/public/): the portal's home answers /public/ itself (PortalConfig.public_url_order).
public_urlpatterns = [
    path("", views_public.home, name="portal_home"),
    path("directory/", views_public.directory, name="portal_directory"),
    path("directory/<int:pk>/", views_public.facility, name="portal_facility"),
    path("directory/<int:pk>/calendar.ics", views_public.facility_feed, name="portal_facility_feed"),
    path("calendar/", views_public.calendar, name="portal_calendar"),
    path("calendar/regions/<int:pk>.ics", views_public.region_feed, name="portal_region_feed"),
    path("calendar/<int:pk>/", views_public.activity, name="portal_activity"),
    path("calendar/<int:pk>/book/", views_public.book, name="portal_book"),
    path("bookings/", views_public.my_bookings, name="portal_bookings"),
    path("bookings/<int:pk>/cancel/", views_public.booking_cancel, name="portal_booking_cancel"),
    path("bookings/<int:pk>/accept/", views_public.booking_accept, name="portal_booking_accept"),
]

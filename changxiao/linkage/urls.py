from django.urls import path

from . import views

app_name = "linkage"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("menus/", views.menus, name="menus"),
    path("menus/<int:pk>/", views.menu, name="menu"),
    path("menus/<int:pk>/publish/", views.menu_publish, name="menu_publish"),
    path("menus/<int:pk>/withdraw/", views.menu_withdraw, name="menu_withdraw"),
    path("menus/<int:pk>/quotas/", views.quota_set, name="quota_set"),
    path("menus/<int:pk>/counts/", views.menu_counts, name="menu_counts"),
    path("menus/<int:pk>/offer/", views.offering_new, name="offering_new"),
    path("items/<int:pk>/", views.offering, name="offering"),
    path("items/<int:pk>/review/", views.offering_review, name="offering_review"),
    path("items/<int:pk>/withdraw/", views.offering_withdraw, name="offering_withdraw"),
    path("items/<int:pk>/order/", views.order_place, name="order_place"),
    path("orders/", views.orders, name="orders"),
    path("queue/", views.queue, name="queue"),
    path("orders/<int:pk>/", views.order, name="order"),
    path("orders/<int:pk>/accept/", views.order_accept, name="order_accept"),
    path("orders/<int:pk>/decline/", views.order_decline, name="order_decline"),
    path("orders/<int:pk>/deliver/", views.order_deliver, name="order_deliver"),
    path("orders/<int:pk>/cancel/", views.order_cancel, name="order_cancel"),
    path("orders/<int:pk>/confirm/", views.order_confirm, name="order_confirm"),
    path("orders/<int:pk>/dispute/", views.order_dispute, name="order_dispute"),
    path("orders/<int:pk>/rating/", views.order_rating_correct, name="order_rating_correct"),
    path("report/", views.report, name="report"),
    path("pairs/", views.pairs, name="pairs"),
    path("pairs/<int:pk>/", views.pair, name="pair"),
    path("pairs/<int:pk>/agree/", views.pair_agree, name="pair_agree"),
    path("pairs/<int:pk>/end/", views.pair_end, name="pair_end"),
    path("pairs/<int:pk>/activities/", views.pair_activity_record, name="pair_activity_record"),
    path("pair-activities/<int:pk>/confirm/", views.pair_activity_confirm, name="pair_activity_confirm"),
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/<int:pk>/", views.programme, name="programme"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("activities/<int:pk>/", views.activity, name="activity"),
    path("activities/<int:pk>/cancel/", views.activity_cancel, name="activity_cancel"),
    path("calendar/", views.calendar, name="calendar"),
    path("metrics/<str:code>/records/", views.metric_records, name="metric_records"),
]

# The public site (no sign-in).
public_urlpatterns = [
    path("linkage/rate/<str:token>/", views.public_rate, name="linkage_rate"),
    path("linkage/activities/", views.public_activities, name="linkage_activities"),
    path("linkage/activities/<int:pk>/", views.public_activity, name="linkage_activity"),
]

from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("insight/", views.insight_page, name="insight"),
    path("open-demands/", views.open_demands, name="open_demands"),
    path("<int:pk>/social/", views.item_open_to_social, name="item_open_to_social"),
    path("<int:pk>/offers/", views.social_offer, name="social_offer"),
    path("offers/<int:pk>/accept/", views.social_offer_accept, name="social_offer_accept"),
    path("<int:pk>/social-outcome/", views.social_outcome, name="social_outcome"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/<slug:section>/", views.settings_save, name="settings_save"),
    path("categories/<int:pk>/toggle/", views.category_toggle, name="category_toggle"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("metrics/<str:code>/", views.metric_records, name="metric_records"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
    path("<int:pk>/acknowledge/", views.item_acknowledge, name="item_acknowledge"),
    path("<int:pk>/replies/", views.item_reply, name="item_reply"),
    path("<int:pk>/assign/", views.item_assign, name="item_assign"),
    path("<int:pk>/transfer/", views.transfer_request, name="transfer_request"),
    path("transfers/<int:pk>/decision/", views.transfer_decide, name="transfer_decide"),
    path("<int:pk>/escalate/", views.item_escalate, name="item_escalate"),
    path("<int:pk>/follow-up/", views.item_follow_up, name="item_follow_up"),
    path("<int:pk>/phone/", views.reveal_phone, name="reveal_phone"),
]

# The public site (no sign-in).
public_urlpatterns = [
    path("feedback/", views.public_submit, name="feedback_submit"),
    path("feedback/track/", views.public_track_lookup, name="feedback_lookup"),
    path("feedback/<str:code>/receipt/", views.public_receipt, name="feedback_receipt"),
    path("feedback/<str:code>/", views.public_track, name="feedback_track"),
    path("feedback/<str:code>/rating/", views.public_evaluate, name="feedback_evaluate"),
]

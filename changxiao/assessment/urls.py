from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("indicator-sets/", views.set_list, name="set_list"),
    path("indicator-sets/<int:pk>/", views.set_detail, name="set_detail"),
    path("indicator-sets/<int:pk>/new-version/", views.set_new_version, name="set_new_version"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/advance/", views.round_advance, name="round_advance"),
    path("rounds/<int:pk>/reopen/", views.round_reopen, name="round_reopen"),
    path("rounds/<int:pk>/refresh/", views.round_refresh, name="round_refresh"),
    path("rounds/<int:pk>/report.docx", views.round_report_docx, name="round_report"),
    path("objections/<int:pk>/answer/", views.objection_answer, name="objection_answer"),
    path("participants/<int:pk>/", views.participant_sheet, name="participant_sheet"),
    path("honours/", views.honour_list_index, name="honour_list_index"),
    path("honours/<int:pk>/", views.honour_detail, name="honour_detail"),
]

public_urlpatterns = [
    path("assessment/<int:pk>/", views.public_announcement, name="assessment_announcement"),
    path("honours/<int:pk>/", views.public_honours, name="honours"),
]

from django.urls import path

from . import views, views_honours, views_public, views_rounds

app_name = "assessment"

urlpatterns = [
    path("indicator-sets/", views.set_list, name="set_list"),
    path("indicator-sets/<int:pk>/", views.set_detail, name="set_detail"),
    path("indicator-sets/<int:pk>/new-version/", views.set_new_version, name="set_new_version"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("rounds/", views_rounds.round_list, name="round_list"),
    path("rounds/new/", views_rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", views_rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", views_rounds.round_edit, name="round_edit"),
    path("rounds/<int:pk>/cancel/", views_rounds.round_cancel, name="round_cancel"),
    path("rounds/<int:pk>/advance/", views_rounds.round_advance, name="round_advance"),
    path("rounds/<int:pk>/reopen/", views_rounds.round_reopen, name="round_reopen"),
    path("rounds/<int:pk>/refresh/", views_rounds.round_refresh, name="round_refresh"),
    path("rounds/<int:pk>/report.docx", views.round_report_docx, name="round_report"),
    path("objections/<int:pk>/answer/", views_rounds.objection_answer, name="objection_answer"),
    path("participants/<int:pk>/", views_rounds.participant_sheet, name="participant_sheet"),
    path("honours/", views_honours.honour_list_index, name="honour_list_index"),
    path("honours/<int:pk>/", views_honours.honour_detail, name="honour_detail"),
]

public_urlpatterns = [
    path("assessment/", views_public.public_results_index, name="assessment_results"),
    path("assessment/<int:pk>/", views_public.public_announcement, name="assessment_announcement"),
    path("honours/", views_public.public_honours_index, name="honours_index"),
    path("honours/<int:pk>/", views_public.public_honours, name="honours"),
]

from django.urls import path

from . import views, views_accountability, views_bulletins, views_rectification, views_statistics

app_name = "supervision"

urlpatterns = [
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path("inspections/<int:pk>/cancel/", views.inspection_cancel, name="inspection_cancel"),
    path("inspections/<int:pk>/findings/", views.finding_add, name="finding_add"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/mine/", views.my_findings, name="my_findings"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/notice.docx", views.finding_notice_docx, name="finding_notice"),
    path("findings/<int:pk>/acknowledge/", views.finding_acknowledge, name="finding_acknowledge"),
    path(
        "findings/<int:pk>/rectifications/",
        views_rectification.rectification_submit,
        name="rectification_submit",
    ),
    path(
        "rectifications/<int:pk>/review/",
        views_rectification.rectification_review,
        name="rectification_review",
    ),
    path("findings/<int:pk>/close/", views.finding_close, name="finding_close"),
    path("findings/<int:pk>/extensions/", views.extension_request, name="extension_request"),
    path("extensions/<int:pk>/decision/", views.extension_decide, name="extension_decide"),
    path("statistics/", views_statistics.statistics, name="statistics"),
    path("metrics/<str:code>/", views_statistics.metric_records, name="metric_records"),
    path("policy/", views_statistics.escalation_policy, name="escalation_policy"),
    path("bulletins/", views_bulletins.bulletin_list, name="bulletin_list"),
    path("bulletins/new/", views_bulletins.bulletin_create, name="bulletin_create"),
    path("bulletins/<int:pk>/", views_bulletins.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/issue/", views_bulletins.bulletin_issue, name="bulletin_issue"),
    path("bulletins/<int:pk>/publish/", views_bulletins.bulletin_publish, name="bulletin_publish"),
    path("bulletins/<int:pk>/correct/", views_bulletins.bulletin_correct, name="bulletin_correct"),
    path("bulletins/<int:pk>/withdraw/", views_bulletins.bulletin_withdraw, name="bulletin_withdraw"),
    path("bulletins/<int:pk>/bulletin.docx", views_bulletins.bulletin_docx, name="bulletin_docx"),
    path("accountability/", views_accountability.accountability_list, name="accountability_list"),
    path("accountability/new/", views_accountability.accountability_create, name="accountability_create"),
    path(
        "accountability/<int:pk>/", views_accountability.accountability_detail, name="accountability_detail"
    ),
    path(
        "accountability/<int:pk>/correct/",
        views_accountability.accountability_correct,
        name="accountability_correct",
    ),
    path(
        "accountability/<int:pk>/cancel/",
        views_accountability.accountability_cancel,
        name="accountability_cancel",
    ),
]

# The public site (no sign-in): published bulletins.
public_urlpatterns = [
    path("bulletins/", views_bulletins.public_bulletin_list, name="public_bulletin_list"),
    path("bulletins/<int:pk>/", views_bulletins.public_bulletin_detail, name="public_bulletin_detail"),
]

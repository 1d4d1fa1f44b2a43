from django.urls import path

from . import views

app_name = "workforce"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("units/<int:pk>/", views.roster, name="roster"),
    path("people/<int:pk>/", views.practitioner, name="practitioner"),
    path("people/<int:pk>/personal-data/", views.personal_data, name="personal_data"),
    path("people/<int:pk>/certificates/", views.certificate_add, name="certificate_add"),
    path("posts/<int:pk>/end/", views.post_end, name="post_end"),
    path("posts/<int:pk>/move/", views.post_move, name="post_move"),
    path("posts/<int:pk>/cancel/", views.post_cancel, name="post_cancel"),
    path("certificates/<int:pk>/renew/", views.certificate_renew, name="certificate_renew"),
    path("certificates/<int:pk>/cancel/", views.certificate_cancel, name="certificate_cancel"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/kinds/", views.kind_add, name="kind_add"),
    path("settings/requirements/", views.requirement_add, name="requirement_add"),
    path("settings/requirements/<int:pk>/remove/", views.requirement_remove, name="requirement_remove"),
    path("metrics/<str:code>/records/", views.metric_records, name="metric_records"),
    path("training/", views.sessions, name="sessions"),
    path("training/<int:pk>/", views.session, name="session"),
    path("training/<int:pk>/attendance/", views.attendance_add, name="attendance_add"),
    path("units/<int:pk>/training/", views.session_create, name="session_create"),
    path("settings/training-standards/", views.standard_set, name="standard_set"),
    path("settings/staffing-standards/", views.staffing_set, name="staffing_set"),
    path("settings/staffing-standards/<int:pk>/remove/", views.staffing_remove, name="staffing_remove"),
    path("organizations/<int:pk>/dissolve/", views.organization_dissolve, name="organization_dissolve"),
    path(
        "organizations/<int:pk>/dissolution/",
        views.organization_dissolution_correct,
        name="organization_dissolution_correct",
    ),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/<int:pk>/", views.organization, name="organization"),
    path("organizations/<int:pk>/members/", views.member_add, name="member_add"),
]

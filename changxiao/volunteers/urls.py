from django.urls import path

from . import views, views_public

app_name = "volunteers"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("teams/", views.team_create, name="team_create"),
    path("teams/<int:pk>/", views.team, name="team"),
    path("teams/<int:pk>/leaders/", views.team_leader, name="team_leader"),
    path("teams/<int:pk>/activities/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity, name="activity"),
    path("activities/<int:pk>/open/", views.activity_open, name="activity_open"),
    path("activities/<int:pk>/insurance/", views.activity_insurance, name="activity_insurance"),
    path("activities/<int:pk>/close/", views.activity_close, name="activity_close"),
    path("activities/<int:pk>/cancel/", views.activity_cancel, name="activity_cancel"),
    path("activities/<int:pk>/check/", views.leader_check, name="leader_check"),
    path("signups/<int:pk>/decision/", views.signup_decide, name="signup_decide"),
    path("records/<int:pk>/correct/", views.record_correct, name="record_correct"),
    path("records/<int:pk>/review/", views.record_review, name="record_review"),
    path("people/", views.volunteers, name="volunteers"),
    path("people/register/", views.volunteer_register, name="volunteer_register"),
    path("people/<int:pk>/", views.volunteer, name="volunteer"),
    path("people/<int:pk>/personal-data/", views.volunteer_personal_data, name="volunteer_personal_data"),
    path("people/<int:pk>/recognitions/", views.recognition_add, name="recognition_add"),
    path("certificates/", views.certificates, name="certificates"),
    path("certificates/<int:pk>/", views.certificate, name="certificate"),
    path("certificates/<int:pk>/issue/", views.certificate_issue, name="certificate_issue"),
    path("certificates/<int:pk>/refuse/", views.certificate_refuse, name="certificate_refuse"),
    path("certificates/<int:pk>/withdraw/", views.certificate_withdraw, name="certificate_withdraw"),
    path("certificates/<int:pk>/document/", views.certificate_docx, name="certificate_docx"),
    path("rankings/", views.rankings, name="rankings"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/<int:pk>/stars/", views.star_scale_set, name="star_scale_set"),
    path("metrics/<str:code>/records/", views.metric_records, name="metric_records"),
]

# The public site: activities for anyone; the rest for a signed-in citizen (citizens.auth).
public_urlpatterns = [
    path("volunteers/", views_public.home, name="volunteers_home"),
    path("volunteers/activities/<int:pk>/", views_public.activity, name="volunteers_activity"),
    path("volunteers/activities/<int:pk>/signup/", views_public.signup, name="volunteers_signup"),
    path("volunteers/register/", views_public.register, name="volunteers_register"),
    path("volunteers/me/", views_public.me, name="volunteers_me"),
    path("volunteers/me/consent/", views_public.consent, name="volunteers_consent"),
    path(
        "volunteers/me/certificates/", views_public.certificate_request, name="volunteers_certificate_request"
    ),
    path(
        "volunteers/me/certificates/<int:pk>/document/",
        views_public.certificate_docx,
        name="volunteers_certificate_docx",
    ),
    path("volunteers/signups/<int:pk>/acknowledge/", views_public.acknowledge, name="volunteers_acknowledge"),
    path("volunteers/signups/<int:pk>/cancel/", views_public.cancel, name="volunteers_cancel"),
    path("volunteers/check/<str:token>/", views_public.check, name="volunteers_check"),
    path("volunteers/certificates/<str:number>/", views_public.verify, name="volunteers_verify"),
]

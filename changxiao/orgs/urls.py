from django.urls import path

from . import views, views_choices

app_name = "orgs"

urlpatterns = [
    path("regions/", views.region_list, name="region_list"),
    path("regions/new/", views.region_create, name="region_create"),
    path("regions/<int:pk>/", views.region_detail, name="region_detail"),
    path("regions/<int:pk>/edit/", views.region_edit, name="region_edit"),
    path("regions/<int:pk>/population/", views.population_save, name="population_save"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/roster.docx", views.roster_docx, name="roster_docx"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/active/", views.unit_set_active, name="unit_set_active"),
    path("units/<int:pk>/attachments/", views.unit_attach, name="unit_attach"),
    path("units/<int:pk>/people/new/", views.person_add, name="person_add"),
    path("people/", views.people_list, name="people_list"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/unlock/", views.person_unlock, name="person_unlock"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("choices/<slug:kind>/", views_choices.choices, name="choices"),
    path("api-tokens/", views.token_list, name="token_list"),
    path("api-tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]

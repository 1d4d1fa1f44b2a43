from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("regions/<int:pk>/", views.region_page, name="region"),
    path("regions/<int:pk>/figures/<str:stage>/", views.figures_enter, name="figures_enter"),
    path("regions/<int:pk>/publish/", views.publish, name="publish"),
    path("regions/<int:pk>/document/", views.document, name="document"),
    path("records/<int:pk>/", views.record_page, name="record"),
    path("records/<int:pk>/cancel/", views.record_cancel, name="record_cancel"),
    path("publications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/rules/", views.rule_add, name="rule_add"),
    path("settings/rules/<int:pk>/retire/", views.rule_retire, name="rule_retire"),
    path("settings/averages/", views.average_add, name="average_add"),
    path("settings/reporters/", views.reporter_add, name="reporter_add"),
    path("settings/minimums/", views.minimum_add, name="minimum_add"),
    path("publicity/", views.resources, name="resources"),
    path("publicity/reports/", views.resource_add, name="resource_add"),
    path("publicity/reports/<int:pk>/cancel/", views.resource_cancel, name="resource_cancel"),
    path("metrics/<str:code>/records/", views.metric_records, name="metric_records"),
]

public_urlpatterns = [
    path("funding/", views.public_index, name="funding_public"),
    path("funding/<int:pk>/<int:year>/", views.public_region, name="funding_public_region"),
]

from django.urls import path

from . import views

app_name = "cockpit"

urlpatterns = [
    path("workbench/", views.workbench, name="workbench"),
    path("metrics/", views.metrics, name="metrics"),
]

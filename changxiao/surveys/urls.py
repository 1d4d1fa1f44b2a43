from django.urls import path

from . import views

public_urlpatterns = [
    path("s/<str:token>/", views.survey, name="survey"),
    path("surveys/", views.public_results_list, name="survey_results_list"),
    path("surveys/<int:pk>/", views.public_results, name="survey_results"),
]

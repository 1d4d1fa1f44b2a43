from django.urls import path

from . import views

public_urlpatterns = [
    path("s/<str:token>/", views.survey, name="survey"),
    path("s/<str:token>/thanks/", views.thanks, name="survey_thanks"),
]

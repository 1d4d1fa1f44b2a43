from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("indicator-sets/", views.set_list, name="set_list"),
    path("indicator-sets/<int:pk>/", views.set_detail, name="set_detail"),
]

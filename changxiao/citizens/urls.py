from django.urls import path

from . import views

# The public site: one sign-in for every citizen-facing page (volunteers, the portal's booking …).
public_urlpatterns = [
    path("sign-in/", views.sign_in, name="citizen_sign_in"),
    path("sign-out/", views.sign_out, name="citizen_sign_out"),
]

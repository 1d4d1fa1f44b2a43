from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/index/", views.campaign_index, name="campaign_index"),
    path("campaigns/<int:pk>/index.xlsx", views.campaign_index_export, name="campaign_index_export"),
    path("targets/<int:pk>/qr.<str:fmt>", views.target_qr, name="target_qr"),
    path("metrics/satisfaction-index/", views.metric_records, name="metric_records"),
]

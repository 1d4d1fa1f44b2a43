from django.urls import path

from . import views, views_arrange, views_cockpit, views_meetings

app_name = "cockpit"

urlpatterns = [
    path("workbench/", views.workbench, name="workbench"),
    path("metrics/", views.metrics, name="metrics"),
    path("cockpit/", views_cockpit.cockpit, name="cockpit"),
    path("cockpit/figures/<str:code>/", views_cockpit.figure, name="figure"),
    path("cockpit/recompute/", views_cockpit.figures_recompute, name="figures_recompute"),
    path("cockpit/layouts/", views_arrange.layout_list, name="layout_list"),
    path("cockpit/layouts/<int:pk>/", views_arrange.layout_detail, name="layout_detail"),
    path("cockpit/layouts/<int:pk>/tiles/", views_arrange.tile_add, name="tile_add"),
    path(
        "cockpit/layouts/<int:layout_pk>/tiles/<int:pk>/remove/",
        views_arrange.tile_remove,
        name="tile_remove",
    ),
    path("cockpit/layouts/<int:layout_pk>/tiles/<int:pk>/move/", views_arrange.tile_move, name="tile_move"),
    path(
        "cockpit/layouts/<int:layout_pk>/tiles/<int:pk>/target/",
        views_arrange.tile_target,
        name="tile_target",
    ),
    path("cockpit/snapshots/", views_meetings.snapshot_list, name="snapshot_list"),
    path("cockpit/snapshots/<int:pk>/", views_meetings.snapshot_detail, name="snapshot_detail"),
    path("cockpit/snapshots/<int:pk>/decisions/", views_meetings.decision_create, name="decision_create"),
    path(
        "cockpit/decisions/<int:pk>/follow-up/", views_meetings.decision_follow_up, name="decision_follow_up"
    ),
    path("cockpit/decisions/<int:pk>/cancel/", views_meetings.decision_cancel, name="decision_cancel"),
    path("cockpit/reports/", views_meetings.report_list, name="report_list"),
    path("cockpit/reports/<int:pk>/", views_meetings.report_detail, name="report_detail"),
    path("cockpit/reports/<int:pk>/issue/", views_meetings.report_issue, name="report_issue"),
    path("cockpit/reports/<int:pk>/cancel/", views_meetings.report_cancel, name="report_cancel"),
    path("cockpit/reports/<int:pk>/word/", views_meetings.report_download, name="report_download"),
]

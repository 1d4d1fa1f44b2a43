from django.urls import path

from . import views, views_implementation, views_metrics

app_name = "targets"

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/cancel/", views.plan_cancel, name="plan_cancel"),
    path("plans/<int:pk>/statistics/", views.plan_statistics_view, name="plan_statistics"),
    path("plans/<int:pk>/notice.docx", views.plan_notice_docx, name="plan_notice"),
    path("plans/<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path(
        "plans/<int:pk>/implementation/",
        views_implementation.implementation_list,
        name="implementation_list",
    ),
    path(
        "plans/<int:pk>/implementation/submit/",
        views_implementation.implementation_submit,
        name="implementation_submit",
    ),
    path(
        "implementation/<int:pk>/", views_implementation.implementation_detail, name="implementation_detail"
    ),
    path(
        "implementation/<int:pk>/review/",
        views_implementation.implementation_review,
        name="implementation_review",
    ),
    path(
        "implementation/<int:pk>/compare/",
        views_implementation.implementation_compare,
        name="implementation_compare",
    ),
    path("metrics/<str:code>/", views_metrics.metric_records, name="metric_records"),
    path("tasks/mine/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/progress/", views.task_progress, name="task_progress"),
    path("tasks/<int:pk>/completion/", views.completion_request, name="completion_request"),
    path("completions/<int:pk>/decision/", views.completion_decide, name="completion_decide"),
    path("tasks/<int:pk>/reopen/", views.task_reopen, name="task_reopen"),
    path("tasks/<int:pk>/cancel/", views.task_cancel, name="task_cancel"),
    path("tasks/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("tasks/<int:pk>/reports/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("reports/<int:pk>/withdraw/", views.report_withdraw, name="report_withdraw"),
    path("reports/<int:pk>/contributions/", views.report_contribute, name="report_contribute"),
    path("tasks/<int:pk>/extensions/", views.extension_request, name="extension_request"),
    path("extensions/<int:pk>/decision/", views.extension_decide, name="extension_decide"),
]

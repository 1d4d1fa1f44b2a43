from django.urls import path

from . import views, views_imports, views_tasks

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("calendar/", views.calendar_adjustments, name="calendar"),
    path("calendar/<int:pk>/delete/", views.calendar_adjustment_delete, name="calendar_delete"),
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notifications_mark_all_read, name="notifications_mark_all_read"),
    path("exports/jobs/", views.export_list, name="export_list"),
    path("exports/<slug:name>/", views.export_start, name="export_start"),
    path("exports/jobs/<int:pk>/", views.export_job, name="export_job"),
    path("exports/jobs/<int:pk>/download/", views.export_download, name="export_download"),
    path("background-work/", views_tasks.task_list, name="tasks"),
    path("imports/<slug:name>/", views_imports.import_upload, name="import_upload"),
    path("imports/<slug:name>/template.xlsx", views_imports.import_template, name="import_template"),
]

from django.urls import path

from . import views, views_builder, views_review, views_texts

app_name = "surveys"

urlpatterns = [
    path("questionnaires/", views_builder.questionnaire_list, name="questionnaire_list"),
    path("questionnaires/import/", views_builder.questionnaire_import, name="questionnaire_import"),
    path("questionnaires/<int:pk>/", views_builder.questionnaire_detail, name="questionnaire_detail"),
    path(
        "questionnaires/<int:pk>/xlsform.xlsx",
        views_builder.questionnaire_xlsform,
        name="questionnaire_xlsform",
    ),
    path(
        "questionnaires/<int:pk>/preview/", views_builder.questionnaire_preview, name="questionnaire_preview"
    ),
    path("questionnaires/<int:pk>/questions/new/", views_builder.question_edit, name="question_new"),
    path(
        "questionnaires/<int:pk>/questions/<int:question_pk>/",
        views_builder.question_edit,
        name="question_edit",
    ),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/compare/", views.campaign_compare, name="campaign_compare"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/repeat/", views.campaign_repeat, name="campaign_repeat"),
    path("campaigns/<int:pk>/flagged/", views_review.flagged_review, name="flagged_review"),
    path("campaigns/<int:pk>/index/", views.campaign_index, name="campaign_index"),
    path("campaigns/<int:pk>/texts/", views_texts.text_answers, name="text_answers"),
    path("campaigns/<int:pk>/index.xlsx", views.campaign_index_export, name="campaign_index_export"),
    path("campaigns/<int:pk>/report.docx", views.campaign_report, name="campaign_report"),
    path("targets/<int:pk>/qr.<str:fmt>", views.target_qr, name="target_qr"),
    path("targets/<int:pk>/poster/", views.target_poster, name="target_poster"),
    path("metrics/satisfaction-index/", views.metric_records, name="metric_records"),
]

# The public site (no sign-in): the survey links, matched before anything else (SurveysConfig.public_url_order),
# and the published results.
public_urlpatterns = [
    path("s/<str:token>/", views.survey, name="survey"),
    path("surveys/", views.public_results_list, name="survey_results_list"),
    path("surveys/<int:pk>/", views.public_results, name="survey_results"),
]

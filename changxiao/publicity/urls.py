from django.urls import path

from . import views, views_public

app_name = "publicity"

urlpatterns = [
    path("", views.articles, name="articles"),
    path("articles/new/", views.article_write, name="article_write"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("articles/<int:pk>/picture/", views.article_picture, name="article_picture"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("articles/<int:pk>/submit/", views.article_submit, name="article_submit"),
    path("articles/<int:pk>/publish/", views.article_publish, name="article_publish"),
    path("articles/<int:pk>/return/", views.article_return, name="article_return"),
    path("articles/<int:pk>/withdraw/", views.article_withdraw, name="article_withdraw"),
    path("media-reports/", views.reports, name="reports"),
    path("media-reports/<int:pk>/raise/", views.report_raise, name="report_raise"),
    path("metrics/<str:code>/records/", views.metric_records, name="metric_records"),
]

public_urlpatterns = [
    path("news/", views_public.news, name="publicity_news"),
    path("news/<int:pk>/", views_public.article, name="publicity_article"),
    path("news/<int:pk>/picture/", views_public.image, name="publicity_image"),
    path("news/rss.xml", views_public.rss_feed, name="publicity_rss"),
    path("news/atom.xml", views_public.atom_feed, name="publicity_atom"),
]

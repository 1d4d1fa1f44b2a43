"""Publicity in the admin: read-only (core.admin.RecordAdmin); every change goes through the steps of services.py."""

from django.contrib import admin

from changxiao.core.admin import RecordAdmin

from .models import Article, MediaReport, RecordLink


@admin.register(Article)
class ArticleAdmin(RecordAdmin):
    list_display = ["title", "kind", "mechanism", "unit", "state", "published_at"]


@admin.register(RecordLink)
class RecordLinkAdmin(RecordAdmin):
    list_display = ["article", "label", "path"]


@admin.register(MediaReport)
class MediaReportAdmin(RecordAdmin):
    list_display = ["outlet", "title", "reported_on", "region", "finding_reference"]

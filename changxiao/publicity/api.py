"""API of publicity: the published articles (read), for the provincial and national clouds."""

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from .models import Article

router = Router(tags=["publicity"])


class ArticleOut(Schema):
    id: int
    kind: str
    mechanism: str
    title: str
    summary: str
    published_at: datetime | None


@router.get("/publicity/articles", response=list[ArticleOut], summary="The articles one sees")
@paginate
def list_articles(request):
    return Article.objects.visible_to(request.auth).order_by("-pk")

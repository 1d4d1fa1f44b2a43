import io

from changxiao.core.demo import load_demo_data
from changxiao.publicity.models import Article, MediaReport


def test_demo_has_articles_of_each_kind_and_is_idempotent(demo):
    kinds = set(Article.objects.published().values_list("kind", flat=True))
    assert kinds == {"practice", "model", "experience", "news"}
    assert (
        Article.objects.filter(state="submitted").exists()
        and Article.objects.filter(state="returned").exists()
    )
    assert MediaReport.objects.exists()
    count = Article.objects.count()
    load_demo_data(io.StringIO())
    assert Article.objects.count() == count

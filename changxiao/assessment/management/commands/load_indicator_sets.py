from django.core.management.base import BaseCommand

from changxiao.assessment.indicator_data import load_shipped


class Command(BaseCommand):
    help = "Load the indicator sets shipped in assessment/data/ (a version already loaded is left as it is)."

    def handle(self, *args, **options):
        for indicator_set, created in load_shipped():
            self.stdout.write(f"{indicator_set}: {'loaded' if created else 'already present'}")

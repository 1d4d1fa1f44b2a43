from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from changxiao.core.province import discover_generators, generate_province


class Command(BaseCommand):
    help = (
        "Generate a province-sized demonstration data set for the benches: 13 cities, 104 counties, 1,352 "
        "townships, 20,280 villages and a year of every mechanism's records (at --scale 1: 1,000,000 feedback "
        "items, 10,000,000 survey responses, 50,000 facilities). Writes only into an empty, migrated database "
        "(no jurisdiction, unit or record yet): on any other it refuses and changes nothing. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=0.01,
            help="Share of the issue's volumes, above 0 and at most 1 (default 0.01; the tree is whole from 0.01).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=26,
            help="Random seed: the same seed gives the same province on the same day (the records run up to today).",
        )

        parser.add_argument(
            "--only",
            nargs="+",
            choices=[generator.name for generator in discover_generators()],
            help="Generate these mechanisms' records only (the jurisdiction tree and its units always): a bench of "
            "one mechanism at scale 1 without the hours of the others.",
        )

    def handle(self, *args, scale: float, seed: int, only: list[str] | None, **options):
        try:
            written = generate_province(
                scale=scale,
                seed=seed,
                stdout=self.stdout if options["verbosity"] else None,
                only=tuple(only) if only else None,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Province generated: %(rows)s rows.") % {"rows": f"{sum(written.values()):,}"}
                )
            )

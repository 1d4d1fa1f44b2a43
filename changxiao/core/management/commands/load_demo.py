import io
import unicodedata

from django.core.management.base import BaseCommand, OutputWrapper
from django.utils.translation import gettext as _

from changxiao.core.demo import DemoAccount, load_demo_data


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_accounts(accounts: list[DemoAccount]) -> str:
    header = (_("Role"), _("Login name"), _("Password"), _("Unit"))
    rows = [header] + [(a.role, a.username, a.password, a.unit) for a in accounts]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Load the demonstration data set (a demonstration-zone city with its units, people and records). "
        "Idempotent: running it again changes nothing and creates no duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print nothing (errors still raise).")

    def handle(self, *args, quiet: bool, **options):
        silent = quiet or options.get("verbosity", 1) == 0
        progress = OutputWrapper(io.StringIO()) if silent else self.stdout
        accounts = load_demo_data(progress)
        if silent:
            return
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded. Demo accounts:")))
        self.stdout.write(format_accounts(accounts))

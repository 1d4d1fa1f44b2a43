from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from changxiao.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive (manage.py backup) onto this site: an empty database of the same engine, with the "
        "personal-data key the backup was made with. Checks every table's row count and every file's checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="Overwrite a database that already holds data."
        )

    def handle(self, *args, archive: Path, replace: bool, **options):
        if not archive.is_file():
            raise CommandError(f"no such archive: {archive}")
        try:
            checked = restore_backup(archive, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored: {checked['tables']} tables, {checked['rows']} rows and {checked['files']} files, "
            "each as the backup recorded it"
        )

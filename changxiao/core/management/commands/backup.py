from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from changxiao.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one archive (DATA_DIR/backups by default). "
        "The personal-data key is NOT in the backup: keep it apart."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="Directory for the archive (default: DATA_DIR/backups)."
        )

    def handle(self, *args, output: Path | None, **options):
        directory = output or Path(settings.DATA_DIR) / "backups"
        try:
            archive, manifest = create_backup(directory)
        except (BackupError, OSError) as exc:
            raise CommandError(f"backup failed, nothing written: {exc}") from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"backup: {archive} ({manifest['engine']}, {len(manifest['tables'])} tables, {rows} rows, "
            f"{len(manifest['files'])} files)"
        )
        self.stdout.write(
            "REMINDER: the personal-data key (PERSONAL_DATA_KEY) is not in this backup. Keep it apart: without it the "
            f"encrypted personal data cannot be read. Its fingerprint: {manifest['personal_data_key_fingerprint']}."
        )

import time

from django.core.management.base import BaseCommand

from changxiao.core.sweep import enqueue_sweep, only_one, registered_steps, run_sweep


class Command(BaseCommand):
    help = "Run the periodic sweep (reminders, escalation, exports, notifications, purges). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, default=0, metavar="SECONDS", help="Repeat every SECONDS.")
        parser.add_argument("--only", action="append", help="Run only the named step (repeatable).")
        parser.add_argument("--list", action="store_true", help="List the registered steps.")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue each step for the background workers instead of running it.",
        )

    def handle(self, *args, loop: int, only: list[str] | None, list: bool, enqueue: bool, **options):
        if list:
            for step in registered_steps():
                self.stdout.write(step.name)
            return
        while True:
            # One sweep at a time across every host (a timer on each application server is then harmless).
            with only_one("changxiao-sweep") as held:
                if held:
                    results = enqueue_sweep(only=only) if enqueue else run_sweep(only=only)
                    summary = ", ".join(f"{name}={value}" for name, value in results.items())
                    self.stdout.write(f"sweep: {summary}")
                else:
                    self.stdout.write("sweep: another sweep is running (on this host or another); skipped")
            if not loop:
                return
            time.sleep(loop)

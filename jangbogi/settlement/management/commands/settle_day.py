import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from jangbogi.core import time as btime
from jangbogi.settlement import ingest


class Command(BaseCommand):
    help = ("Record the settlement ledger for orders paid or changed on a day (Asia/Seoul); "
            "idempotent, safe to run again (run nightly, e.g. 23:30).")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (default: today in Seoul)")

    def handle(self, *args, **options):
        try:
            day = dt.date.fromisoformat(options["date"]) if options["date"] else btime.today()
        except ValueError as exc:
            raise CommandError("--date는 YYYY-MM-DD 형식으로 적어 주세요.") from exc
        report = ingest.settle_day(day)
        self.stdout.write(f"{day} 정산 기록: 주문 {report.orders}건, 새 장부 {report.entries}줄")

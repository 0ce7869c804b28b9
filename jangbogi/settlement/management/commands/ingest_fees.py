import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from jangbogi.core import time as btime
from jangbogi.settlement import provider_fees


class Command(BaseCommand):
    help = "Record the payment provider's fees per tender for one sold date (idempotent; run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (Seoul), default yesterday")

    def handle(self, *args, date=None, **options):
        try:
            day = dt.date.fromisoformat(date) if date else btime.today() - dt.timedelta(days=1)
        except ValueError as exc:
            raise CommandError(f"날짜는 YYYY-MM-DD 형식으로 적어 주세요: {date}") from exc
        run = provider_fees.ingest_fees(day)
        for line in run.skipped:
            self.stdout.write(f"skipped\t{line}")
        self.stdout.write(f"수수료 기록: {day.isoformat()} 결제 {len(run.recorded)}건, "
                          f"{sum(run.recorded.values()):,}원, 이미 기록된 결제 {run.already}건")

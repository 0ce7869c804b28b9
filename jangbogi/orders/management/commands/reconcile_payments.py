import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jangbogi.core import time as btime
from jangbogi.orders import payment_recovery


class Command(BaseCommand):
    help = ("Compare a day's tenders with the provider's records and print each mismatch; --repair applies the "
            "provider's truth, retries pending cancels and brings the orders in line.  Exit code 1 when "
            "mismatches remain.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (Seoul), default today")
        parser.add_argument("--repair", action="store_true")

    def handle(self, *args, date=None, repair=False, **options):
        try:
            day = dt.date.fromisoformat(date) if date else btime.today()
        except ValueError as exc:
            raise CommandError(f"날짜는 YYYY-MM-DD 형식으로 적어 주세요: {date}") from exc
        if settings.JANGBOGI_PAYMENT_PROVIDER == "demo":
            self.stderr.write("주의: 데모 결제사는 기록을 프로세스 메모리에만 둡니다. 다른 프로세스(데모 서버)가 만든 "
                              "결제는 여기서 paid_here_not_there로 보입니다. 데모 서버는 5분마다 스스로 정리합니다.")
        run = payment_recovery.reconcile(day, repair=repair)
        for finding in run.found:
            self.stdout.write(finding.line())
        if repair:
            for result in run.repaired:
                self.stdout.write(f"repaired\t주문 {result.payment.order_ref}\t결제 {result.payment.pk}\t"
                                  f"{', '.join(result.changes)}")
            for ref, outcome in run.orders.items():
                self.stdout.write(f"order\t주문 {ref}\t{outcome}")
            for finding in run.remaining:
                self.stdout.write(f"remaining\t{finding.line()}")
        self.stdout.write(summary(run, repair=repair))
        if run.remaining:
            raise SystemExit(1)


def summary(run: payment_recovery.ReconcileRun, *, repair: bool) -> str:
    counts: dict[str, int] = {}
    for finding in run.remaining:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) or "불일치 없음"
    text = f"summary\t{run.day.isoformat()}\t결제 {run.checked}건 확인\t{kinds}"
    if repair:
        text += (f"\t수리 전 불일치 {len(run.found)}건, 결제 {len(run.repaired)}건 정정, "
                 f"취소 {run.cancels_settled}건 확정, 주문 {len(run.orders)}건 처리")
    return text

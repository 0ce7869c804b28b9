from django.core.management.base import BaseCommand

from jangbogi.orders import payment_recovery


class Command(BaseCommand):
    help = ("The repair half of reconcile-payments for tenders still unsettled (pending approvals and cancels of "
            "the last two days) and ended orders still holding money; run by expire-orders.")

    def handle(self, *args, **options):
        run = payment_recovery.repair_recent()
        self.stdout.write(f"결제 정리: 결제 {len(run.repaired)}건 정정, 취소 {run.cancels_settled}건 확정, "
                          f"주문 {len(run.orders)}건 처리")

from django.core.management.base import BaseCommand

from jangbogi.orders import services as orders
from jangbogi.orders import tenders
from jangbogi.payments import services as payments


class Command(BaseCommand):
    help = ("Expire orders left unpaid past their deadline and release their stock; give back what "
            "recent orders no longer cost on their tenders (run every minute).")

    def handle(self, *args, **options):
        count = orders.expire_unpaid_orders()
        self.stdout.write(f"만료 처리: {count}건")
        # The sweep behind every partial cancel: a provider that did not answer, or a process
        # that died before its after-commit sync ran.
        retried = payments.retry_pending_cancels()
        made = tenders.sync_open_orders()
        self.stdout.write(f"환불 재시도: {retried}건, 금액 조정: {made}건")

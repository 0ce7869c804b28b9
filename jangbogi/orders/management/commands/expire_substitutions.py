from django.core.management.base import BaseCommand

from jangbogi.orders import fulfilment


class Command(BaseCommand):
    help = "Refund short items whose substitution proposal the customer did not answer in time (run every minute)."

    def handle(self, *args, **options):
        self.stdout.write(f"답변 없는 대체 제안 환불 처리: {fulfilment.expire_proposals()}건")

from django.core.management.base import BaseCommand

from jangbogi.orders import services as orders


class Command(BaseCommand):
    help = "Expire orders left unpaid past their deadline and release their stock (run every minute)."

    def handle(self, *args, **options):
        count = orders.expire_unpaid_orders()
        self.stdout.write(f"만료 처리: {count}건")

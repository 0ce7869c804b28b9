from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jangbogi.catalog import io as product_sheets
from jangbogi.markets.models import Store


class Command(BaseCommand):
    help = ("Import a store's products from a CSV or XLSX file (the columns of the export). "
            "If any row is wrong nothing is imported, the errors are listed and the exit code is 1.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV 또는 엑셀(.xlsx) 파일")
        parser.add_argument("--store", type=int, required=True, help="상점 번호")
        parser.add_argument("--dry-run", action="store_true", help="검사만 하고 저장하지 않습니다")

    def handle(self, *args, file: Path, store: int, dry_run: bool, **options):
        shop = Store.objects.filter(pk=store).first()
        if shop is None:
            raise CommandError(f"상점을 찾을 수 없습니다: 번호 {store}")
        try:
            with file.open("rb") as f:
                # One byte past the limit is enough for the importer to refuse the file.
                data = f.read(product_sheets.MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"파일을 열 수 없습니다: {file}") from exc
        report = product_sheets.import_products(store=shop, data=data, filename=file.name, dry_run=dry_run)
        if report.ok:
            self.stdout.write(f"{shop.name}: {report.summary}")
            return
        for error in report.errors:
            self.stderr.write(str(error))
        raise CommandError(f"{shop.name}: {report.summary}")

"""`manage.py import_products FILE --store ID` and `jangbogi import-products`: the same
import, the Korean report, exit code 1 when nothing was imported."""

import csv
import io

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from typer.testing import CliRunner

from jangbogi import cli
from jangbogi.catalog.io import HEADERS
from jangbogi.catalog.models import Product
from tests.factories import ProductFactory, StoreFactory

pytestmark = pytest.mark.django_db

GOOD = ["", "채소·과일", "애호박", "1개", "1,500", "국내산", "", "", "면세", "아니오", "", "10", "예", "예"]
BAD_PRICE = ["", "채소·과일", "감자", "1kg", "abc", "국내산", "", "", "면세", "아니오", "", "", "예", "예"]
BAD_CATEGORY = ["", "과자", "뻥튀기", "1봉", "2000", "", "", "", "과세", "아니오", "", "", "예", "예"]


@pytest.fixture
def store(market):
    return StoreFactory(market=market, name="상수네 채소")


def write(tmp_path, rows, name="상품.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    path = tmp_path / name
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    return path


def run(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("import_products", *args, stdout=stdout, stderr=stderr)
    except CommandError as exc:
        return stdout.getvalue(), stderr.getvalue(), exc
    return stdout.getvalue(), stderr.getvalue(), None


def test_imports_and_prints_the_counts(store, tmp_path):
    path = write(tmp_path, [GOOD])
    out, err, exc = run(str(path), "--store", str(store.pk))
    assert exc is None
    assert out == "상수네 채소: 가져오기 완료: 새 상품 1개, 수정 0개, 변경 없음 0개\n"
    assert err == ""
    assert Product.objects.filter(store=store).values_list("name", "price", "stock").get() == ("애호박", 1500, 10)


def test_errors_one_per_line_nothing_imported_and_failure(store, tmp_path):
    ProductFactory(store=store, name="대파", unit_label="1단")
    path = write(tmp_path, [GOOD, BAD_PRICE, BAD_CATEGORY])
    out, err, exc = run(str(path), "--store", str(store.pk))
    assert exc is not None
    assert exc.returncode == 1
    assert str(exc) == "상수네 채소: 오류 2건이 있어 아무것도 가져오지 않았습니다. 파일을 고친 뒤 다시 올려 주세요."
    assert out == ""
    assert err.splitlines() == [
        "3행 [가격] 가격은 숫자로 적어 주세요. 예: 1500 또는 1,500",
        "4행 [분류] '과자'은(는) 없는 분류입니다. 다음 중 하나로 적어 주세요: 채소·과일, 수산, 정육·계란, 반찬, "
        "떡·방앗간, 건어물, 김치, 곡물·잡곡, 분식, 가공·양념, 기타",
    ]
    assert list(Product.objects.values_list("name", flat=True)) == ["대파"]


def test_dry_run(store, tmp_path):
    out, _, exc = run(str(write(tmp_path, [GOOD])), "--store", str(store.pk), "--dry-run")
    assert exc is None
    assert out == "상수네 채소: 검사 통과: 새 상품 1개, 수정 0개, 변경 없음 0개 (저장하지 않았습니다)\n"
    assert Product.objects.count() == 0


def test_unknown_store_and_missing_file(store, tmp_path):
    assert str(run(str(write(tmp_path, [GOOD])), "--store", "999999")[2]) == "상점을 찾을 수 없습니다: 번호 999999"
    missing = tmp_path / "없음.csv"
    assert str(run(str(missing), "--store", str(store.pk))[2]) == f"파일을 열 수 없습니다: {missing}"
    assert Product.objects.count() == 0


def test_store_is_required(tmp_path):
    with pytest.raises(CommandError, match="--store"):
        call_command("import_products", str(tmp_path / "a.csv"))


def test_exit_code_from_the_command_line(store, tmp_path, capsys):
    """Run as manage.py does: a CommandError becomes exit status 1."""
    path = write(tmp_path, [BAD_PRICE])
    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["manage.py", "import_products", str(path), "--store", str(store.pk)]).execute()
    assert exc.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "2행 [가격] 가격은 숫자로 적어 주세요. 예: 1500 또는 1,500",
        "CommandError: 상수네 채소: 오류 1건이 있어 아무것도 가져오지 않았습니다. 파일을 고친 뒤 다시 올려 주세요.",
    ]


# --- the jangbogi CLI --------------------------------------------------------------------


def test_cli_imports(store, tmp_path):
    result = CliRunner().invoke(cli.app, ["import-products", str(write(tmp_path, [GOOD])), "--store", str(store.pk)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "상수네 채소: 가져오기 완료: 새 상품 1개, 수정 0개, 변경 없음 0개\n"
    assert Product.objects.filter(store=store).count() == 1


def test_cli_exits_1_and_lists_the_errors(store, tmp_path):
    path = write(tmp_path, [GOOD, BAD_PRICE])
    result = CliRunner().invoke(cli.app, ["import-products", str(path), "--store", str(store.pk)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "3행 [가격] 가격은 숫자로 적어 주세요. 예: 1500 또는 1,500",
        "상수네 채소: 오류 1건이 있어 아무것도 가져오지 않았습니다. 파일을 고친 뒤 다시 올려 주세요.",
    ]
    assert Product.objects.count() == 0

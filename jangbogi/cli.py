"""The `jangbogi` command: `jangbogi demo` runs the whole product locally; other commands
wrap manage.py."""

import os
import sys
import threading
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="jangbogi — 전통시장 장보기", no_args_is_help=True, add_completion=False)

EXPIRY_INTERVAL_S = 60
PAYMENT_REPAIR_EVERY = 5  # loop turns: the payment repair runs every 5 minutes


def _setup(data_dir: Path | None = None) -> None:
    if data_dir is not None:
        os.environ["JANGBOGI_DATA_DIR"] = str(data_dir.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _expire_loop(stop: threading.Event) -> None:
    """What cron runs in production (`expire-orders`), done by the demo server itself."""
    from jangbogi.orders import fulfilment, payment_recovery
    from jangbogi.orders import services as orders

    turn = 0
    while not stop.wait(EXPIRY_INTERVAL_S):
        orders.expire_unpaid_orders()
        fulfilment.expire_proposals()
        turn += 1
        if turn % PAYMENT_REPAIR_EVERY == 0:
            payment_recovery.repair_recent()  # what cron's expire-orders does via repair_payments


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="주소")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="포트")] = 8000,
    data_dir: Annotated[Path | None, typer.Option(help="데이터 폴더 (기본: 저장소의 var/)")] = None,
    serve: Annotated[bool, typer.Option(help="--no-serve: 데이터만 준비하고 끝냅니다")] = True,
) -> None:
    """Create the local SQLite database, load the demo markets and serve the site."""
    # A local demo answers on whatever --host it was given.
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "*")
    _setup(data_dir)
    from django.conf import settings
    from django.core.management import call_command

    from jangbogi.demo import loader

    data = Path(settings.DATA_DIR)
    data.mkdir(parents=True, exist_ok=True)
    typer.echo(f"데이터 폴더: {data}")
    call_command("migrate", interactive=False, verbosity=0)
    if loader.is_loaded():
        typer.echo("기존 데모 데이터를 그대로 씁니다.")
    else:
        typer.echo("데모 시장 5곳을 불러옵니다…")
        loader.load_demo()
    loader.ensure_demo_riders()
    made = loader.ensure_demo_orders()
    if made:
        typer.echo(f"구리전통시장에 데모 주문 {made}건을 넣었습니다 (상인·배송센터 화면에서 보입니다).")
    url = f"http://{host}:{port}/"
    typer.echo(f"\n주소: {url}")
    typer.echo(f"API 문서: {url}api/v1/docs\n")
    typer.echo("역할별 로그인:")
    for login in loader.demo_logins():
        typer.echo(f"  {login.role:<22} {login.username:<12} / {login.password:<14} {login.note}")
    if not serve:
        return
    stop = threading.Event()
    threading.Thread(target=_expire_loop, args=(stop,), daemon=True).start()
    try:
        call_command("runserver", f"{host}:{port}", use_reloader=False)
    finally:
        stop.set()


@app.command("expire-orders")
def expire_orders() -> None:
    """Run every minute: release the stock of orders left unpaid past their deadline, and
    refund short items whose substitution proposal was not answered in time."""
    _setup()
    from django.core.management import call_command

    call_command("expire_orders")
    call_command("expire_substitutions")
    call_command("repair_payments")  # pending approvals and cancels settled with the provider


@app.command("reconcile-payments")
def reconcile_payments(
    date: Annotated[str | None, typer.Option(help="YYYY-MM-DD (기본: 오늘)")] = None,
    repair: Annotated[bool, typer.Option(help="결제사 기록대로 고치고 주문을 맞춥니다")] = False,
) -> None:
    """Compare a day's payments with the provider's records, one line per mismatch; exit code 1
    when mismatches remain.  Cron: nightly for yesterday with --repair, and by hand."""
    _run_command("reconcile_payments", date=date, repair=repair)


@app.command("ingest-fees")
def ingest_fees(date: Annotated[str | None, typer.Option(help="YYYY-MM-DD (기본: 어제)")] = None) -> None:
    """Record the provider's fees per payment for one sold date (idempotent). Cron: daily."""
    _run_command("ingest_fees", date=date)


def _run_command(name: str, **options) -> None:
    _setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command(name, **options)
    except CommandError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc


@app.command("import-products")
def import_products(
    file: Annotated[Path, typer.Argument(help="CSV 또는 엑셀(.xlsx) 파일")],
    store: Annotated[int, typer.Option(help="상점 번호")],
    dry_run: Annotated[bool, typer.Option(help="검사만 하고 저장하지 않습니다")] = False,
) -> None:
    """Import a store's products from a CSV/XLSX file: all rows or, if any is wrong, none."""
    _setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("import_products", str(file), store=store, dry_run=dry_run)
    except CommandError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django manage.py command, e.g. `jangbogi manage createsuperuser`."""
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jangbogi manage", *ctx.args])


def main() -> None:  # pragma: no cover - console entry
    app(prog_name="jangbogi")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

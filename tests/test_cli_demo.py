"""`jangbogi demo` on an empty data folder: migrate, load, print logins, serve; a second run
reuses the data.  Run as a real subprocess, the way a newcomer runs it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.slow


def _env(data_dir) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["JANGBOGI_DATA_DIR"] = str(data_dir)
    return env


def _demo(data_dir, *args, **kwargs):
    return subprocess.run([sys.executable, "-m", "jangbogi.cli", "demo", "--data-dir", str(data_dir), *args],
                          env=_env(data_dir), capture_output=True, text=True, timeout=180, **kwargs)


def test_demo_prepares_data_once_and_prints_a_login_per_role(tmp_path):
    first = _demo(tmp_path, "--no-serve")
    assert first.returncode == 0, first.stderr
    assert f"데이터 폴더: {tmp_path}" in first.stdout
    assert "데모 시장 5곳을 불러옵니다" in first.stdout
    assert "구리전통시장에 데모 주문 8건을 넣었습니다" in first.stdout
    for username in ("customer", "merchant", "center", "marketadmin", "operator"):
        assert f" {username} " in first.stdout
    assert (tmp_path / "jangbogi.sqlite3").exists()

    second = _demo(tmp_path, "--no-serve")
    assert second.returncode == 0, second.stderr
    assert "기존 데모 데이터를 그대로 씁니다" in second.stdout
    assert "데모 주문" not in second.stdout  # the slot already has its orders


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_serves_the_shop_and_the_api(tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "jangbogi.cli", "demo", "--data-dir", str(tmp_path), "--port", str(port)],
        env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        home = api = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and api is None:
            try:
                home = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
                api = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/markets", timeout=5).read().decode()
            except OSError:
                time.sleep(0.5)
        assert home is not None and "시장 찾기" in home
        assert api is not None and "구리전통시장" in api and "수원 화서시장" in api
    finally:
        server.terminate()
        server.wait(timeout=20)

"""End-to-end tests in headless Chromium (Debian's /usr/bin/chromium; never `playwright install`).

The live server runs in a thread of this process, so `time_machine` freezes its clock too."""

import io
import os
from pathlib import Path

import pytest
import time_machine
from PIL import Image

from tests.conftest import MORNING

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself (factories, assertions) are still plain synchronous code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session", autouse=True)
def _require_chromium():
    """Runs before the session-scoped browser is launched."""
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
    if os.environ.get("JANGBOGI_REQUIRE_BROWSER") == "1":
        pytest.fail(f"JANGBOGI_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": str(CHROMIUM),
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "locale": "ko-KR",
            "timezone_id": "Asia/Seoul"}


def snap(page, name: str) -> Path:
    """Save the whole of `page` (any browser context) into var/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # Sticky header and cart bar would be painted mid-page in a full-page capture.
    page.screenshot(path=str(path), full_page=True, style=".top, .cartbar { position: static !important; }")
    return path


@pytest.fixture
def screenshot(page):
    """screenshot("01-home") saves the whole page at 390 px wide into var/screenshots/."""
    return lambda name: snap(page, name)


def log_in(page, base: str, username: str, password: str = "pass1234!") -> None:
    page.goto(base + "/login")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(password)
    page.get_by_role("button", name="로그인").click()


def login(context, base: str, username: str):
    """A new page of `context`, logged in as `username` (the factories' password)."""
    page = context.new_page()
    log_in(page, base, username)
    return page


def small_png(color=(180, 40, 40)) -> bytes:
    """A 64 × 48 PNG to upload as a photo."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, "PNG")
    return out.getvalue()


def htmx_idle(page) -> None:
    """Wait until htmx has no request in flight and has settled the last swap: an event fired
    on freshly swapped content before htmx processed it would be lost."""
    page.wait_for_function(
        "() => window.htmx && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


@pytest.fixture
def morning():
    """The clock runs from 10:00 Seoul on the fixture day, inside the order window; the live
    server thread sees it too."""
    with time_machine.travel(MORNING, tick=True):
        yield

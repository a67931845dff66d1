"""A citizen files a report from a phone-sized browser, with and without script."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.live import MODERATOR

DESCRIPTIONS = {
    "ar": "زميلي في العمل يلاحقني برسائل وكلام بذيء والمدير لا يفعل شيئا.",
    "fr": "Mon collègue me harcèle de messages et le directeur ne fait rien.",
}
RECEIPT = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")


def open_form(page: Page, site: str, language: str) -> None:
    page.goto(f"{site}/language/{language}?next=/")
    expect(page.locator("html")).to_have_attribute("lang", language)


def fill_report(page: Page, description: str) -> None:
    """Answer every question as a citizen would, with the keyboard and taps."""
    page.select_option("#category", "harassment")
    page.select_option("#setting", "work")
    page.select_option("#governorate", "TN41")
    page.select_option("#delegation", "TN4151")
    page.select_option("#occurred_month", "2")
    page.select_option("#occurred_year", "2026")
    page.check("#reporter-0")
    page.fill("#description", description)
    page.check("#consent")


def receipt_code(page: Page) -> str:
    code = page.locator(".receipt").inner_text().strip()
    assert RECEIPT.match(code), code
    return code


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_report_is_filed_and_reaches_the_moderator(
    browser, site, shoot, language, javascript
):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, java_script_enabled=javascript
    )
    page = context.new_page()
    description = f"{DESCRIPTIONS[language]} ({'js' if javascript else 'no js'})"
    open_form(page, site, language)
    expect(page.locator("html")).to_have_attribute(
        "dir", "rtl" if language == "ar" else "ltr"
    )
    fill_report(page, description)
    shoot(page, "form")

    page.click("button[type=submit]")

    expect(page).to_have_url(f"{site}/receipt")
    code = receipt_code(page)
    shoot(page, "receipt")
    page.goto(f"{site}/status")
    page.fill("#code", code.lower())
    page.click("button[type=submit]")
    expect(page.locator(".status")).to_be_visible()

    page.goto(f"{site}/moderation/login")
    name, password = MODERATOR
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("form button[type=submit]")
    expect(page.get_by_text(description)).to_be_visible()
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_stale_form_comes_back_whole_and_files_on_one_more_tap(
    browser, site, shoot, javascript
):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, java_script_enabled=javascript
    )
    page = context.new_page()
    open_form(page, site, "ar")
    fill_report(page, DESCRIPTIONS["ar"])
    context.clear_cookies(name="session")  # it expired while the form was open

    page.click("button[type=submit]")

    expect(page.locator("#description")).to_have_value(DESCRIPTIONS["ar"])
    expect(page.locator(".flash-warning")).to_be_visible()
    expect(page.locator("#consent")).to_be_checked()
    shoot(page, "stale")
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{site}/receipt")
    receipt_code(page)
    context.close()


def test_draft_survives_a_closed_tab_and_is_wiped_once_sent(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    open_form(page, site, "fr")
    page.fill("#description", DESCRIPTIONS["fr"])
    page.wait_for_timeout(500)  # the draft is saved shortly after typing
    page.close()

    page = context.new_page()
    page.goto(f"{site}/")
    expect(page.locator("#draft")).to_be_visible()
    page.click("[data-draft=restore]")
    expect(page.locator("#description")).to_have_value(DESCRIPTIONS["fr"])
    fill_report(page, DESCRIPTIONS["fr"])
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{site}/receipt")

    assert page.evaluate("localStorage.getItem('kifikifek-draft')") is None
    page.goto(f"{site}/")
    expect(page.locator("#draft")).to_be_hidden()
    context.close()


def test_quick_exit_leaves_and_replaces_the_history_entry(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.route("https://www.google.com/**", lambda route: route.fulfill(body="meteo"))
    page.goto(f"{site}/help")
    open_form(page, site, "ar")
    page.fill("#description", "ما كتبته هنا")
    page.wait_for_timeout(500)

    page.click("a.exit")

    expect(page).to_have_url(re.compile(r"^https://www\.google\.com/"))
    assert page.evaluate("localStorage.length") == 0
    page.go_back()
    assert not page.url.endswith("/")  # the form is not one step back
    context.close()

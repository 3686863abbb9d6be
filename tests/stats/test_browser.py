"""The bureau supervisor's journey: dashboard, another period, figures through to their records, xlsx."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stations.choices import Unit
from stations.roles import Role
from stats.rollup import run_rollup
from tests.factories import TEST_PASSWORD, make_person
from tests.stats.factories import local, make_case, make_incident


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_bureau_supervisor_reads_compares_follows_and_exports(page, station_a, community_a, tmp_path):
    make_person("bureau_boss", station=None, roles=[Role.BUREAU_SUPERVISOR], unit=Unit.BUREAU)
    today = timezone.localdate()
    for n in range(5):
        make_incident(station=station_a, community=community_a, reported_at=local(today - timedelta(days=n)))
    make_incident(station=station_a, community=community_a, reported_at=local(today - timedelta(days=200)))
    old = local(today.replace(year=today.year - 1), 10)
    make_case(station=station_a, community=community_a, registered_at=old, solved_at=local(today, 9))
    make_case(station=station_a, registered_at=local(today, 8), solved_at=local(today, 10))
    make_case(station=station_a, registered_at=old)  # never solved
    run_rollup()

    # tests.fixtures.browser.sign_in clicks the first submit button on the page,
    # which on the login page is the language switch in the navbar; sign in here.
    page.goto("/login/")
    page.fill("input[name=username]", "bureau_boss")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto("/stats/")
    assert page.url.endswith("/stats/bureau/")
    figure = page.get_by_test_id("figure-incidents_reported")
    this_month = sum(1 for n in range(5) if (today - timedelta(days=n)).month == today.month)
    assert figure.inner_text() == str(this_month)
    page.wait_for_selector("[data-chart-ready]")

    # Another period: the whole year.
    page.select_option("#period-kind", "year")
    page.get_by_test_id("period-apply").click()
    page.wait_for_url(re.compile(r"period=year"))
    year_count = 6 if (today - timedelta(days=200)).year == today.year else 5
    assert page.get_by_test_id("figure-incidents_reported").inner_text() == str(year_count)

    # The figure opens the list of the records it counted: the same number of them.
    list_url = reverse("cases:incident-list")
    link = page.get_by_test_id("figure-incidents_reported")
    href = link.get_attribute("href")
    assert href.startswith(list_url) and f"station={station_a.pk}" not in href
    assert f"reported_after={today.year}-01-01" in href
    link.click()
    page.wait_for_url(re.compile(re.escape(list_url)))
    assert page.get_by_test_id("result-count").inner_text() == str(year_count)

    # So does a case figure: the criminal cases solved this year.
    page.goto("/stats/bureau/?period=year")
    solved = page.get_by_test_id("figure-criminal_cases_solved")
    assert solved.inner_text() == "2"
    solved.click()
    page.wait_for_url(re.compile(re.escape(reverse("cases:case-list"))))
    assert "solved_after=" in page.url
    assert page.get_by_test_id("result-count").inner_text() == "2"

    # Export what is shown.
    page.goto("/stats/bureau/?period=year")
    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.stat().st_size > 1000


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_printed_monthly_report_fits_a4_with_the_side_by_side_table_on_a_landscape_page(page, station_a):
    from tests.factories import StationFactory

    for n in range(13):  # the demo's fourteen stations, a column per metric
        StationFactory(name=f"第{n}派出所")
    make_person("bureau_printer", station=None, roles=[Role.BUREAU_SUPERVISOR], unit=Unit.BUREAU)
    page.goto("/login/")
    page.fill("input[name=username]", "bureau_printer")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto("/stats/report/")
    assert page.get_by_test_id("report-title").inner_text().startswith("武陵分局")
    # Printed, the table lays out on the landscape page's width (297 mm − 2 × 8 mm margins at 96 dpi).
    page.emulate_media(media="print")
    page.set_viewport_size({"width": round((297 - 16) / 25.4 * 96), "height": 800})
    widths = page.evaluate(
        """() => {
            const section = document.querySelector('[data-testid=report-units]');
            const table = section.querySelector('table');
            const cells = [...table.querySelectorAll('tr:first-child th, tbody tr:first-child td')]
                .filter(c => c.scrollWidth > c.clientWidth + 1).map(c => [c.innerText, c.scrollWidth, c.clientWidth]);
            return [table.scrollWidth, section.clientWidth, getComputedStyle(section).page,
                    getComputedStyle(table).tableLayout, table.offsetWidth, cells.slice(0, 5)];
        }"""
    )
    assert widths[0] <= widths[1], widths
    assert widths[2] == "wide"
    # The figures fit the portrait page's width (210 mm − 2 × 10 mm).
    page.set_viewport_size({"width": round((210 - 20) / 25.4 * 96), "height": 800})
    figures = page.evaluate(
        """() => {
            const table = document.querySelector('[data-testid=figures]');
            return [table.scrollWidth, table.parentElement.clientWidth];
        }"""
    )
    assert figures[0] <= figures[1], figures
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    sizes = {(round(float(w)), round(float(h))) for w, h in boxes}
    assert (595, 842) in sizes and (842, 595) in sizes, sizes  # A4 portrait and A4 landscape

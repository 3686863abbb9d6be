import contextlib
import io
import socket
import subprocess
import time
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from community import importing
from community import services as community_services
from community.choices import ImportKind, ImportStatus
from community.models import Address, ImportJob, Place, Resident, ResidentTag
from kit.personal import build_id_number
from tests.community.factories import ImportJobFactory, ResidentFactory, with_community_permissions

HEADERS = ["姓名", "公民身份号码", "性别", "出生日期", "联系电话", "街路巷", "门牌号", "楼栋", "单元", "楼层", "房间号",
           "标签", "已安装反诈APP", "备注"]  # fmt: skip
PLACE_HEADERS = ["名称", "类别", "统一社会信用代码", "联系人", "联系电话", "街路巷", "门牌号", "楼栋", "单元", "楼层",
                 "房间号", "备注"]  # fmt: skip


def xlsx(rows, headers=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def person(n, **overrides):
    number = build_id_number("430702", date(1960, 1, 1 + n % 28), n, "M" if n % 2 else "F")
    row = {
        "姓名": f"居民{n}",
        "公民身份号码": number,
        "联系电话": f"138{n:08d}",
        "街路巷": "建设路",
        "门牌号": str(n % 9 + 1),
        "标签": "独居老人" if n % 5 == 0 else "",
        "已安装反诈APP": "是" if n % 2 else "否",
    }
    row.update(overrides)
    return [row.get(h, "") for h in HEADERS]


def run_job(community, content, by=None, kind=ImportKind.RESIDENTS):
    job = ImportJobFactory(station=community.station, community=community, content=content, kind=kind, created_by=by)
    return importing.run(job)


@pytest.mark.django_db
class TestImportingResidents:
    def test_a_good_file_imports_every_row_with_derived_birth_dates_and_shared_addresses(
        self, community_a, community_officer_a
    ):
        job = run_job(community_a, xlsx([person(n) for n in range(1, 31)]), by=community_officer_a)
        assert job.status == ImportStatus.DONE
        assert (job.created_count, job.error_count, job.percent) == (30, 0, 100)
        resident = Resident.objects.get(name="居民5")
        assert resident.birth_date == date(1960, 1, 6)
        assert resident.phone == "13800000005"
        assert [t.name for t in resident.tags.all()] == ["独居老人"]
        assert resident.anti_fraud_app is True
        assert Address.objects.filter(community=community_a).count() == 9
        assert resident.history.first().history_user == community_officer_a

    def test_bad_rows_are_reported_by_row_and_column_and_good_rows_still_import(self, community_a):
        rows = [
            person(1),
            person(2, 公民身份号码="430702196001031235"),  # check digit wrong
            person(3, 联系电话="12345"),
            person(4, 出生日期="1970-01-01"),  # contradicts the number
            person(5, 标签="不存在的标签"),
            person(6, 姓名=""),
            person(1, 姓名="重复"),  # same ID number twice in the file
            person(7),
        ]
        job = run_job(community_a, xlsx(rows))
        assert job.created_count == 2
        assert job.error_count == 6
        by_row = {(e["row"], e["column"]) for e in job.errors}
        assert {
            (3, "公民身份号码"),
            (4, "联系电话"),
            (5, "出生日期"),
            (6, "标签"),
            (7, "姓名"),
            (8, "公民身份号码"),
        } <= by_row
        report = load_workbook(io.BytesIO(importing.error_report_workbook(job))).active
        assert [c.value for c in report[1]] == [_("Row"), _("Column"), _("Error")]
        assert report.max_row == len(job.errors) + 1

    def test_every_error_of_a_row_is_reported_not_only_the_first(self, community_a):
        rows = [
            person(1, 姓名="", 联系电话="12345", 标签="不存在、也不存在", 已安装反诈APP="也许"),
            person(2, 出生日期="1970-01-01", 联系电话="999"),
        ]
        job = run_job(community_a, xlsx(rows))
        assert job.error_count == 2 and job.created_count == 0
        by_row = {(e["row"], e["column"]) for e in job.errors}
        assert {
            (2, "姓名"),
            (2, "联系电话"),
            (2, "标签"),
            (2, "已安装反诈APP"),
            (3, "出生日期"),
            (3, "联系电话"),
        } <= by_row
        tags = next(e["message"] for e in job.errors if e["column"] == "标签")
        assert "不存在" in tags and "也不存在" in tags
        report = load_workbook(io.BytesIO(importing.error_report_workbook(job))).active
        assert report.max_row == len(job.errors) + 1 >= 7

    def test_an_unknown_place_kind_is_reported_with_the_rows_other_errors(self, community_a):
        row = ["", "飞船", "", "", "999", "", "", "", "", "", "", ""]
        job = run_job(community_a, xlsx([row], headers=PLACE_HEADERS), kind=ImportKind.PLACES)
        assert {(e["row"], e["column"]) for e in job.errors} >= {(2, "名称"), (2, "类别"), (2, "联系电话")}

    def test_importing_the_same_file_again_changes_nothing(self, community_a):
        content = xlsx([person(n) for n in range(1, 11)])
        run_job(community_a, content)
        before = {r.pk: (r.version, r.history.count()) for r in Resident.objects.all()}
        again = run_job(community_a, content)
        assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 10)
        assert {r.pk: (r.version, r.history.count()) for r in Resident.objects.all()} == before
        assert Address.objects.count() == 9

    def test_a_changed_row_updates_the_resident_it_names(self, community_a):
        run_job(community_a, xlsx([person(1)]))
        job = run_job(community_a, xlsx([person(1, 联系电话="13900000000")]))
        assert job.updated_count == 1
        assert Resident.objects.get().phone == "13900000000"

    def test_a_resident_of_another_station_is_not_taken_over(self, community_a, community_b):
        ResidentFactory(station=community_b.station, community=community_b, id_number=person(1)[1])
        job = run_job(community_a, xlsx([person(1)]))
        assert job.error_count == 1
        assert job.errors[0]["message"] == _("A resident with this ID number is registered at another station.")
        assert Resident.objects.get().community == community_b

    def test_a_corrupt_file_fails_with_a_message_and_imports_nothing(self, community_a):
        job = run_job(community_a, b"PK\x03\x04 this is not really a workbook")
        assert job.status == ImportStatus.FAILED
        assert "xlsx" in job.message
        assert not Resident.objects.exists()

    def test_a_file_with_wrong_columns_fails_naming_the_missing_ones(self, community_a):
        job = run_job(community_a, xlsx([["张三", "13812345678"]], headers=["名字", "电话"]))
        assert job.status == ImportStatus.FAILED
        assert "姓名" in job.message and "公民身份号码" in job.message
        assert not Resident.objects.exists()

    def test_the_template_imports_cleanly(self, community_a):
        job = run_job(community_a, importing.template_workbook(ImportKind.RESIDENTS))
        assert (job.created_count, job.error_count) == (1, 0), job.errors


@pytest.mark.django_db
def test_places_import_by_name_within_the_community_and_reimport_is_idempotent(community_a):
    rows = [["好又多超市", "商店", "", "李四", "0736-7221110", "建设路", "18", "", "", "", "", ""],
            ["平安宾馆", "hotel", "", "", "", "", "", "", "", "", "", ""],
            ["无名店", "飞船", "", "", "", "", "", "", "", "", "", ""]]  # fmt: skip
    content = xlsx(rows, headers=PLACE_HEADERS)
    job = run_job(community_a, content, kind=ImportKind.PLACES)
    assert (job.created_count, job.error_count) == (2, 1)
    assert job.errors[0]["column"] == "类别"
    assert Place.objects.get(name="平安宾馆").kind == "hotel"
    again = run_job(community_a, content, kind=ImportKind.PLACES)
    assert (again.created_count, again.unchanged_count) == (0, 2)


@pytest.mark.django_db
class TestUpload:
    def _upload(self, client, community, content, name="residents.xlsx"):
        return client.post(
            reverse("community:importjob-create"),
            {"kind": ImportKind.RESIDENTS, "community": community.pk, "file": SimpleUploadedFile(name, content)},
        )

    def test_a_file_that_is_not_an_xlsx_is_refused_politely(self, community_officer_a, community_a, client_for):
        response = self._upload(client_for(community_officer_a), community_a, b"name,id\n", name="residents.csv")
        assert response.status_code == 200
        assert "file" in response.context["form"].errors
        assert not ImportJob.objects.exists()

    def test_a_renamed_non_xlsx_is_refused_too(self, community_officer_a, community_a, client_for):
        response = self._upload(client_for(community_officer_a), community_a, b"%PDF-1.4 ...")
        assert "file" in response.context["form"].errors

    def test_a_too_large_file_is_refused_politely(self, community_officer_a, community_a, client_for, settings):
        settings.WULING = {**settings.WULING, "COMMUNITY_IMPORT_MAX_BYTES": 1024}
        response = self._upload(client_for(community_officer_a), community_a, xlsx([person(n) for n in range(60)]))
        assert "MB" in str(response.context["form"].errors["file"])
        assert not ImportJob.objects.exists()

    def test_a_good_upload_creates_a_queued_job_and_shows_its_progress_page(
        self, community_officer_a, community_a, client_for
    ):
        client = client_for(community_officer_a)
        response = self._upload(client, community_a, xlsx([person(1)]))
        job = ImportJob.objects.get()
        assert response.url == job.get_absolute_url()
        page = client.get(job.get_absolute_url()).content.decode()
        assert 'hx-trigger="every 1s"' in page

    def test_the_templates_download_as_xlsx(self, community_officer_a, client_for):
        client = client_for(community_officer_a)
        for kind in ImportKind.values:
            response = client.get(reverse("community:import-template", kwargs={"kind": kind}))
            assert response.status_code == 200
            assert importing.looks_like_xlsx(response.content)
        assert client.get(reverse("community:import-template", kwargs={"kind": "cars"})).status_code == 404

    def test_officers_of_another_station_cannot_import_into_our_community(self, officer_b, community_a, client_for):
        officer_b.user_permissions.add(Permission.objects.get(codename="add_importjob"))
        response = self._upload(client_for(officer_b), community_a, xlsx([person(1)]))
        assert "community" in response.context["form"].errors


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_upload_is_imported_by_the_worker_while_the_page_polls_its_progress(
    celery_worker, station_a, community_officer_a, community_a, client_for
):
    client = client_for(with_community_permissions(community_officer_a))
    # The reference list made by a data migration is gone after an earlier flush.
    ResidentTag.objects.get_or_create(code="elderly_alone", defaults={"name": "独居老人"})
    rows = [person(n) for n in range(1, 451)] + [person(999, 公民身份号码="123")]
    response = client.post(
        reverse("community:importjob-create"),
        {"kind": ImportKind.RESIDENTS, "community": community_a.pk, "file": SimpleUploadedFile("r.xlsx", xlsx(rows))},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    progress_url = reverse("community:importjob-progress", kwargs={"pk": job.pk})
    seen = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        shown = client.get(progress_url, HTTP_HX_REQUEST="true").context["object"]
        seen.append(shown.percent)
        if shown.finished:
            break
        time.sleep(0.2)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, celery_worker.log()
    assert (job.created_count, job.error_count) == (450, 1)
    assert seen == sorted(seen) and seen[-1] == 100
    final = client.get(progress_url).content.decode()
    assert "hx-trigger" not in final and 'data-testid="error-report"' in final
    report = client.get(reverse("community:importjob-errors", kwargs={"pk": job.pk}))
    assert load_workbook(io.BytesIO(report.content)).active.cell(row=2, column=1).value == 452


@pytest.mark.django_db
def test_the_import_and_every_register_are_in_the_menu_and_the_lists_link_to_the_import(
    community_officer_a, client_for
):
    from stations.navigation import nav_for

    with_community_permissions(community_officer_a)
    names = {item.url_name for item in nav_for(community_officer_a)}
    assert {"community:importjob-list", "community:address-list", "community:household-list",
            "community:patrolteam-list", "community:policepost-list"} <= names  # fmt: skip
    client = client_for(community_officer_a)
    for kind, url_name in (
        (ImportKind.RESIDENTS, "community:resident-list"),
        (ImportKind.PLACES, "community:place-list"),
    ):
        page = client.get(reverse(url_name)).content.decode()
        assert f"{reverse('community:importjob-create')}?kind={kind}" in page
    form = client.get(reverse("community:importjob-create") + "?kind=places").context["form"]
    assert form.initial["kind"] == ImportKind.PLACES


@contextlib.contextmanager
def _celery_broker(url):
    """Point the web side's Celery app at another broker for the duration (its pools rebuilt)."""
    from wuling.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url, app._pool, app.amqp._producer_pool = url, None, None
    try:
        yield app
    finally:
        app.conf.broker_url, app._pool, app.amqp._producer_pool = saved, None, None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_an_upload_while_the_broker_is_down_succeeds_waits_and_is_queued_by_the_sweep(
    community_officer_a, community_a, client_for, tmp_path, caplog
):
    """A real Redis, stopped for the upload and started again for the sweep."""
    import redis

    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    start = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(tmp_path)]  # fmt: skip
    client = client_for(with_community_permissions(community_officer_a))
    with _celery_broker(url) as app:
        # Nothing listens on the port: the broker is down.
        with caplog.at_level("WARNING", logger="wuling.tasks"):
            response = client.post(
                reverse("community:importjob-create"),
                {"kind": ImportKind.RESIDENTS, "community": community_a.pk,
                 "file": SimpleUploadedFile("r.xlsx", xlsx([person(1)]))},
            )  # fmt: skip
        assert response.status_code == 302
        job = ImportJob.objects.get()
        assert job.status == ImportStatus.QUEUED
        assert "not queued" in caplog.text
        page = client.get(job.get_absolute_url())
        assert page.status_code == 200

        server = subprocess.Popen(start, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            broker = redis.Redis(host="127.0.0.1", port=port)
            for _ in range(100):
                try:
                    broker.ping()
                    break
                except redis.ConnectionError:
                    time.sleep(0.05)
            assert community_services.imports_requeue_waiting() == 0, "too recent to be given up on"
            later = timezone.now() + timedelta(minutes=3)
            assert community_services.imports_requeue_waiting(now=later) == 1
            assert broker.llen(app.conf.task_default_queue) == 1
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.mark.django_db
def test_a_job_queued_twice_runs_once(community_a):
    job = ImportJob.objects.create(
        station=community_a.station, community=community_a, kind=ImportKind.RESIDENTS, file_name="r.xlsx",
        content=xlsx([person(1)]),
    )  # fmt: skip
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)  # claimed by the first run
    again = importing.run(job)
    assert again.status == ImportStatus.RUNNING and again.created_count == 0
    assert not Resident.objects.exists()


@pytest.mark.django_db
def test_the_error_report_writes_what_was_typed_as_text_not_as_a_formula(community_a):
    job = ImportJobFactory(community=community_a, station=community_a.station)
    job.errors = [{"row": 2, "column": "姓名", "message": '=HYPERLINK("http://x","点我")'}]
    sheet = load_workbook(io.BytesIO(importing.error_report_workbook(job))).active
    cell = sheet.cell(row=2, column=3)
    assert cell.data_type != "f" and cell.value.startswith("'=")

"""Import of the anti-fraud centre's warning lists from xlsx, the way the resident import works:
a header row (the template's Chinese column names), one warning per row; every row is checked,
good rows are recorded (matched and routed like one typed in), bad ones are reported (row, column,
message) and can be downloaded as an xlsx. A warning already recorded (its number) is left unchanged,
so importing the same file again changes nothing."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from antifraud.choices import ImportStatus
from antifraud.models import FraudWarning, WarningImport
from antifraud.services import _route, prepare_warning
from kit.exports import safe_row
from kit.personal import build_id_number

BATCH_SIZE = 200
MAX_ROWS = 20000
# (field, header, required)
COLUMNS = [
    ("reference", "预警编号", True),
    ("person_name", "姓名", False),
    ("id_number", "公民身份号码", False),
    ("phone", "联系电话", False),
    ("reason", "预警原因", True),
    ("warned_at", "预警时间", True),
    ("deadline_hours", "处置时限（小时）", False),
]
EXAMPLE = [
    "YJ2026-000001",
    "张三",
    build_id_number("430702", date(1958, 3, 1), 118, "M"),
    "13812345678",
    "疑似冒充公检法诈骗，正与可疑号码通话",
    "2026-12-01 09:30",
    "2",
]


class ImportFileError(Exception):
    pass


def template_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "预警"
    ws.append([header + (" *" if required else "") for _f, header, required in COLUMNS])
    ws.append(EXAMPLE)
    for index, (field, _h, _r) in enumerate(COLUMNS, start=1):
        letter = ws.cell(row=1, column=index).column_letter
        ws.column_dimensions[letter].width = 24 if field in ("id_number", "reason", "warned_at") else 14
        if field in ("id_number", "phone", "reference"):
            for row in range(2, 2001):
                ws.cell(row=row, column=index).number_format = "@"
    return _to_bytes(wb)


def error_report_workbook(job: WarningImport) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "errors"
    ws.append([_("Row"), _("Column"), _("Error")])
    for error in job.errors:
        ws.append(safe_row([error["row"], error["column"], error["message"]]))
    ws.column_dimensions["C"].width = 80
    return _to_bytes(wb)


def _to_bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def looks_like_xlsx(content: bytes) -> bool:
    if not content.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    return "[Content_Types].xml" in names and any(name.startswith("xl/workbook") for name in names)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(content: bytes) -> list[tuple[int, dict]]:
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError):
        raise ImportFileError(_("The file is not a readable xlsx workbook (it may be damaged).")) from None
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportFileError(_("The file is empty: use the template."))
        headers = [str(h or "").replace("*", "").strip() for h in header]
        missing = [h for _f, h, required in COLUMNS if required and h not in headers]
        if missing:
            raise ImportFileError(
                _("Wrong columns: missing %(missing)s. Use the template.") % {"missing": "、".join(missing)}
            )
        known = {h: f for f, h, _r in COLUMNS}
        index = {known[h]: i for i, h in enumerate(headers) if h in known}
        result = []
        for number, values in enumerate(rows, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            if len(result) >= MAX_ROWS:
                raise ImportFileError(_("Too many rows: at most %(limit)d per file.") % {"limit": MAX_ROWS})
            result.append((number, {f: _text(values[i] if i < len(values) else None) for f, i in index.items()}))
        return result
    finally:
        wb.close()


def _parse_time(text: str):
    text = text.replace("/", "-").replace("T", " ").strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return (
            timezone.make_aware(parsed) if fmt != "%Y-%m-%d" else timezone.make_aware(datetime.combine(parsed, time()))
        )
    return None


def _prepare(job: WarningImport, data: dict, seen: set):
    errors: dict = {f: _("Required.") for f, _h, required in COLUMNS if required and not data.get(f)}
    warned_at = _parse_time(data["warned_at"]) if data.get("warned_at") else None
    if data.get("warned_at") and warned_at is None:
        errors["warned_at"] = _("Not a time: write it as 2026-12-01 09:30.")
    hours = None
    if data.get("deadline_hours"):
        try:
            hours = int(float(data["deadline_hours"]))
        except ValueError:
            errors["deadline_hours"] = _("Give the deadline as a whole number of hours.")
    reference = data.get("reference", "").strip()
    if reference and reference in seen:
        errors["reference"] = _("This warning number appears twice in the file.")
    seen.add(reference)
    if reference and FraudWarning.objects.filter(station=job.station, reference=reference).exists():
        if errors:
            raise ValidationError(errors)
        return None  # already recorded: unchanged
    values = {
        "reference": reference,
        "person_name": data.get("person_name", ""),
        "id_number": data.get("id_number", ""),
        "phone": data.get("phone", ""),
        "reason": data.get("reason", ""),
        "warned_at": warned_at,
        "received_at": job.created_at,
        "deadline_hours": hours,
    }
    # A deadline counted from the upload, not from the worker's run: a queue wait does not shorten it.
    warning, found = prepare_warning(station=job.station, values=values)
    for field, messages in found.items():
        errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    return warning


def run(job: WarningImport) -> WarningImport:
    """Import the job's file; progress and results are written to the job as it goes."""
    if not WarningImport.objects.filter(pk=job.pk, status=ImportStatus.QUEUED).update(status=ImportStatus.RUNNING):
        job.refresh_from_db()
        return job
    try:
        rows = read_rows(bytes(job.content))
    except ImportFileError as exc:
        WarningImport.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, message=str(exc)[:300], finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    WarningImport.objects.filter(pk=job.pk).update(total_rows=len(rows))
    headers = {f: h for f, h, _r in COLUMNS}
    counts = {"created": 0, "unchanged": 0, "matched": 0}
    errors: list[dict] = []
    seen: set = set()
    for start in range(0, len(rows), BATCH_SIZE):
        with transaction.atomic():
            for number, data in rows[start : start + BATCH_SIZE]:
                try:
                    warning = _prepare(job, data, seen)
                    if warning is None:
                        counts["unchanged"] += 1
                        continue
                    with transaction.atomic():
                        warning.created_by = job.created_by
                        warning._history_user = job.created_by
                        warning.save()
                        _route(warning)
                    counts["created"] += 1
                    counts["matched"] += warning.resident_id is not None
                except ValidationError as exc:
                    for field, messages in exc.message_dict.items():
                        errors.append({"row": number, "column": headers.get(field, ""), "message": " ".join(messages)})
        WarningImport.objects.filter(pk=job.pk).update(
            processed_rows=min(start + BATCH_SIZE, len(rows)),
            created_count=counts["created"],
            unchanged_count=counts["unchanged"],
            matched_count=counts["matched"],
            error_count=len({e["row"] for e in errors}),
        )
    WarningImport.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE, errors=errors, error_count=len({e["row"] for e in errors}), finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job

"""Import of resident and place registers from xlsx, the way stations exchange them today.

The file's first sheet has a header row (the template's Chinese column names)
and one record per row. Every row is checked; good rows are written in
batches, one transaction per batch; bad rows are reported (row, column,
message) and can be downloaded as an xlsx. Records are matched on their
natural key (a resident's ID number, a place's name in the community), so
importing the same file again changes nothing.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from community.choices import ImportKind, ImportStatus, PlaceKind
from community.models import ImportJob, Place, Resident, ResidentTag
from community.services import (
    address_get_or_create,
    place_create,
    place_update,
    resident_create,
    resident_update,
    resolve_identity,
)
from kit.exports import safe_row
from kit.personal import Sex, build_id_number, normalize_id_number, normalize_phone, parse_id_number, validate_phone

BATCH_SIZE = 200

ADDRESS_COLUMNS = [
    ("street", "街路巷", False),
    ("number", "门牌号", False),
    ("building", "楼栋", False),
    ("unit", "单元", False),
    ("floor", "楼层", False),
    ("room", "房间号", False),
]
# (field, header, required)
COLUMNS = {
    ImportKind.RESIDENTS: [
        ("name", "姓名", True),
        ("id_number", "公民身份号码", True),
        ("sex", "性别", False),
        ("birth_date", "出生日期", False),
        ("phone", "联系电话", False),
        *ADDRESS_COLUMNS,
        ("tags", "标签", False),
        ("anti_fraud_app", "已安装反诈APP", False),
        ("notes", "备注", False),
    ],
    ImportKind.PLACES: [
        ("name", "名称", True),
        ("kind", "类别", True),
        ("credit_code", "统一社会信用代码", False),
        ("contact_name", "联系人", False),
        ("contact_phone", "联系电话", False),
        *ADDRESS_COLUMNS,
        ("notes", "备注", False),
    ],
}
EXAMPLES = {
    ImportKind.RESIDENTS: [
        "张三",
        build_id_number("430702", date(1990, 1, 1), 118, "M"),
        "男",
        "1990-01-01",
        "13812345678",
        "建设路",
        "12",
        "3",
        "2",
        "5",
        "502",
        "独居老人、易受骗人群",
        "是",
        "",
    ],
    ImportKind.PLACES: [
        "好又多超市",
        "商店",
        "91430702MA4L000000",
        "李四",
        "0736-7221110",
        "建设路",
        "18",
        "",
        "",
        "",
        "",
        "",
    ],
}
TRUE_WORDS = {"是", "有", "已安装", "y", "yes", "true", "1", "√"}
FALSE_WORDS = {"", "否", "无", "未安装", "n", "no", "false", "0"}


class ImportFileError(Exception):
    """The file as a whole cannot be imported (not an xlsx, wrong columns…)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


def template_workbook(kind: str) -> bytes:
    """The downloadable template: header row, one example row, ID and phone columns as text."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(ImportKind(kind).label)
    columns = COLUMNS[kind]
    ws.append([header + (" *" if required else "") for _field, header, required in columns])
    ws.append(EXAMPLES[kind])
    for index, (field, _header, _required) in enumerate(columns, start=1):
        letter = ws.cell(row=1, column=index).column_letter
        ws.column_dimensions[letter].width = 22 if field in ("id_number", "credit_code", "tags") else 14
        if field in ("id_number", "phone", "contact_phone", "credit_code", "number", "room"):
            for row in range(2, 2001):
                ws.cell(row=row, column=index).number_format = "@"
    return _to_bytes(wb)


def error_report_workbook(job: ImportJob) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "errors"
    ws.append([_("Row"), _("Column"), _("Error")])
    for error in job.errors:
        # The messages quote what was typed in the uploaded file: written as text, never as a formula.
        ws.append(safe_row([error["row"], error["column"], error["message"]]))
    ws.column_dimensions["C"].width = 80
    return _to_bytes(wb)


def _to_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def looks_like_xlsx(content: bytes) -> bool:
    """An xlsx is a zip holding [Content_Types].xml and a workbook."""
    if not content.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    return "[Content_Types].xml" in names and any(name.startswith("xl/workbook") for name in names)


def read_rows(kind: str, content: bytes) -> list[tuple[int, dict]]:
    """(Excel row number, {field: text}) for each non-empty row; ImportFileError for a bad file."""
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError):
        raise ImportFileError(_("The file is not a readable xlsx workbook (it may be damaged).")) from None
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportFileError(_("The file is empty: use the template."))
        headers = [str(h or "").replace("*", "").strip() for h in header]
        columns = COLUMNS[kind]
        missing = [h for _f, h, required in columns if required and h not in headers]
        if missing:
            raise ImportFileError(
                _("Wrong columns: missing %(missing)s. Use the template.") % {"missing": "、".join(missing)}
            )
        known = {h: f for f, h, _r in columns}
        unknown = [h for h in headers if h and h not in known]
        if unknown:
            raise ImportFileError(
                _("Unknown columns: %(unknown)s. Use the template.") % {"unknown": "、".join(unknown)}
            )
        index = {known[h]: i for i, h in enumerate(headers) if h in known}
        result = []
        limit = settings.WULING.get("COMMUNITY_IMPORT_MAX_ROWS", 20000)
        for number, values in enumerate(rows, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            if len(result) >= limit:
                raise ImportFileError(_("Too many rows: at most %(limit)d per file.") % {"limit": limit})
            result.append(
                (number, {field: _text(values[i] if i < len(values) else None) for field, i in index.items()})
            )
        return result
    finally:
        wb.close()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(kind: str, field: str) -> str:
    return next(h for f, h, _r in COLUMNS[kind] if f == field)


def _choice(value: str, choices) -> str | None:
    """A choice given by its code, English label or Chinese label."""
    if not value:
        return None
    for code, label in choices.choices:
        if value in (code, str(label)):
            return code
    with translation.override("zh-hans"):
        for code, label in choices.choices:
            if value == str(label):
                return code
    with translation.override("en"):
        for code, label in choices.choices:
            if value.lower() == str(label).lower():
                return code
    return None


SEX_WORDS = {"男": Sex.MALE, "女": Sex.FEMALE, "M": Sex.MALE, "F": Sex.FEMALE}


class _Importer:
    def __init__(self, job: ImportJob):
        self.job = job
        self.by = job.created_by
        self.tags = {t.name: t for t in ResidentTag.objects.all()}
        self.seen_keys: set[str] = set()

    # Each `prepare_*` returns (key, apply) where apply() writes the row and
    # returns "created" | "updated" | "unchanged"; or raises ValidationError.

    # Every problem of a row is reported at once (each column's), not only the first found: the officer
    # corrects the spreadsheet in one pass. `errors` arrives with the required columns left empty.

    def prepare_residents(self, data: dict, errors: dict):
        number = normalize_id_number(data.get("id_number", ""))
        if "id_number" not in errors:
            try:
                parse_id_number(number)
            except ValidationError as exc:
                errors["id_number"] = exc.messages
        birth_date = None
        if data.get("birth_date"):
            try:
                birth_date = date.fromisoformat(data["birth_date"].replace("/", "-").replace(".", "-"))
            except ValueError:
                errors["birth_date"] = _("Not a date: write it as 1990-01-31.")
        sex = ""
        if data.get("sex"):
            sex = SEX_WORDS.get(data["sex"]) or _choice(data["sex"], Sex) or ""
            if not sex:
                errors["sex"] = _("Write 男 or 女.")
        if not {"id_number", "birth_date", "sex"} & set(errors):
            try:
                resolve_identity(id_number=number, birth_date=birth_date, sex=sex)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        phone = normalize_phone(data.get("phone", ""))
        try:
            validate_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
        tags, unknown = [], []
        for name in [t.strip() for t in data.get("tags", "").replace(",", "、").replace("，", "、").split("、")]:
            if name in self.tags:
                tags.append(self.tags[name])
            elif name:
                unknown.append(_("Unknown tag “%(tag)s”: use the reference list.") % {"tag": name})
        if unknown:
            errors["tags"] = unknown
        anti_fraud = data.get("anti_fraud_app", "").strip().lower()
        if anti_fraud not in TRUE_WORDS | FALSE_WORDS:
            errors["anti_fraud_app"] = _("Write 是 or 否.")
        if number and number in self.seen_keys:
            errors.setdefault("id_number", _("This ID number appears twice in the file."))
        self.seen_keys.add(number)
        if errors:
            raise ValidationError(errors)

        existing = Resident.objects.filter(id_number=number).first()
        if existing is not None and existing.station_id != self.job.station_id:
            raise ValidationError({"id_number": _("A resident with this ID number is registered at another station.")})
        values = {
            "name": data["name"],
            "id_number": number,
            "birth_date": birth_date,
            "sex": sex,
            "phone": phone,
            "anti_fraud_app": anti_fraud in TRUE_WORDS,
            "notes": data.get("notes", ""),
            "tags": tags,
        }
        address_parts = {f: data.get(f, "") for f, _h, _r in ADDRESS_COLUMNS}
        return lambda: self._apply_resident(existing, values, address_parts)

    def _address(self, address_parts):
        if not (address_parts["street"] or address_parts["number"]):
            return None
        if not (address_parts["street"] and address_parts["number"]):
            raise ValidationError({"street": _("An address needs both the street and the number.")})
        address, _created = address_get_or_create(
            station=self.job.station, community=self.job.community, by=self.by, **address_parts
        )
        return address

    def _apply_resident(self, existing, values, address_parts) -> str:
        address = self._address(address_parts)
        if address is not None:
            values["address"] = address
        if existing is not None:
            before = Resident.objects.get(pk=existing.pk)
            same = all(
                getattr(before, f) == values.get(f, getattr(before, f))
                for f in ("name", "phone", "anti_fraud_app", "notes", "address")
            ) and {t.pk for t in before.tags.all()} == {t.pk for t in values["tags"]}
            if same:
                return "unchanged"
            resident_update(resident=before, by=self.by, expected_version=before.version, **values)
            return "updated"
        resident_create(by=self.by, station=self.job.station, community=self.job.community, **values)
        return "created"

    def prepare_places(self, data: dict, errors: dict):
        kind = _choice(data.get("kind", ""), PlaceKind)
        if kind is None and "kind" not in errors:
            errors["kind"] = _("Unknown kind “%(kind)s”: use one of the template's kinds.") % {"kind": data.get("kind")}
        name = (data.get("name") or "").strip()
        if name and name in self.seen_keys:
            errors["name"] = _("This place appears twice in the file.")
        self.seen_keys.add(name)
        contact_phone = normalize_phone(data.get("contact_phone", ""))
        try:
            validate_phone(contact_phone)
        except ValidationError as exc:
            errors["contact_phone"] = exc.messages
        if errors:
            raise ValidationError(errors)
        existing = Place.objects.filter(community=self.job.community, name=name).first()
        values = {
            "name": name,
            "kind": kind,
            "credit_code": data.get("credit_code", ""),
            "contact_name": data.get("contact_name", ""),
            "contact_phone": contact_phone,
            "notes": data.get("notes", ""),
        }
        address_parts = {f: data.get(f, "") for f, _h, _r in ADDRESS_COLUMNS}
        return lambda: self._apply_place(existing, values, address_parts)

    def _apply_place(self, existing, values, address_parts) -> str:
        address = self._address(address_parts)
        if address is not None:
            values["address"] = address
        if existing is not None:
            before = Place.objects.get(pk=existing.pk)
            if all(getattr(before, f) == values.get(f, getattr(before, f)) for f in values):
                return "unchanged"
            place_update(place=before, by=self.by, expected_version=before.version, **values)
            return "updated"
        place_create(by=self.by, station=self.job.station, community=self.job.community, **values)
        return "created"


def run(job: ImportJob) -> ImportJob:
    """Import the job's file; progress and results are written to the job as it goes."""
    kind = job.kind
    # Claimed by one run only: a job queued again by the sweep while already queued runs once.
    if not ImportJob.objects.filter(pk=job.pk, status=ImportStatus.QUEUED).update(status=ImportStatus.RUNNING):
        job.refresh_from_db()
        return job
    try:
        rows = read_rows(kind, bytes(job.content))
    except ImportFileError as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, message=str(exc)[:300], finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    ImportJob.objects.filter(pk=job.pk).update(total_rows=len(rows))
    importer = _Importer(job)
    prepare = importer.prepare_residents if kind == ImportKind.RESIDENTS else importer.prepare_places
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    errors: list[RowError] = []
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        with transaction.atomic():
            for number, data in batch:
                try:
                    missing = {f: _("Required.") for f, _h, required in COLUMNS[kind] if required and not data.get(f)}
                    apply = prepare(data, missing)
                    # A savepoint per row: a row refused while writing leaves the batch intact.
                    with transaction.atomic():
                        counts[apply()] += 1
                except ValidationError as exc:
                    errors.extend(_row_errors(kind, number, exc))
        ImportJob.objects.filter(pk=job.pk).update(
            processed_rows=min(start + BATCH_SIZE, len(rows)),
            created_count=counts["created"],
            updated_count=counts["updated"],
            unchanged_count=counts["unchanged"],
            error_count=len({e.row for e in errors}),
        )
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE,
        errors=[e.as_dict() for e in errors],
        error_count=len({e.row for e in errors}),
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def _row_errors(kind: str, number: int, exc: ValidationError) -> list[RowError]:
    headers = {f: h for f, h, _r in COLUMNS[kind]}
    if not hasattr(exc, "error_dict"):
        return [RowError(number, "", " ".join(exc.messages))]
    result = []
    for field, messages in exc.message_dict.items():
        column = headers.get(field, "")
        if field in ("address", "household"):
            column = headers["street"]
        result.append(RowError(number, column, " ".join(str(m) for m in messages)))
    return result

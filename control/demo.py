"""Demo data of the control centre: the logins `centre`, `department` and `post` (and a control post at
every station), orders in every state at every station, overdue ones with their urgings, and target
lists, one of them issued.

Part of `manage.py seed_demo`; everything is made through the services, as users would. A second run
adds nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from community.models import ResidentTag
from control import services
from control.choices import Department, Evidence, ItemResult, OrderKind, PartStatus, TargetRule
from control.models import Order, StationTask, TargetList
from stations.choices import StaffKind, Unit
from stations.demo import DEMO_PASSWORD
from stations.models import StaffProfile
from stations.roles import Role

#: The part states each station's parts are taken to: every station has one of each.
STATES = [
    PartStatus.TO_SIGN,
    PartStatus.SIGNED,
    PartStatus.ASSIGNED,
    PartStatus.SUBMITTED,
    PartStatus.RETURNED,
    PartStatus.VERIFIED,
]

ORDERS = [
    ("走访辖区独居老人", "逐户上门看望，核实身体与居住情况，留下联系电话", Department.PUBLIC_ORDER, Evidence.NONE),
    ("反诈宣传进小区", "每个社区至少组织一次反诈宣传，覆盖不少于50人", Department.ANTI_FRAUD, Evidence.NONE),
    ("出租屋消防安全检查", "对辖区出租屋逐户检查消防通道与电动车充电", Department.PUBLIC_ORDER, Evidence.NONE),
    ("重点人员见面核查", "与列管人员当面见面，核实现住址与联系方式", Department.CRIMINAL, Evidence.NONE),
    ("校园周边治安巡查", "上下学时段在校园周边开展巡查，记录巡查情况", Department.PUBLIC_ORDER, Evidence.NONE),
    ("矛盾纠纷大排查", "摸排辖区矛盾纠纷，逐一登记并落实化解责任人", Department.LEGAL, Evidence.NONE),
]


def _person(username, last, first, station, unit, roles, groups, password, bureau=None):
    User = get_user_model()
    user = User.objects.create(username=username, last_name=last, first_name=first, password=password)
    user.groups.add(*(groups[r] for r in roles))
    StaffProfile.objects.create(user=user, station=station, bureau=bureau, unit=unit, kind=StaffKind.POLICE)
    return user


def _officers(station):
    return [
        p.user
        for p in StaffProfile.objects.filter(station=station, unit=Unit.COMMUNITY_SQUAD, kind=StaffKind.POLICE)
        .select_related("user")
        .order_by("user_id")
    ]


def _advance(part: StationTask, state, *, post, centre, note_done="已按标准完成"):
    if state == PartStatus.TO_SIGN:
        return
    services.part_sign(part=part, by=post)
    if state == PartStatus.SIGNED:
        return
    if not part.items.exists():
        services.part_split(part=part, by=post, by_community=True)
    officers = _officers(part.station) or [post]
    services.part_assign(
        part=part,
        by=post,
        assignments={item.pk: officers[n % len(officers)] for n, item in enumerate(part.items.filter(assignee=None))},
    )
    items = list(part.items.select_related("assignee"))
    todo = items[: len(items) // 2] if state == PartStatus.ASSIGNED else items
    for item in todo:
        services.item_complete(item=item, by=item.assignee, result=ItemResult.DONE, note=note_done)
    if state == PartStatus.ASSIGNED:
        return
    services.part_submit(part=part, by=post)
    if state == PartStatus.SUBMITTED:
        return
    if state == PartStatus.RETURNED:
        services.part_verify(part=part, by=centre, returned_items=items[:1], note="记录过于简单，请补充走访情况")
        return
    services.part_verify(part=part, by=centre)


def seed(ctx) -> None:
    if not ctx.stations:
        ctx.say("control: no stations, skipped")
        return
    if get_user_model().objects.filter(username="centre").exists():
        ctx.say("control: exists, skipped")
        return
    password = make_password(DEMO_PASSWORD)
    groups = {g.name: g for g in Group.objects.all()}
    # The centre of the first sub-bureau (武陵分局) and its stations.
    bureau = ctx.stations[0].bureau
    stations = [s for s in ctx.stations if s.bureau_id == bureau.pk]
    centre = _person(
        "centre",
        "孙",
        "志刚",
        None,
        Unit.BUREAU,
        [Role.CONTROL_CENTRE, Role.BUREAU_SUPERVISOR],
        groups,
        password,
        bureau=bureau,
    )
    department = _person(
        "department", "周", "敏", None, Unit.BUREAU, [Role.DEPARTMENT_ISSUER], groups, password, bureau=bureau
    )
    posts = {}
    for index, station in enumerate(stations):
        username = "post" if index == 0 else f"post{index + 1:02d}"
        last, first = ("吴", "婷") if index == 0 else (ctx.faker.last_name(), ctx.faker.first_name())
        posts[station.pk] = _person(
            username,
            last,
            first,
            station,
            Unit.COMMAND_ROOM,
            [Role.CONTROL_POST, Role.STATION_OFFICER],
            groups,
            password,
        )

    now = timezone.now()
    made = []
    for k, (title, standard, department_code, evidence) in enumerate(ORDERS):
        order = services.order_create(
            by=department,
            bureau=bureau,
            title=title,
            standard=standard,
            evidence=evidence,
            department=department_code,
            deadline=now + timedelta(days=3 + 4 * k),
            stations=stations,
        )
        services.order_submit(order=order, by=department)
        services.order_admit(order=order, by=centre)
        for index, part in enumerate(order.parts.select_related("station").order_by("station__code")):
            _advance(part, STATES[(index + k) % len(STATES)], post=posts[part.station_id], centre=centre)
        made.append(order)
    # One order done and verified everywhere it went: closed.
    closed = services.order_create(
        by=department,
        bureau=bureau,
        title="国庆节前安全检查",
        standard="检查辖区重点场所消防与安保",
        evidence=Evidence.NONE,
        department=Department.PUBLIC_ORDER,
        deadline=now + timedelta(days=2),
        stations=stations[:2],
    )
    services.order_submit(order=closed, by=department)
    services.order_admit(order=closed, by=centre)
    for part in closed.parts.select_related("station"):
        _advance(part, PartStatus.VERIFIED, post=posts[part.station_id], centre=centre)
    # Two orders overdue (their deadline passed yesterday): one urged by hand, the other left to the sweep.
    for order in made[:2]:
        Order.objects.filter(pk=order.pk).update(deadline=now - timedelta(days=1, hours=2))
        order.refresh_from_db()
    services.order_urge(order=made[0], by=centre, note="请于今日内说明原因并尽快完成")

    # Orders before admission: a draft, one awaiting admission, one returned, one merged, a warning order.
    first, second = stations[0], stations[1]
    services.order_create(
        by=department,
        bureau=bureau,
        title="电动车违规充电专项检查（草稿）",
        standard="逐栋检查楼道充电情况",
        evidence=Evidence.NONE,
        deadline=now + timedelta(days=10),
        stations=stations[:4],
    )
    pending = services.order_create(
        by=department,
        bureau=bureau,
        title="冬季防火安全宣传",
        standard="每个社区张贴宣传海报并入户宣传不少于20户",
        evidence=Evidence.NONE,
        deadline=now + timedelta(days=12),
        stations=stations,
    )
    services.order_submit(order=pending, by=department)
    returned = services.order_create(
        by=department,
        bureau=bureau,
        title="重复的独居老人走访",
        standard="上门看望",
        evidence=Evidence.NONE,
        deadline=now + timedelta(days=9),
        stations=stations,
    )
    services.order_submit(order=returned, by=department)
    services.order_return(order=returned, by=centre, reason="与“走访辖区独居老人”任务重复，请勿重复下发")
    merged = services.order_create(
        by=department,
        bureau=bureau,
        title="校园周边巡查（补充）",
        standard="增加晚自习放学时段",
        evidence=Evidence.NONE,
        deadline=now + timedelta(days=20),
        stations=[second],
    )
    services.order_submit(order=merged, by=department)
    services.order_merge(order=merged, by=centre, into=made[4])
    warning = services.order_create(
        by=department,
        bureau=bureau,
        kind=OrderKind.WARNING,
        title="预警：疑似电诈受害人需立即劝阻",
        standard="立即电话联系并上门当面劝阻转账",
        evidence=Evidence.NONE,
        deadline_hours=6,
        department=Department.ANTI_FRAUD,
        stations=[first],
    )
    services.order_submit(order=warning, by=department)
    services.order_admit(order=warning, by=centre)
    cooperation = services.order_create(
        by=posts[first.pk],
        bureau=bureau,
        kind=OrderKind.COOPERATION,
        title="协查：当事人现住址",
        standard="核实当事人是否居住在贵所辖区",
        evidence=Evidence.NONE,
        deadline=now + timedelta(days=2),
        about="警情 一起邻里纠纷的当事人",
        stations=[second],
    )
    services.order_submit(order=cooperation, by=posts[first.pk])

    # Target lists from the registers; the first is issued as an order, waiting for admission.
    ResidentTag.objects.get_or_create(name="独居老人")
    lists = [
        ("独居老人90天未走访", TargetRule.TAGGED_NOT_VISITED),
        ("本季度未检查的场所", TargetRule.PLACES_NOT_INSPECTED),
        ("逾期未整改的隐患", TargetRule.HAZARDS_PAST_DEADLINE),
        ("30天内3次以上警情且无纠纷登记的地址", TargetRule.REPEAT_ADDRESSES),
        ("90天未检查的出租户", TargetRule.RENTALS_NOT_CHECKED),
    ]
    saved = [services.target_list_create(by=centre, bureau=bureau, name=name, rule=rule) for name, rule in lists]
    issued = None
    for target_list in saved:
        try:
            issued = services.target_list_issue(
                target_list=target_list,
                by=department,
                title=f"清单任务：{target_list.name}",
                standard="逐一落实，录入工作记录作为佐证",
                deadline=now + timedelta(days=14),
            )
            break
        except ValidationError:  # a list that finds nothing today is left unissued
            continue
    ctx.say(
        f"control: {Order.objects.count()} orders, {StationTask.objects.count()} station parts, "
        f"{TargetList.objects.count()} target lists{' (one issued)' if issued else ''}"
    )

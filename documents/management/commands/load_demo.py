"""Demo data for trying the registry: units, the five demo accounts, and a few dozen documents.

Idempotent: running it again changes nothing that is already there. The
accounts share the password `demo-pass-2026`; they are for trying the system
and must never exist on a production installation.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts.demo import DEMO_TOTP_SECRET, give_demo_authenticators
from documents.management import demo_incoming, demo_procedures, demo_telegram
from documents.levels import Level
from documents.models import Direction, Document, Medium, Registry, Urgency
from documents.services.recording import stamp
from documents.services.registration import register_document
from documents.services.storage import Place
from documents.management.demo_hooks import DEMO_LOADERS
from people.models import Person, Unit
from people.roles import PostLevel, Role
from people.services.membership import add_membership

DEMO_PASSWORD = "demo-pass-2026"
REASON = "Demo data"

UNITS = [
    # code, name, key department, registry code, registry name
    ("office", "General Office 办公室", True, "BGS", "General Office registry 办公室登记簿"),
    ("finance", "Finance Division 财务处", False, "CWC", "Finance registry 财务处登记簿"),
    ("legal", "Legal Affairs Division 法规处", False, "FGC", "Legal affairs registry 法规处登记簿"),
]

PEOPLE = [
    # username, first name, last name, post level, [(unit, role)], staff
    ("clerk", "Li", "Ming 李明", PostLevel.IMPORTANT, [("office", Role.CLERK)], False),
    ("leader", "Zhang", "Wei 张伟", PostLevel.CORE, [("office", Role.LEADER)], False),
    ("reader", "Wang", "Fang 王芳", PostLevel.GENERAL, [("office", Role.READER)], False),
    ("inspector", "Chen", "Jing 陈静", PostLevel.IMPORTANT, [("office", Role.INSPECTOR), ("finance", Role.INSPECTOR), ("legal", Role.INSPECTOR)], False),
    ("admin", "Zhao", "Lei 赵磊", PostLevel.GENERAL, [("office", Role.ADMINISTRATOR)], True),
    ("reader2", "Liu", "Yang 刘洋", PostLevel.GENERAL, [("office", Role.READER)], False),
    ("clerk2", "Sun", "Li 孙丽", PostLevel.IMPORTANT, [("finance", Role.CLERK)], False),
    ("leader2", "Zhou", "Qiang 周强", PostLevel.CORE, [("finance", Role.LEADER)], False),
    ("reader3", "Wu", "Min 吴敏", PostLevel.GENERAL, [("legal", Role.READER)], False),
    # Leaving a secret-related post this year: the departure and declassification period (demo_registers).
    ("reader4", "Huang", "Tao 黄涛", PostLevel.GENERAL, [("office", Role.READER)], False),
]

TITLES = [
    "关于做好年度保密自查自评工作的通知",
    "关于加强涉密载体管理的若干规定",
    "2026年度财政预算执行情况报告",
    "关于开展保密宣传教育月活动的方案",
    "涉密计算机及移动存储介质清查结果",
    "关于重大项目招标工作的内部通报",
    "Annual report on the protection of state secrets",
    "Guidelines on handling classified meeting minutes",
    "Budget review of provincial infrastructure projects",
    "Notice on the security inspection of key departments",
    "关于调整机构编制的请示",
    "Emergency response plan for information security incidents",
]
# Where each registry keeps its copies (room; the cabinet and shelf vary by document).
ROOMS = {"BGS": ("301",), "CWC": ("205",)}
ORGANS = ["省委办公厅", "省政府办公厅", "Provincial Finance Department", "国家保密局", "Municipal Security Bureau"]


class Command(BaseCommand):
    help = "Load demo units, accounts (password demo-pass-2026) and documents. Safe to run twice."

    def handle(self, *args, **options):
        system = self._user("admin", "Zhao", "Lei 赵磊", staff=True)
        units = {}
        for code, name, key, registry_code, registry_name in UNITS:
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                unit = stamp(Unit(code=code, name=name, is_key_department=key), by=system, reason=REASON)
                unit.save()
            if not Registry.objects.filter(code=registry_code).exists():
                stamp(Registry(unit=unit, code=registry_code, name=registry_name), by=system, reason=REASON).save()
            units[code] = unit
        users = {}
        for username, first, last, post, memberships, staff in PEOPLE:
            user = self._user(username, first, last, staff=staff)
            users[username] = user
            if not Person.objects.filter(user=user).exists():
                stamp(
                    Person(user=user, post_level=post, commitment_signed_on=datetime.date(2026, 1, 5)), by=system, reason=REASON
                ).save()
            for unit_code, role in memberships:
                add_membership(user=user, unit=units[unit_code], role=role, by=system, reason=REASON)
        created = self._documents(units, users)
        demo_incoming.load()
        demo_procedures.load()
        demo_telegram.load()
        for loader in DEMO_LOADERS:
            loader()
        give_demo_authenticators(users.values())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} documents added). Password for every demo account: {DEMO_PASSWORD}"))
        self.stdout.write(f"Two-factor key (TOTP) of the demo leaders, inspector and admin: {DEMO_TOTP_SECRET}")

    def _user(self, username, first, last, *, staff=False):
        model = get_user_model()
        user = model.objects.filter(username=username).first()
        if user is None:
            user = model(username=username, first_name=first, last_name=last, is_staff=staff, is_superuser=staff)
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    def _documents(self, units, users):
        rng = random.Random(2026)
        created = 0
        plan = [("BGS", "clerk", units["office"], 24), ("CWC", "clerk2", units["finance"], 12)]
        for registry_code, clerk_name, unit, count in plan:
            registry = Registry.objects.get(code=registry_code)
            if Document.objects.filter(registry=registry).exists():
                continue
            for index in range(count):
                level = [Level.TOP_SECRET, Level.SECRET, Level.CONFIDENTIAL, Level.INTERNAL][index % 4]
                title = TITLES[index % len(TITLES)]
                scope_users = [users["leader"], users["reader"]] if registry_code == "BGS" else [users["leader2"]]
                if index % 3 == 0 and registry_code == "BGS":
                    scope_users.append(users["reader2"])
                # Outgoing documents come through the classification review (review/demo.py, dispatch/demo.py).
                direction = [Direction.INCOMING, Direction.INCOMING, Direction.INTERNAL][index % 3]
                organ = ORGANS[index % len(ORGANS)]
                register_document(
                    registry=registry,
                    by=users[clerk_name],
                    reason=REASON,
                    location=Place(*ROOMS[registry_code], str(index % 3 + 1), str(index % 4 + 1)),
                    scope_users=scope_users,
                    scope_units=[unit] if level <= Level.CONFIDENTIAL else [],
                    direction=direction,
                    received_from_organ=organ if direction == Direction.INCOMING else "",
                    title=f"{title}（{index + 1}）" if index >= len(TITLES) else title,
                    originating_organ=organ,
                    reference_number=f"{registry_code} [2026] No. {index + 1}",
                    level=level,
                    secrecy_period_years=None,
                    date_classified=datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randint(0, 300)),
                    pages=rng.randint(1, 60),
                    attachments=rng.randint(0, 3),
                    copies_count=rng.randint(1, 5),
                    urgency=[Urgency.NORMAL, Urgency.URGENT, Urgency.EXTRA_URGENT][index % 3],
                    medium=Medium.PAPER if index % 5 else Medium.ELECTRONIC,
                    remarks="",
                )
                created += 1
        return created

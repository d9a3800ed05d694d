"""Who the load test signs in as: the people of the largest units of a generate_scale_data registry, by role.

    DATABASE_URL=... python bench/loadtest/people.py > var/loadtest/people.json

Each unit listed has a clerk, a leader, an inspector and readers; a clerk
registers for the unit's own registry and proposes its readers, so every
step the load test takes is one the registry allows.
"""

import json
import os
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secrecy_registry.settings")

import django  # noqa: E402

django.setup()

from documents.models import Registry  # noqa: E402
from documents.scale.loader import SCALE_PASSWORD  # noqa: E402
from people.models import Membership  # noqa: E402

UNITS = int(os.environ.get("LOADTEST_UNITS", "5"))

roles = defaultdict(lambda: defaultdict(list))
for unit_id, role, username, user_id in Membership.objects.filter(user__username__startswith="p").values_list(
    "unit_id", "role", "user__username", "user_id"
):
    roles[unit_id][role].append({"username": username, "id": user_id})
registries = dict(Registry.objects.values_list("unit_id", "pk"))
units = []
for unit_id, held in sorted(roles.items(), key=lambda item: -len(item[1]["reader"])):
    if unit_id in registries and all(held[role] for role in ("clerk", "leader", "inspector", "reader")):
        units.append({"unit": unit_id, "registry": registries[unit_id], **{role: held[role] for role in held}})
    if len(units) == UNITS:
        break
json.dump({"password": SCALE_PASSWORD, "units": units}, sys.stdout)

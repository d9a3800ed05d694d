"""The default self-inspection standard: the areas the seeds' reports cover, 100 points in all."""

from django.db import migrations

AREAS = [
    ("Responsibility system 保密工作责任制", [
        ("The leadership responsibility system for confidentiality work is established and written down", 5),
        ("Leaders plan, deploy, check and summarise confidentiality work together with business work", 5),
        ("Each secret-related post has its confidentiality duties assigned to a named person", 5),
    ]),
    ("Rules 保密制度建设", [
        ("Rules cover documents, computers, storage media, networks, maintenance and scrapping", 5),
        ("Rules are revised when work changes and their application is checked", 5),
    ]),
    ("Training and education 宣传教育培训", [
        ("An annual confidentiality education plan is carried out", 5),
        ("Secret-related personnel are trained and the training is recorded", 5),
        ("Every secret-related person has signed a confidentiality commitment", 5),
    ]),
    ("Document handling 涉密载体管理", [
        ("Every classified document and copy is registered", 5),
        ("Circulation is direct, never horizontal, and every hand-out and return is recorded", 5),
        ("Copying and excerpting are approved and the reproductions registered", 5),
        ("Destruction is approved, witnessed by two people and certified", 5),
    ]),
    ("Computers and networks 涉密计算机和网络", [
        ("Classified computers are isolated from the Internet and other networks", 5),
        ("Confidential information is not online, and online information is not confidential", 5),
        ("Maintenance, replacement and scrapping of classified computers follow the procedure", 5),
    ]),
    ("Storage media 移动存储介质", [
        ("Removable storage media are registered and marked with their level", 5),
        ("Classified and non-classified media are never cross-used", 5),
    ]),
    ("Key departments 要害部门部位", [
        ("Key secret-related departments and places are designated and physically protected", 4),
        ("Access to key departments is controlled and recorded", 4),
    ]),
    ("Archives 档案管理", [
        ("Archives are consulted in the reading room only and never lent", 4),
        ("Outside units consult archives only with an introduction letter and a leader's approval", 3),
    ]),
]


REASON = "Default self-inspection standard"


def _with_history(apps, model_name, **fields):
    """Create a row and its history row: the audit trail accepts no tracked row without history."""
    from django.utils import timezone

    row = apps.get_model("inspections", model_name).objects.create(**fields)
    historical = apps.get_model("inspections", f"Historical{model_name}")
    values = {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}
    historical.objects.create(
        **values, history_date=timezone.now(), history_type="+", history_change_reason=REASON, history_user=None
    )
    return row


def create(apps, schema_editor):
    if apps.get_model("inspections", "ChecklistTemplate").objects.exists():
        return
    template = _with_history(
        apps,
        "ChecklistTemplate",
        name="Standard for the self-inspection of confidentiality work of government organs 机关单位保密自查自评标准",
        is_default=True,
    )
    for area_position, (area_name, items) in enumerate(AREAS, start=1):
        area = _with_history(apps, "ChecklistArea", template_id=template.pk, position=area_position, name=area_name)
        for position, (text, score) in enumerate(items, start=1):
            _with_history(apps, "ChecklistItem", area_id=area.pk, position=position, text=text, max_score=score)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

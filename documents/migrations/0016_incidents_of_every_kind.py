"""One register of incidents: the loss incident becomes one kind of incident.

Every existing row is a lost copy's incident and stays one, under its own id (dispatch's items and the
history point at it): its unit is its copy's registry's unit, and it was discovered when it was reported.
The history rows written before keep their columns as they were (the audit chain rehashes them over those).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery


def fill_in_losses(apps, schema_editor):
    Incident = apps.get_model("documents", "Incident")
    Copy = apps.get_model("documents", "Copy")
    unit = Copy.objects.filter(pk=OuterRef("copy_id")).values("document__registry__unit_id")[:1]
    if schema_editor.connection.vendor == "postgresql":
        # Checked now, so that no deferred foreign-key check is pending when the column becomes NOT NULL below.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    Incident.objects.update(kind="lost_copy", unit_id=Subquery(unit), discovered_at=F("reported_at"))
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0015_incoming_receipt_and_storage_locations'),
        ('people', '0004_grants_for_roles_held'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='historicalincident',
            options={'get_latest_by': ('history_date', 'history_id'), 'ordering': ('-history_date', '-history_id'), 'verbose_name': 'historical incident', 'verbose_name_plural': 'historical incidents'},
        ),
        migrations.AlterModelOptions(
            name='incident',
            options={'ordering': ['-reported_at', '-pk'], 'verbose_name': 'incident', 'verbose_name_plural': 'incidents'},
        ),
        migrations.AddField(
            model_name='historicalincident',
            name='bureau_report',
            field=models.CharField(blank=True, max_length=500, verbose_name='report to the bureau'),
        ),
        migrations.AddField(
            model_name='historicalincident',
            name='bureau_reported_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='reported to the secrecy bureau at'),
        ),
        migrations.AddField(
            model_name='historicalincident',
            name='discovered_at',
            field=models.DateTimeField(null=True, verbose_name='discovered at'),
        ),
        migrations.AddField(
            model_name='historicalincident',
            name='held_responsible',
            field=models.TextField(blank=True, max_length=4000, verbose_name='held responsible'),
        ),
        migrations.AddField(
            model_name='historicalincident',
            name='kind',
            field=models.CharField(choices=[('lost_copy', 'Lost copy'), ('internet', 'Classified computer connected to the Internet'), ('virus', 'Virus or malware'), ('posted_publicly', 'Secrets posted on a public network'), ('talk', 'Leak by talk'), ('procedure', 'Violation of procedure'), ('other', 'Other')], default='lost_copy', max_length=20, verbose_name='kind'),
        ),
        migrations.AddField(
            model_name='historicalincident',
            name='result',
            field=models.TextField(blank=True, max_length=4000, verbose_name='result of the investigation'),
        ),
        migrations.AddField(
            model_name='historicalincident',
            name='result_on',
            field=models.DateField(blank=True, null=True, verbose_name='investigation concluded on'),
        ),
        migrations.AddField(
            model_name='historicalincident',
            name='source',
            field=models.CharField(blank=True, max_length=200, verbose_name='opened by'),
        ),
        migrations.AddField(
            model_name='historicalincident',
            name='unit',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='people.unit', verbose_name='unit'),
        ),
        migrations.AddField(
            model_name='incident',
            name='bureau_report',
            field=models.CharField(blank=True, max_length=500, verbose_name='report to the bureau'),
        ),
        migrations.AddField(
            model_name='incident',
            name='bureau_reported_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='reported to the secrecy bureau at'),
        ),
        migrations.AddField(
            model_name='incident',
            name='discovered_at',
            field=models.DateTimeField(null=True, verbose_name='discovered at'),
        ),
        migrations.AddField(
            model_name='incident',
            name='held_responsible',
            field=models.TextField(blank=True, max_length=4000, verbose_name='held responsible'),
        ),
        migrations.AddField(
            model_name='incident',
            name='kind',
            field=models.CharField(choices=[('lost_copy', 'Lost copy'), ('internet', 'Classified computer connected to the Internet'), ('virus', 'Virus or malware'), ('posted_publicly', 'Secrets posted on a public network'), ('talk', 'Leak by talk'), ('procedure', 'Violation of procedure'), ('other', 'Other')], default='lost_copy', max_length=20, verbose_name='kind'),
        ),
        migrations.AddField(
            model_name='incident',
            name='result',
            field=models.TextField(blank=True, max_length=4000, verbose_name='result of the investigation'),
        ),
        migrations.AddField(
            model_name='incident',
            name='result_on',
            field=models.DateField(blank=True, null=True, verbose_name='investigation concluded on'),
        ),
        migrations.AddField(
            model_name='incident',
            name='source',
            field=models.CharField(blank=True, max_length=200, verbose_name='opened by'),
        ),
        migrations.AddField(
            model_name='incident',
            name='unit',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='incidents', to='people.unit', verbose_name='unit'),
        ),
        migrations.RunPython(fill_in_losses, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='incident',
            name='unit',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='incidents', to='people.unit', verbose_name='unit'),
        ),
        migrations.AlterField(
            model_name='historicalincident',
            name='circumstances',
            field=models.TextField(max_length=4000, verbose_name='what happened'),
        ),
        migrations.AlterField(
            model_name='historicalincident',
            name='occurred_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='happened at (as far as known)'),
        ),
        migrations.AlterField(
            model_name='incident',
            name='circumstances',
            field=models.TextField(max_length=4000, verbose_name='what happened'),
        ),
        migrations.AlterField(
            model_name='incident',
            name='copy',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='incidents', to='documents.copy', verbose_name='copy'),
        ),
        migrations.AlterField(
            model_name='incident',
            name='occurred_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='happened at (as far as known)'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(fields=['unit', 'discovered_at'], name='incident_unit_discovered'),
        ),
        migrations.AddConstraint(
            model_name='incident',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('copy__isnull', False), ('kind', 'lost_copy')), models.Q(models.Q(('kind', 'lost_copy'), _negated=True), ('copy__isnull', True)), _connector='OR'), name='incident_copy_when_lost'),
        ),
    ]

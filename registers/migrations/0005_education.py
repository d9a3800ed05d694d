"""The register of education and publicity; every training record of a person becomes their attendance of an event.

The training records (people.TrainingRecord) are not deleted: their rows and history stay in the audit chain.
Records of the same course on the same date, kept by the same unit, become one event (a study session whose
organiser the records did not say); each record becomes a present attendance with its hours. Each row is
written with its history row: the chain adopts rows a data migration wrote before the table's trigger existed
(docs/audit.md, first installation).
"""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

REASON = "Recorded from the training records when they became attendance of events"


def _unit_of(record, units_of):
    """The unit that keeps the record: one the person and the clerk who recorded it share, else the person's."""
    own, recorder = units_of(record.user_id), units_of(record.recorded_by_id)
    shared = [unit for unit in own if unit in recorder]
    return (shared or own or recorder or [None])[0]


def _historical(model, obj, *, by, when):
    values = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    return model.objects.create(**values, history_date=when, history_type="+", history_change_reason=REASON,
                                history_user_id=by)


def records_become_attendance(apps, schema_editor):
    TrainingRecord = apps.get_model("people", "TrainingRecord")
    Membership = apps.get_model("people", "Membership")
    Unit = apps.get_model("people", "Unit")
    Event = apps.get_model("registers", "EducationEvent")
    Attendance = apps.get_model("registers", "Attendance")
    HistoricalEvent = apps.get_model("registers", "HistoricalEducationEvent")
    HistoricalAttendance = apps.get_model("registers", "HistoricalAttendance")
    records = list(TrainingRecord.objects.order_by("date", "pk"))
    if not records:
        return
    memberships = {}
    for user_id, unit_id in Membership.objects.order_by("unit_id").values_list("user_id", "unit_id"):
        memberships.setdefault(user_id, []).append(unit_id)
    fallback = Unit.objects.order_by("pk").values_list("pk", flat=True).first()
    groups = {}
    for record in records:
        unit_id = _unit_of(record, lambda user_id: memberships.get(user_id, [])) or fallback
        if unit_id is None:
            raise RuntimeError("Training records exist but no unit does: there is no unit to keep their events.")
        groups.setdefault((unit_id, record.course, record.date), []).append(record)
    now = timezone.now()
    for (unit_id, course, date), group in groups.items():
        event = Event.objects.create(unit_id=unit_id, kind="study", name=course, organiser="", held_on=date,
                                     hours=max(record.hours for record in group))
        _historical(HistoricalEvent, event, by=group[0].recorded_by_id, when=now)
        attended = {}
        for record in group:
            attendance = attended.get(record.user_id)
            if attendance is None:
                attendance = Attendance(event=event, person_id=record.user_id, present=True, certificate="",
                                        hours=None if record.hours == event.hours else record.hours,
                                        training_record_id=record.pk)
                attended[record.user_id] = attendance
            else:
                # Two records of one person for one course and day: one attendance with the hours of both.
                attendance.hours = (attendance.hours or event.hours) + record.hours
            attendance.recorded_by_id = record.recorded_by_id
        for attendance in attended.values():
            attendance.save()
            _historical(HistoricalAttendance, attendance, by=attendance.recorded_by_id, when=now)


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0004_grants_for_roles_held'),
        ('registers', '0004_meetings'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='EducationEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('study', 'Study session'), ('bureau_course', 'Course by the municipal or county secrecy bureau'), ('warning_film', 'Warning-education film'), ('publicity_month', 'Publicity month activity'), ('journal', 'Journal subscription')], max_length=20, verbose_name='kind')),
                ('name', models.CharField(max_length=200, verbose_name='title')),
                ('organiser', models.CharField(blank=True, max_length=200, verbose_name='organiser')),
                ('held_on', models.DateField(verbose_name='held on')),
                ('hours', models.DecimalField(decimal_places=1, default=Decimal('0'), max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('200'))], verbose_name='hours')),
                ('withdrawn_on', models.DateField(blank=True, null=True, verbose_name='withdrawn on')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='education_events', to='people.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'education event',
                'verbose_name_plural': 'education events',
                'ordering': ['-held_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Attendance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('present', models.BooleanField(verbose_name='present')),
                ('hours', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True, verbose_name='hours attended')),
                ('certificate', models.CharField(blank=True, max_length=100, verbose_name='certificate number')),
                ('training_record_id', models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='from training record')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attendances', to=settings.AUTH_USER_MODEL, verbose_name='person')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attendances', to='registers.educationevent', verbose_name='event')),
            ],
            options={
                'verbose_name': 'attendance',
                'verbose_name_plural': 'attendances',
                'ordering': ['event', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalAttendance',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('present', models.BooleanField(verbose_name='present')),
                ('hours', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True, verbose_name='hours attended')),
                ('certificate', models.CharField(blank=True, max_length=100, verbose_name='certificate number')),
                ('training_record_id', models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name='from training record')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('event', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registers.educationevent', verbose_name='event')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='person')),
            ],
            options={
                'verbose_name': 'historical attendance',
                'verbose_name_plural': 'historical attendances',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalEducationEvent',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('study', 'Study session'), ('bureau_course', 'Course by the municipal or county secrecy bureau'), ('warning_film', 'Warning-education film'), ('publicity_month', 'Publicity month activity'), ('journal', 'Journal subscription')], max_length=20, verbose_name='kind')),
                ('name', models.CharField(max_length=200, verbose_name='title')),
                ('organiser', models.CharField(blank=True, max_length=200, verbose_name='organiser')),
                ('held_on', models.DateField(verbose_name='held on')),
                ('hours', models.DecimalField(decimal_places=1, default=Decimal('0'), max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('200'))], verbose_name='hours')),
                ('withdrawn_on', models.DateField(blank=True, null=True, verbose_name='withdrawn on')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='people.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'historical education event',
                'verbose_name_plural': 'historical education events',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name='educationevent',
            constraint=models.UniqueConstraint(condition=models.Q(('withdrawn_on__isnull', True)), fields=('unit', 'name', 'held_on'), name='one_event_of_a_title_a_day'),
        ),
        migrations.AddConstraint(
            model_name='attendance',
            constraint=models.UniqueConstraint(fields=('event', 'person'), name='one_attendance_a_person_an_event'),
        ),
        migrations.RunPython(records_become_attendance, migrations.RunPython.noop),
    ]

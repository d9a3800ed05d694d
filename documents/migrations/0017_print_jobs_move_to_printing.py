"""PrintJob now lives in printing/ (printing 0002): documents forgets it, the table stays where it is."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0016_incidents_of_every_kind'),
        ('printing', '0002_print_jobs_move_here'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.DeleteModel(name='PrintJob'),
        ]),
    ]

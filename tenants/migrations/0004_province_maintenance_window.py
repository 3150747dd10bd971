from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tenants', '0003_province_merger'),
    ]

    operations = [
        migrations.AddField(
            model_name='province',
            name='maintenance_announced_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='thông báo bảo trì từ'),
        ),
        migrations.AddField(
            model_name='province',
            name='maintenance_starts_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='bảo trì bắt đầu'),
        ),
        migrations.AddField(
            model_name='province',
            name='maintenance_ends_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='bảo trì dự kiến kết thúc'),
        ),
        migrations.AddField(
            model_name='province',
            name='maintenance_message',
            field=models.CharField(blank=True, max_length=500, verbose_name='nội dung thông báo bảo trì'),
        ),
    ]

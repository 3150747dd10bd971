import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='TechCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('checked_on', models.DateField(verbose_name='ngày kiểm tra')),
                ('subjects', models.JSONField(default=list, verbose_name='nội dung kiểm tra')),
                ('result', models.CharField(choices=[('ok', 'Đạt'), ('issues', 'Có tồn tại, cần khắc phục')], max_length=10, verbose_name='kết quả')),
                ('notes', models.TextField(blank=True, verbose_name='ghi chú')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='ghi lúc')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'lần kiểm tra định kỳ',
                'verbose_name_plural': 'lần kiểm tra định kỳ',
                'ordering': ['-checked_on', '-id'],
            },
        ),
    ]

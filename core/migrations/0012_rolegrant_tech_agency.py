from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0011_rolegrant_access_request'),
    ]

    operations = [
        migrations.AlterField(
            model_name='rolegrant',
            name='role',
            field=models.CharField(choices=[('doha_admin', 'Quản trị Sở Nội vụ'), ('agency_admin', 'Quản trị cơ quan, địa phương'), ('subunit_admin', 'Quản trị đơn vị trực thuộc'), ('unit_officer', 'Người được giao quản lý, khai thác'), ('approver', 'Thủ trưởng, người được ủy quyền phê duyệt'), ('unit_reader', 'Xem toàn đơn vị (cấp phó, trưởng bộ phận tổ chức cán bộ)'), ('tech_agency', 'Cơ quan kỹ thuật (sao lưu, bảo trì hệ thống)'), ('employee', 'Cá nhân')], max_length=30, verbose_name='vai trò'),
        ),
    ]

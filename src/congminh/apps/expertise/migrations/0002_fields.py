"""The fields of judicial expertise (vocabulary as data; Luật GĐTP and directive point 3)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

FIELDS = (
    ("phap-y", "Pháp y"),
    ("phap-y-tam-than", "Pháp y tâm thần"),
    ("ky-thuat-hinh-su", "Kỹ thuật hình sự"),
    ("tai-chinh", "Tài chính"),
    ("ke-toan", "Kế toán"),
    ("thue", "Thuế"),
    ("ngan-hang", "Ngân hàng"),
    ("xay-dung", "Xây dựng"),
    ("tai-nguyen-moi-truong", "Tài nguyên – môi trường"),
    ("nong-nghiep", "Nông nghiệp"),
    ("van-hoa", "Văn hóa"),
    ("y-te-duoc", "Y tế, dược"),
    ("giao-thong-van-tai", "Giao thông vận tải"),
    ("thong-tin-truyen-thong", "Thông tin và truyền thông"),
    ("cong-thuong", "Công thương"),
    ("khoa-hoc-cong-nghe", "Khoa học và công nghệ"),
    ("giao-duc", "Giáo dục"),
    ("lao-dong", "Lao động"),
)


def add(apps: Any, schema_editor: Any) -> None:
    Field = apps.get_model("expertise", "ExpertiseField")
    for order, (code, name) in enumerate(FIELDS, start=1):
        Field.objects.update_or_create(code=code, defaults={"name": name, "order": order * 10})


def remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("expertise", "ExpertiseField").objects.filter(
        code__in=[c for c, _n in FIELDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("expertise", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]

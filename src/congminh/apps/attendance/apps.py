from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "congminh.apps.attendance"
    label = "attendance"
    verbose_name = "Attendance in administrative cases"

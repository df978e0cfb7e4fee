from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "congminh.apps.supervision"
    label = "supervision"
    verbose_name = "Supervision by the People's Council and the Fatherland Front"

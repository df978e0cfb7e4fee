from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "congminh.apps.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The periodic tasks and the task that runs a job register with the queue here.
        from congminh.apps.jobs import receivers, tasks  # noqa: F401

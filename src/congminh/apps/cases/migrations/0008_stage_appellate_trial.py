"""A stage of its own for the appellate court's trial, «Xét xử phúc thẩm» (`appellate_trial`):
after the appellate court received the file (`appeal_received`), its decision to bring the
case to trial and its judgment no longer put the case in «Xét xử sơ thẩm». Cases stored at
`trial` whose effective log says so move to the new stage (a frozen copy of
`core.law.events.stage_after` for these two events; a later `accepted` is a first instance
again). Backwards: back to `trial`.
"""

from django.db import migrations, models

_APPELLATE_TRIAL_EVENTS = {"brought_to_trial", "judgment_pronounced"}
# Event types that move the stage (any other leaves it where it was), with `resumed`.
_STAGED = {"report_received", "report_suspended", "report_resumed", "report_dismissed",
           "case_instituted", "investigation_suspended", "investigation_resumed",
           "investigation_concluded", "returned_for_investigation",
           "supplementary_investigation_concluded", "indicted", "accepted", "suspended",
           "brought_to_trial", "judgment_pronounced", "appeal_received", "closed",
           "enforcement_decision_received", "postponed"}
_SUSPENDING = {"report_suspended", "investigation_suspended", "suspended", "postponed"}


def _appellate_trial(types):
    """Whether a log's stage is the appellate trial (`resumed` returns to the stage the
    suspension interrupted, if any)."""
    appellate = False
    stage = before = ""  # "appellate_trial", "suspended", or "other" for any other stage
    for code in types:
        entered = ""
        if code in _SUSPENDING:
            entered = "suspended"
        elif code in _STAGED:
            entered = ("appellate_trial" if appellate and code in _APPELLATE_TRIAL_EVENTS
                       else "other")
        if code == "accepted":
            appellate = False
        elif code == "appeal_received":
            appellate = True
        if entered == "suspended":
            before = stage
        if code == "resumed":
            stage = before or stage
        elif entered:
            stage = entered
    return stage == "appellate_trial"


def forwards(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    moved = []
    for case_id in Case.objects.filter(stage="trial").values_list("pk", flat=True).iterator():
        live = CaseEvent.objects.filter(case_id=case_id, withdrawn_at__isnull=True)
        superseded = set(live.exclude(supersedes=None).values_list("supersedes_id", flat=True))
        types = [t for pk, t in live.order_by("date", "id").values_list("pk", "type")
                 if pk not in superseded]
        if "appeal_received" in types and _appellate_trial(types):
            moved.append(case_id)
    for start in range(0, len(moved), 500):
        Case.objects.filter(pk__in=moved[start:start + 500]).update(stage="appellate_trial")


def backwards(apps, schema_editor):
    apps.get_model("cases", "Case").objects.filter(stage="appellate_trial").update(stage="trial")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0007_data_versions_per_body'),
    ]

    operations = [
        migrations.AlterField(
            model_name='case',
            name='stage',
            field=models.CharField(blank=True, choices=[('crime_report', 'Crime report'), ('investigation', 'Investigation'), ('supplementary_investigation', 'Supplementary investigation'), ('prosecution', 'Prosecution'), ('trial_preparation', 'Trial preparation'), ('trial', 'First-instance trial'), ('appeal', 'Appeal'), ('appellate_trial', 'Appellate trial'), ('enforcement', 'Enforcement'), ('suspended', 'Suspended'), ('closed', 'Closed')], max_length=32, verbose_name='stage'),
        ),
        migrations.RunPython(forwards, backwards),
    ]

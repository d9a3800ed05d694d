"""Organisation and responsibility (组织领导): the unit's secrecy group, its responsibility letters, its yearly plan.

Nothing here is deleted: a member who leaves the group keeps their row with the date they left (so the group of
any past day can be read again), a letter no longer in force is withdrawn, a task is marked done with its date.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Position(models.TextChoices):
    LEADER = "leader", _("Leader of the secrecy group")
    DEPUTY = "deputy", _("Deputy leader of the secrecy group")
    MEMBER = "member", _("Member of the secrecy group")
    IN_CHARGE = "in_charge", _("Leader in charge of secrecy work")


# One person at a time in these places; the in-charge is a place apart from the group (often held by one of its members).
SINGLE_POSITIONS = (Position.LEADER, Position.IN_CHARGE)


class GroupMembership(models.Model):
    """Someone's place in the unit's secrecy group or committee (保密工作领导小组/委员会), from appointment to leaving."""

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="group_memberships",
                             verbose_name=_("unit"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("person"))
    position = models.CharField(_("place in the group"), max_length=12, choices=Position.choices)
    appointed_on = models.DateField(_("appointed on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "left_on", "position", "appointed_on", "pk"]
        verbose_name = _("place in the secrecy group")
        verbose_name_plural = _("places in the secrecy group")
        constraints = [
            models.UniqueConstraint(fields=["unit", "position"], name="one_group_leader_and_one_in_charge",
                                    condition=models.Q(left_on__isnull=True, position__in=["leader", "in_charge"])),
            models.UniqueConstraint(fields=["unit", "person"], name="one_place_in_the_group",
                                    condition=models.Q(left_on__isnull=True) & ~models.Q(position="in_charge")),
        ]

    def __str__(self):
        return f"{self.get_position_display()}: {self.person}"

    @property
    def current(self):
        return self.left_on is None


class ResponsibilityLetter(models.Model):
    """A secrecy responsibility letter (保密责任书) the unit signed with a department, a unit or a person."""

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="responsibility_letters",
                             verbose_name=_("unit"))
    party = models.CharField(_("signed with (department or unit)"), max_length=200, blank=True)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                               blank=True, verbose_name=_("signed with (person)"))
    signed_on = models.DateField(_("signed on"))
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "-signed_on", "pk"]
        verbose_name = _("responsibility letter")
        verbose_name_plural = _("responsibility letters")

    def __str__(self):
        return self.signed_with

    @property
    def signed_with(self):
        from people.names import person_name

        return person_name(self.person) if self.person_id else self.party

    @property
    def in_force(self):
        return self.withdrawn_on is None


class WorkPlan(models.Model):
    """The unit's yearly secrecy work plan (年度保密工作计划); its tasks are broken down to offices and people."""

    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="work_plans", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    adopted_on = models.DateField(_("adopted on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "-year", "pk"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], condition=models.Q(withdrawn_on__isnull=True),
                                    name="one_work_plan_a_year"),
        ]

    def __str__(self):
        return self.title

    @property
    def in_force(self):
        return self.withdrawn_on is None


class PlanTask(models.Model):
    """A task of the plan: what, which office carries it out and who answers for it, by when, and when it was done."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("work plan"))
    task = models.CharField(_("task"), max_length=500)
    office = models.CharField(_("office"), max_length=200)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("person responsible"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    entered_on = models.DateField(_("entered on"), default=timezone.localdate, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("task of the work plan")
        verbose_name_plural = _("tasks of the work plan")

    def __str__(self):
        return self.task

    @property
    def done(self):
        return self.done_on is not None

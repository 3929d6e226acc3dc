from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from painwise.accounts.services import profile_of
from painwise.core.forms import apply_errors
from painwise.core.types import AuthedRequest
from painwise.core.versioning import EditConflictError, describe_conflicts, with_changes
from painwise.core.views import show_notices
from painwise.therapies import services
from painwise.therapies.access import get_entry_for_user, get_factor_for_user, get_medication_for_user
from painwise.therapies.catalog import catalog, catalog_sections
from painwise.therapies.forms import EntryForm, FactorForm, MedicationForm, entry_initial
from painwise.therapies.models import Medication, TherapyEntry
from painwise.therapies.ordering import by_name


def _entry_base(entry: TherapyEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in services.ENTRY_FIELDS}


def _medication_base(medication: Medication) -> dict[str, Any]:
    return {name: getattr(medication, name) for name in MedicationForm.Meta.fields}


@login_required
def catalog_page(request: AuthedRequest) -> HttpResponse:
    everyday, sexual_health = catalog_sections()
    context = {
        "modalities": everyday,
        "sexual_health": sexual_health,
        "show_sexual_health": profile_of(request.user).show_sexual_health,
        "frequent": services.frequent_entries(user=request.user),
        "medications": by_name(request.user.medications.filter(active=True)),
        "factors": by_name(request.user.custom_factors.all()),
    }
    return render(request, "therapies/catalog.html", context)


def _modality(slug: str) -> Any:
    try:
        return catalog()[slug]
    except KeyError:
        raise Http404 from None


def _initial_for_links(request: AuthedRequest, slug: str) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    if slug == "medication" and request.GET.get("medication"):
        medication = get_medication_for_user(request.user, request.GET["medication"])
        initial.update(medication=medication.pk, amount=medication.dose, unit=medication.unit)
    if slug == "custom" and request.GET.get("factor"):
        initial["factor"] = get_factor_for_user(request.user, request.GET["factor"]).pk
    return initial


def _save_entry(request: AuthedRequest, form: EntryForm, entry: Any) -> HttpResponse | None:
    """Save the form (a new entry, or only the changed fields of ``entry``); None when it must be shown again."""
    try:
        if entry is None:
            saved = services.log_entry(user=request.user, values=form.values())
        else:
            version, base = form.edit_basis()
            saved = services.update_entry(entry=entry, values=form.changes(form.values()), version=version, base=base)
    except ValidationError as exc:
        apply_errors(form, _details_to_form_names(exc))
        return None
    messages.success(request, gettext("Logged %(label)s.") % {"label": saved.obj.label})
    show_notices(request, saved.notices)
    return redirect("therapies:catalog")


def _details_to_form_names(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({k.replace("details.", "detail_"): v for k, v in exc.message_dict.items()})


@login_required
def log(request: AuthedRequest, slug: str) -> HttpResponse:
    modality = _modality(slug)
    form = EntryForm(request.POST or None, modality=modality, user=request.user,
                     initial=_initial_for_links(request, slug))
    if request.method == "POST" and form.is_valid() and (response := _save_entry(request, form, None)):
        return response
    return render(request, "therapies/log.html", {"form": form, "modality": modality},
                  status=422 if form.errors else 200)


@login_required
def entry_edit(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, entry_id)
    modality = _modality(entry.modality)
    form = EntryForm(request.POST or None, modality=modality, user=request.user, initial=entry_initial(entry))
    if request.method != "POST":
        form.guard(entry, _entry_base(entry))
    conflicts: list[dict[str, str]] = []
    try:
        if request.method == "POST" and form.is_valid() and (response := _save_entry(request, form, entry)):
            return response
    except EditConflictError as exc:
        changes = form.changes(form.values())
        conflicts = describe_conflicts(exc, form)
        latest = cast(TherapyEntry, exc.record)  # the conflict is about the entry being edited
        form = EntryForm(modality=modality, user=request.user,
                         initial=entry_initial(with_changes(latest, changes, changes)))
        form.guard(latest, _entry_base(latest))
    context = {"form": form, "modality": modality, "entry": entry, "conflicts": conflicts}
    return render(request, "therapies/log.html", context, status=409 if conflicts else 422 if form.errors else 200)


@login_required
@require_POST
def entry_delete(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, entry_id)
    services.delete_entry(entry=entry)
    messages.success(request, gettext("Deleted %(label)s.") % {"label": entry.label})
    return redirect("diary:history")


@login_required
@require_POST
def entry_again(request: AuthedRequest, entry_id: int) -> HttpResponse:
    try:
        saved = services.log_again(entry=get_entry_for_user(request.user, entry_id))
    except ValidationError as exc:
        messages.error(request, "Could not log it again: " + "; ".join(exc.messages))
        return redirect("therapies:catalog")
    messages.success(request, gettext("Logged %(label)s again.") % {"label": saved.obj.label})
    show_notices(request, saved.notices)
    return redirect("therapies:catalog")


@login_required
def medications(request: AuthedRequest, medication_id: int | None = None) -> HttpResponse:
    medication = get_medication_for_user(request.user, medication_id) if medication_id else None
    form = MedicationForm(request.POST or None, instance=medication)
    if medication is not None and request.method != "POST":
        form.guard(medication, _medication_base(medication))
    conflicts: list[dict[str, str]] = []
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in MedicationForm.Meta.fields}
        try:
            if medication is None:
                saved = services.add_medication(user=request.user, values=values)
            else:
                version, base = form.edit_basis()
                # The service saves onto the latest stored copy; the form only changed this one in memory.
                saved = services.update_medication(medication=medication, values=form.changes(values),
                                                   version=version, base=base)
        except ValidationError as exc:
            apply_errors(form, exc)
        except EditConflictError as exc:
            conflicts = describe_conflicts(exc, form)
            changes = form.changes(values)
            form = MedicationForm(instance=with_changes(exc.record, changes, changes))
            form.guard(exc.record, _medication_base(exc.record))  # type: ignore[arg-type]
        else:
            messages.success(request, gettext("Saved %(obj)s.") % {"obj": saved.obj})
            show_notices(request, saved.notices)
            return redirect("therapies:medications")
    items = by_name(request.user.medications.all(), active_first=True)
    context = {"form": form, "medication": medication, "items": items, "conflicts": conflicts}
    return render(request, "therapies/medications.html", context,
                  status=409 if conflicts else 422 if form.errors else 200)


@login_required
@require_POST
def medication_delete(request: AuthedRequest, medication_id: int) -> HttpResponse:
    medication = get_medication_for_user(request.user, medication_id)
    services.delete_medication(medication=medication)
    messages.success(request, gettext("Removed %(medication)s from your list.") % {"medication": medication})
    return redirect("therapies:medications")


@login_required
def factors(request: AuthedRequest) -> HttpResponse:
    form = FactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_factor(user=request.user, name=form.cleaned_data["name"], kind=form.cleaned_data["kind"],
                                   as_needed=form.cleaned_data["as_needed"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Added. It now appears on the log page."))
            return redirect("therapies:catalog")
    return render(request, "therapies/factors.html",
                  {"form": form, "items": by_name(request.user.custom_factors.all())},
                  status=422 if form.errors else 200)


@login_required
@require_POST
def factor_as_needed(request: AuthedRequest, factor_id: int) -> HttpResponse:
    """Mark an own factor as used when pain is bad (checkbox ``as_needed`` ticked), or not."""
    factor = get_factor_for_user(request.user, factor_id)
    services.set_factor_as_needed(factor=factor, as_needed=request.POST.get("as_needed") == "on")
    messages.success(request, gettext("Saved how you use %(name)s.") % {"name": factor.name})
    return redirect("therapies:factors")

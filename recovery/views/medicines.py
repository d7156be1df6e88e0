"""The patient's own medicines: the ones they added, to rename, correct or hide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render

from ..forms.medicines import OwnMedicineForm
from ..models import Medicine


def saved(form):
    """The form's medicine saved, or None with the form's own message when the name was
    taken between the check and the write (two taps or tabs at once): the database's unique
    index is what decides, and the form, checked again, says why."""
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        form.full_clean()
        if form.is_valid():  # not the name: nothing the patient can change
            raise
        return None


@login_required
def own_medicines(request):
    form = OwnMedicineForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and (medicine := saved(form)):
        messages.success(request, f"Added {medicine.name} to your own medicines.")
        return redirect("medicines")
    mine = Medicine.objects.filter(owner=request.user).order_by("-is_active", "name")
    return render(request, "recovery/medicines.html", {"form": form, "medicines": mine})


@login_required
def own_medicine(request, pk):
    medicine = get_object_or_404(Medicine, pk=pk, owner=request.user)
    form = OwnMedicineForm(request.POST or None, instance=medicine, user=request.user)
    if request.method == "POST" and form.is_valid() and saved(form):
        messages.success(request, f"Saved {medicine.name}.")
        return redirect("medicines")
    return render(request, "recovery/medicine.html", {"form": form, "medicine": medicine})

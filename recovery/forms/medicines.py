"""A patient's own medicines: names not in the catalog, private to them."""

from django import forms

from ..models import Medicine


class OwnMedicineForm(forms.ModelForm):
    class Meta:
        model = Medicine
        fields = ["name", "unit", "strengths", "group", "route", "is_active"]
        labels = {"group": "Kind", "route": "How it is used", "is_active": "Show it on my list"}
        help_texts = {
            "strengths": "Optional, e.g. “300 mg”: what is written on your pack.",
            "is_active": "Untick to hide it from the list; days it was taken keep it.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.instance.owner = user

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        taken = Medicine.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if taken.filter(owner=self.user).exists():
            raise forms.ValidationError("You have a medicine of this name already.")
        if taken.filter(owner__isnull=True, is_active=True).exists():
            raise forms.ValidationError(f"{name} is on the list already: pick it there.")
        return name

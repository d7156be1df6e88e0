from .accounts import ProfileForm, SignupForm
from .day import (
    ITEM_FORMS,
    CoSupplementForm,
    DailyEntryForm,
    DoseForm,
    FoodForm,
    HabitsForm,
    SessionForm,
)

__all__ = [
    "ITEM_FORMS",
    "CoSupplementForm",
    "DailyEntryForm",
    "DoseForm",
    "FoodForm",
    "HabitsForm",
    "ProfileForm",
    "SessionForm",
    "SignupForm",
]

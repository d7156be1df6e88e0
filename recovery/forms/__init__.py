from .accounts import (
    DeleteAccountForm,
    ExportForm,
    ImportForm,
    PasswordConfirmForm,
    ProfileForm,
    ReportRangeForm,
    SignupForm,
)
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
    "DeleteAccountForm",
    "ExportForm",
    "ImportForm",
    "PasswordConfirmForm",
    "ReportRangeForm",
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

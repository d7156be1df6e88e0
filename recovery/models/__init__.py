from .catalog import (
    CoSupplement,
    Exercise,
    Food,
    Habit,
    MagnesiumForm,
    Routine,
    RoutineStep,
    TimelinePhase,
)
from .logs import (
    CoSupplementLog,
    DailyEntry,
    ExerciseSession,
    FoodLog,
    HabitLog,
    MagnesiumDose,
)
from .medicines import Medicine, MedicineDose, WeeklyCheck
from .profile import Profile
from .reminders import PushSubscription, Reminder, ReminderSent

__all__ = [
    "CoSupplement",
    "CoSupplementLog",
    "DailyEntry",
    "Exercise",
    "ExerciseSession",
    "Food",
    "FoodLog",
    "Habit",
    "HabitLog",
    "MagnesiumDose",
    "MagnesiumForm",
    "Medicine",
    "MedicineDose",
    "Profile",
    "PushSubscription",
    "Reminder",
    "ReminderSent",
    "Routine",
    "RoutineStep",
    "TimelinePhase",
    "WeeklyCheck",
]

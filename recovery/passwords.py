"""A password check beyond length: how many guesses an attacker would need.

zxcvbn recognises repeats ("aaaaaaaaaaaa"), sequences ("abcdefghijkl"), keyboard rows,
dates and common words with small changes, which a length rule lets through.
"""

from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn

# zxcvbn's scale runs 0-4; 3 is "safely unguessable" against an online attack and
# moderately strong against a stolen, slow-hashed (Argon2) password table.
MINIMUM_SCORE = 3
# zxcvbn refuses longer passwords (its time grows with length); what lies beyond adds
# strength, never removes it.
CHECKED_LENGTH = 72


class GuessabilityValidator:
    def validate(self, password, user=None):
        personal = [getattr(user, name, "") or "" for name in ("username", "email")]
        result = zxcvbn(password[:CHECKED_LENGTH], user_inputs=[p for p in personal if p])
        if result["score"] >= MINIMUM_SCORE:
            return
        feedback = result["feedback"]
        hint = " ".join([feedback["warning"], *feedback["suggestions"]]).strip()
        raise ValidationError(
            "This password is easy to guess. %(hint)s",
            code="password_easy_to_guess",
            params={"hint": hint or "Add a few more words or characters."},
        )

    def get_help_text(self):
        return (
            "It must be hard to guess: no repeated characters, sequences, keyboard rows "
            "or common words with small changes. A few unrelated words work well."
        )

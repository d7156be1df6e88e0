"""JSON that a device or a file sends, read once with the rules every reader here needs.

Python's json module gives back two things nothing after it can use: a string holding a lone
surrogate (`"a\\ud800b"` is valid JSON, but no character, and UTF-8 cannot encode it, so the
database refuses it with an error), and, on deep nesting, a RecursionError (it recurses once
per level: 100,000 `[` exhaust the stack). Both are refused here as unreadable, so no view
meets them.
"""

import json
import re

SURROGATE = re.compile("[\ud800-\udfff]")


class Unreadable(ValueError):
    pass


class NotUnicode(Unreadable):
    """Valid JSON whose text is not Unicode: said apart, as a file's owner can fix it."""


def loads(text, *, text_checked=True, **options):
    """The document in `text` (str or UTF-8 bytes), or Unreadable. With `text_checked`
    false, strings are left for the caller to check part by part (is_text), so one bad part
    can be refused while the others are taken."""
    try:
        document = json.loads(text, **options)
    except RecursionError:
        raise Unreadable("nested too deeply") from None
    except ValueError as error:  # not JSON, or bytes that are not UTF-8
        raise Unreadable(str(error)) from None
    if text_checked and not is_text(document):
        raise NotUnicode("text that is not Unicode (a lone surrogate)")
    return document


def is_text(document):
    """Whether every string in the document, keys included, is Unicode text."""
    pending = [document]
    while pending:  # a loop, not recursion: the document may be nested near the limit
        value = pending.pop()
        if isinstance(value, str):
            if SURROGATE.search(value):
                return False
        elif isinstance(value, dict):
            pending.extend(value)
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return True

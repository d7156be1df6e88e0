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
# The app's own documents nest three or four levels; this leaves room and no more.
MAX_DEPTH = 32


class Unreadable(ValueError):
    pass


class NotUnicode(Unreadable):
    """Valid JSON whose text is not Unicode: said apart, as a file's owner can fix it."""


def loads(text, *, text_checked=True, max_depth=MAX_DEPTH, **options):
    """The document in `text` (str or UTF-8 bytes), or Unreadable. With `text_checked`
    false, strings are left for the caller to check part by part (is_text), so one bad part
    can be refused while the others are taken."""
    try:
        document = json.loads(text, **options)
    except RecursionError:
        raise Unreadable("nested too deeply") from None
    except ValueError as error:  # not JSON, or bytes that are not UTF-8
        raise Unreadable(str(error)) from None
    # Read near the interpreter's limit, it could still not be written back (an answer that
    # echoes a part) or walked by code that recurses: no document of ours nests deeper.
    deepest, unicode = survey(document)
    if deepest > max_depth:
        raise Unreadable("nested too deeply")
    if text_checked and not unicode:
        raise NotUnicode("text that is not Unicode (a lone surrogate)")
    return document


def survey(document):
    """How deep the document nests (0 for a lone value) and whether every string in it,
    keys included, is Unicode text. A loop, not recursion: it may nest near the limit."""
    deepest, unicode = 0, True
    pending = [(document, 0)]
    while pending:
        value, level = pending.pop()
        if isinstance(value, str):
            unicode = unicode and not SURROGATE.search(value)
        elif isinstance(value, dict | list):
            deepest = max(deepest, level + 1) if value else deepest
            items = (*value, *value.values()) if isinstance(value, dict) else value
            pending.extend((item, level + 1) for item in items)
    return deepest, unicode


def is_text(document):
    return survey(document)[1]

"""Daily reminders to check in, at the patient's own local time, only when they help.

`schedule` works out when each is due and queues it once; `sending` is the task that sends
it, by email or as a notification through `push`; `links` signs the unsubscribe links. No
message holds health data: only that it is time for the check-in, and links.
"""

"""Tasks for the reminder benchmark only: the worker's floor."""

from django.tasks import task


@task
def nothing():
    """Does no work: what the queue itself costs per task."""

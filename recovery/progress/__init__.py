"""Where the patient stands: the comparison with the relief timeline, the one vocabulary for
change, flare-ups, where the pain reaches, the dashboard, the clinician report and the
charts' series."""

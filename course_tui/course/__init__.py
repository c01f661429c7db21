"""The course content model, loading and validation. Never imports textual."""

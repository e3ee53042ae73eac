"""Q006: an interview answer relies only on what the notes part explains (issue 12.7)."""

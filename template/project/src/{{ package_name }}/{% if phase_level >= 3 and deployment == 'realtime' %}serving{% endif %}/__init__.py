"""Real-time serving: the HTTP app."""

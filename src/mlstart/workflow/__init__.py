"""Use cases: create, track and update a project; ordering and rollback, no printing."""

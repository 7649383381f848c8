"""Git and SSH: the one Git runner, identity, keys, SSH config, remotes, the checklist."""

"""pytest plugin of radontv (entry point ``pytest11``): registers the seeded hypothesis profiles."""

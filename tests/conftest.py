"""Test configuration: the seeded hypothesis profiles (choose with --hypothesis-profile=deep)."""

from radontv.testing import register_profiles

register_profiles()

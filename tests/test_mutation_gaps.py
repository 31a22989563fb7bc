"""Tests that close gaps found by mutation testing (issue 9): each asserts a value from an independent route and,
where it asserts a property, shows a deliberately wrong variant that the property rejects."""

from __future__ import annotations

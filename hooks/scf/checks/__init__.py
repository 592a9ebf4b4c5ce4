"""Checks: what a build reports to editors beyond the schema (unsafe content, the easy read lint, annotations)."""

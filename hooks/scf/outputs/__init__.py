"""Outputs: the files a build writes besides pages, each claimed in one registry of addresses and written by one writer."""

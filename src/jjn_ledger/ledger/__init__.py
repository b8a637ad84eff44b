"""Reading a society's books: where they live, how they load, and what they say.

The bottom layer. Everything here reads; nothing here writes. Layout on disk, the one loader,
the society's profile and register, chart, policy, calendar, identity codes and the vocabulary
of directive names and metadata keys.
"""

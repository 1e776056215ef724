"""English-German parallel text beyond the dictionary: Debian package extractors, cleaning, a generator."""

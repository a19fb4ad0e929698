"""copylint's built-in rule packs (data files); installed as the package `copylint_rules`."""

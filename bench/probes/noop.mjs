// Bare node running an (empty) ES module: the baseline of the import cost.

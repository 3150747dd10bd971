"""Statistics of a unit, a subtree or the province, and the periodic reports the rules require."""

"""Visit reports: what a pair of volunteers found on a visit to a custody suite."""

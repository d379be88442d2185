"""The governors' review of the six-month trial: figures from the posts, deliveries and audit log."""

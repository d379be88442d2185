"""Account hygiene the policy asks for each term: new passwords for X and Facebook, reconnecting, confirming who
may post; a daily connection check; and the policy's own review date."""

"""What comes back after posting: comments and replies on the school's posts, classified against the policy,
hidden at once when clearly abusive, and put in front of an admin otherwise."""

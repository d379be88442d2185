"""Newsflash: the school website's news feed becomes posts in Tripcast, and what Tripcast publishes becomes a
feed and a small page the website can show."""

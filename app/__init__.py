"""Tripcast: post school-trip news to X and a Facebook Page inside the school's social-media policy."""

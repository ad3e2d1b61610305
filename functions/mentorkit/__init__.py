"""mentorkit: a mentoring program in a box."""
